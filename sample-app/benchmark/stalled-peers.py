"""Stalled peers for the broadcast scenario, started by bench.mjs.

Usage: python3 stalled-peers.py <port> <path> <count>

Opens <count> WebSocket connections to 127.0.0.1:<port><path> that complete the handshake and then
never read again. Each socket has a 4 KB receive buffer and announces 1460-byte segments, as over
Ethernet: on loopback, with its 64 KB segments, Linux would size the server's send buffer towards each
peer at about 4 MB, enough to hide a stalled peer for many seconds. Prints "ready <handshakes completed>"
and closes every connection when its standard input closes.
"""
import base64
import os
import socket
import sys

port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
sockets = []
completed = 0
for _ in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 1460)
    s.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    # One byte at a time, so that nothing after the handshake's response is read.
    while not head.endswith(b"\r\n\r\n"):
        byte = s.recv(1)
        if not byte:
            break
        head += byte
    completed += head.startswith(b"HTTP/1.1 101")
    sockets.append(s)
print(f"ready {completed}", flush=True)
sys.stdin.read()
for s in sockets:
    s.close()
