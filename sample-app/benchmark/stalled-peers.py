"""Stalled peers for the broadcast scenario, started by bench.mjs.

Usage: python3 stalled-peers.py <port> <path> <count> [stomp]

Opens <count> WebSocket connections to 127.0.0.1:<port><path> that complete the handshake and then
never read again. Each socket has a 4 KB receive buffer and announces 1460-byte segments, as over
Ethernet: on loopback, with its 64 KB segments, Linux would size the server's send buffer towards each
peer at about 4 MB, enough to hide a stalled peer for many seconds. Prints "ready <handshakes completed>"
and closes every connection when its standard input closes. With "stomp", each offers the sub-protocol
v12.stomp and, after the handshake, sends a STOMP CONNECT and a SUBSCRIBE to /topic/bench before it
stops reading.
"""
import base64
import os
import socket
import struct
import sys

port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
stomp = len(sys.argv) > 4 and sys.argv[4] == "stomp"


def text_frame(text):
    """A masked text frame, as a client must send it."""
    payload = text.encode()
    mask = os.urandom(4)
    head = bytes([0x81])
    if len(payload) < 126:
        head += bytes([0x80 | len(payload)])
    else:
        head += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


sockets = []
completed = 0
for _ in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 1460)
    s.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
               + ("Sec-WebSocket-Protocol: v12.stomp\r\n" if stomp else "") + "\r\n").encode())
    head = b""
    # One byte at a time, so that nothing after the handshake's response is read.
    while not head.endswith(b"\r\n\r\n"):
        byte = s.recv(1)
        if not byte:
            break
        head += byte
    completed += head.startswith(b"HTTP/1.1 101")
    if stomp and head.startswith(b"HTTP/1.1 101"):
        s.sendall(text_frame("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\n\n\0"))
        s.sendall(text_frame("SUBSCRIBE\nid:sub-0\ndestination:/topic/bench\n\n\0"))
    sockets.append(s)
print(f"ready {completed}", flush=True)
sys.stdin.read()
for s in sockets:
    s.close()
