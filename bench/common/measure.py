"""Timing for the Python scripts of bench/, the same as bench/common/bench.h and
measure.ts: a warm-up, then batches of the operation until BENCH_SECONDS have passed,
then one JSON line on stdout that bench/run.ts reads."""
import json
import os
import sys
import time


def bench_seconds():
    """How long one measurement lasts: BENCH_SECONDS (set by the runner), 0.25 s by default."""
    try:
        seconds = float(os.environ.get("BENCH_SECONDS", "0.25"))
    except ValueError:
        seconds = 0.25
    return seconds if seconds > 0 else 0.25


def run_batches(seconds, n, batch):
    """Calls batch(n) (n operations) until `seconds` have passed; returns (ops, ns)."""
    ops = 0
    start = time.perf_counter_ns()
    limit = int(seconds * 1e9)
    while True:
        batch(n)
        ops += n
        elapsed = time.perf_counter_ns() - start
        if elapsed >= limit:
            return ops, elapsed


def measure(n, batch):
    """A warm-up of a fifth of the time, then the measured batches; returns (ops, ns)."""
    run_batches(bench_seconds() / 5, n, batch)
    return run_batches(bench_seconds(), n, batch)


def report(value, unit):
    sys.stdout.write(json.dumps({"value": value, "unit": unit}) + "\n")
    sys.stdout.flush()
