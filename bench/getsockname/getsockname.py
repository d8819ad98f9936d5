"""Benchmark 1, Python: socket.getsockname() on a bound UDP socket, nanoseconds per call."""
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from measure import measure, report  # noqa: E402

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))


def call_getsockname(n):
    for _ in range(n):
        udp.getsockname()


ops, ns = measure(1000, call_getsockname)
report(ns / ops, "ns/call")
udp.close()
