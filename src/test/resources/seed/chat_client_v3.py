import socket
import threading
import json

HOST = '127.0.0.1'
PORT = 12345

# 接收消息
def receive_messages(client_socket):
    while True:
        try:
            message = client_socket.recv(1024).decode('utf-8')
            if message:
                message_data = json.loads(message)
                if message_data["type"] == "notification":
                    print(f"[SYSTEM] {message_data['content']}")
                elif message_data["type"] == "private_message":
                    print(f"[Private from {message_data['username']}] {message_data['content']}")
                else:
                    print(f"[{message_data['username']}] {message_data['content']}")
        except:
            print("An error occurred.")
            client_socket.close()
            break

# 发送消息
def send_messages(client_socket, username):
    while True:
        message = input("")
        if message.startswith("/w"):  # 私聊
            parts = message.split(" ", 2)
            if len(parts) < 3:
                print("Invalid private message format. Use: /w <username> <message>")
            else:
                recipient_username = parts[1]
                content = parts[2]
                message_data = {
                    "type": "private_message",
                    "username": username,
                    "content": content,
                    "recipient": recipient_username
                }
                client_socket.send(json.dumps(message_data).encode('utf-8'))
        else:
            message_data = {
                "type": "message",
                "username": username,
                "content": message
            }
            client_socket.send(json.dumps(message_data).encode('utf-8'))

# 连接服务器
def start_client():
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client.connect((HOST, PORT))
    
    # 启动接收消息线程
    receive_thread = threading.Thread(target=receive_messages, args=(client,))
    receive_thread.start()
    
    # 输入用户名并发送给服务器
    username = input("Enter your username: ")
    client.send(json.dumps({"type": "username", "content": username}).encode('utf-8'))

    # 启动发送消息线程
    send_thread = threading.Thread(target=send_messages, args=(client, username))
    send_thread.start()

if __name__ == "__main__":
    start_client()
