import socket
import threading

# 服务器地址和端口
HOST = '127.0.0.1'  
PORT = 12345         

# 从服务器接收消息
def receive_messages(client_socket):
    while True:
        try:
            message = client_socket.recv(1024).decode('utf-8')
            if message:
                print(message)
        except:
            print("An error occurred.")
            client_socket.close()
            break

# 发送消息到服务器
def send_messages(client_socket):
    while True:
        message = input("")
        client_socket.send(message.encode('utf-8'))

# 连接服务器
def start_client():
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client.connect((HOST, PORT))
    
    # 启动两个线程，一个用于接收消息，一个用于发送消息
    receive_thread = threading.Thread(target=receive_messages, args=(client,))
    send_thread = threading.Thread(target=send_messages, args=(client,))
    
    receive_thread.start()
    send_thread.start()

if __name__ == "__main__":
    start_client()
