"""Small helpers for benchmarks: run a contender in a fresh process and measure wall time and
peak resident memory, so that one contender's memory does not count against another."""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Measured:
    value: Any
    seconds: float
    peak_rss_mib: float


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    start = time.perf_counter()
    value = fn(*args)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    conn.send((value, seconds, peak_kib / 1024))
    conn.close()


def measure_in_process(fn: Callable[..., Any], *args: Any) -> Measured:
    """Run ``fn(*args)`` in a fresh spawned process; ``fn`` must be importable (top level).

    The peak RSS includes the interpreter and imports of that process (about 30-100 MiB) and
    whatever ``fn`` builds, including its input if it generates it.
    """
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args))
    proc.start()
    child.close()
    value, seconds, peak = parent.recv()
    proc.join()
    if proc.exitcode != 0:
        raise RuntimeError(f"benchmark process failed with exit code {proc.exitcode}")
    return Measured(value, seconds, peak)
