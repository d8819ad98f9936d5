"""Benchmark 5, Python: socket.getaddrinfo('localhost', None, AF_UNSPEC, SOCK_STREAM),
calls per second."""
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from measure import measure, report  # noqa: E402


def call_getaddrinfo(n):
    for _ in range(n):
        socket.getaddrinfo("localhost", None, socket.AF_UNSPEC, socket.SOCK_STREAM)


ops, ns = measure(20, call_getaddrinfo)
report(ops * 1e9 / ns, "calls/s")
