"""Benchmark 2, Python: socket.sendto() of 16-byte datagrams to a bound socket that never
reads, nanoseconds per call. The receiver's queue fills and Linux drops the rest there (see
sendto.c); sendto returns 16 all along."""
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from measure import measure, report  # noqa: E402

receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
receiver.bind(("127.0.0.1", 0))
dest = receiver.getsockname()
sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
payload = bytes(16)


def call_sendto(n):
    for _ in range(n):
        sender.sendto(payload, dest)


ops, ns = measure(1000, call_sendto)
report(ns / ops, "ns/call")
sender.close()
receiver.close()
