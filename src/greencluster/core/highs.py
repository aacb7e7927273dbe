"""One way to make a HiGHS instance: silent, with time limit, thread count and seed.

highspy prints a start-up banner ("Running HiGHS ...") on the process's stdout the first time
an instance is made with logging on. That would corrupt the JSON or CSV a CLI command writes
to stdout and end up in the web server's log, so the first instance is made with file
descriptor 1 pointed at ``/dev/null``. The Python-level callbacks highspy installs are
switched off: nothing here uses them, and they would take the interpreter lock during a solve.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import highspy

_banner_lock = threading.Lock()
_banner_done = False


def new_highs(
    *, time_limit_s: float | None = None, threads: int = 1, seed: int = 0
) -> highspy.Highs:
    """A HiGHS instance with logging off; ``time_limit_s=None`` means no time limit."""
    import highspy

    global _banner_done
    with _banner_lock:
        if _banner_done:
            highs = highspy.Highs()  # type: ignore[no-untyped-call]
        else:
            highs = _without_stdout(highspy.Highs)
            _banner_done = True
    highs.disableCallbacks()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    if time_limit_s is not None:
        highs.setOptionValue("time_limit", float(time_limit_s))
    highs.setOptionValue("threads", int(threads))
    highs.setOptionValue("random_seed", int(seed))
    return highs


def _without_stdout(make: type[highspy.Highs]) -> highspy.Highs:
    """``make()`` with file descriptor 1 sent to /dev/null (the banner is written in C++, so
    replacing ``sys.stdout`` would not catch it)."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        return make()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
