"""Runs one of the seed's clients, unchanged, against another address.

The seed's clients hard-code HOST = '127.0.0.1' and PORT = 12345 as module globals and read them
when start_client() runs, so loading the script as a module (its __main__ block does not run) and
setting the two globals first is enough.

Usage: python3 -u run_client.py chat_client_v3.py 127.0.0.1 40123
"""
import importlib.util
import sys

script, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
spec = importlib.util.spec_from_file_location("seed_client", script)
client = importlib.util.module_from_spec(spec)
spec.loader.exec_module(client)
client.HOST = host
client.PORT = port
client.start_client()
