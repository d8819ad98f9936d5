"""Benchmark 3, Python: UDP ping-pong on loopback, round trips per second. The client sends a
16-byte datagram with sendto() and waits for it with recv(); the echo server, a child
process, answers with recvfrom() + sendto(). A 1-byte datagram stops the server."""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from measure import measure, report  # noqa: E402

PING = bytes(16)


def set_timeout(sock):
    """Bounds a wait for a datagram that will not come (the other side died). SO_RCVTIMEO
    rather than settimeout(), which would make Python poll() before every call."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", 5, 0))


def echo(server):
    while True:
        data, peer = server.recvfrom(64)
        if len(data) <= 1:
            break
        server.sendto(data, peer)


server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
set_timeout(server)
server.bind(("127.0.0.1", 0))
address = server.getsockname()
pid = os.fork()
if pid == 0:
    try:
        echo(server)
    finally:
        os._exit(0)
server.close()

client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
set_timeout(client)


def ping(n):
    for _ in range(n):
        client.sendto(PING, address)
        client.recv(64)


ops, ns = measure(100, ping)
client.sendto(b"q", address)
report(ops * 1e9 / ns, "round trips/s")
client.close()
os.waitpid(pid, 0)
