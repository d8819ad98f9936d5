"""Benchmark 4, Python: TCP bulk transfer on loopback, 64 KiB sendall() calls against a
receiver (a child process) doing 64 KiB recv_into() calls, MB/s (10^6 bytes a second) from
the first send to the receiver's one-byte answer after it has read everything."""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from measure import bench_seconds, report, run_batches  # noqa: E402

CHUNK = 64 * 1024


def receive_all(listener):
    conn, _ = listener.accept()
    buffer = bytearray(CHUNK)
    while conn.recv_into(buffer, CHUNK) > 0:
        pass
    conn.sendall(b"k")
    conn.close()


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# Bounds the child's wait in accept/recv if this process fails (accepted sockets inherit
# it). SO_RCVTIMEO rather than settimeout(), which would make Python poll() before every call.
listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", 5, 0))
listener.bind(("127.0.0.1", 0))
listener.listen(1)
pid = os.fork()
if pid == 0:
    try:
        receive_all(listener)
    finally:
        os._exit(0)
address = listener.getsockname()
listener.close()

sender = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sender.connect(address)
buffer = b"x" * CHUNK  # as in every implementation


def send_chunks(n):
    for _ in range(n):
        sender.sendall(buffer)


start = time.perf_counter_ns()
ops, _ = run_batches(bench_seconds(), 16, send_chunks)
sender.shutdown(socket.SHUT_WR)
sender.recv(1)
elapsed = time.perf_counter_ns() - start
report(ops * CHUNK / elapsed * 1e3, "MB/s")
sender.close()
os.waitpid(pid, 0)
