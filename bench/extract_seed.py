"""Extracts the seed's VERSION 3.0 server (the first python block after the "## VERSION 3.0"
heading of the seed document) and writes it with its port replaced.

usage: python3 extract_seed.py SEED_DOC OUT_PY PORT
"""
import re
import sys

doc, out, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(doc, encoding="utf-8").read()
section = text[text.index("## VERSION 3.0"):]
code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
if "server.bind" not in code:
    sys.exit("the first python block of VERSION 3.0 is not the server")
code, n = re.subn(r"^PORT = \d+", f"PORT = {port}", code, flags=re.M)
if n != 1 or "HOST = '127.0.0.1'" not in code:
    sys.exit("could not find HOST/PORT in the seed server")
# the seed prints a line per connection; keep it (it is part of what the seed costs)
open(out, "w", encoding="utf-8").write(code)
