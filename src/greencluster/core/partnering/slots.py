"""Time slots of a partnering day and who is available in which.

Slots are numbered 1..n like the scheduler's; slot ``s`` starts ``(s - 1) × slot_minutes``
after the first meeting starts. A participant is available in a slot that lies wholly between
their arrival and departure (when given), is not one they blocked and is not an event-wide
break.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def slot_start(first_start: dt.datetime, slot_minutes: int, slot: int) -> dt.datetime:
    return first_start + dt.timedelta(minutes=slot_minutes * (slot - 1))


def slot_end(first_start: dt.datetime, slot_minutes: int, slot: int) -> dt.datetime:
    return slot_start(first_start, slot_minutes, slot + 1)


def available_slots(
    *,
    slot_count: int,
    first_start: dt.datetime,
    slot_minutes: int,
    arrives_at: dt.datetime | None = None,
    leaves_at: dt.datetime | None = None,
    blocked: Iterable[int] = (),
    breaks: Iterable[int] = (),
) -> frozenset[int]:
    """Slots (1-based) in which the participant can meet."""
    closed = set(blocked) | set(breaks)
    free = set()
    for s in range(1, slot_count + 1):
        if s in closed:
            continue
        if arrives_at is not None and slot_start(first_start, slot_minutes, s) < arrives_at:
            continue
        if leaves_at is not None and slot_end(first_start, slot_minutes, s) > leaves_at:
            continue
        free.add(s)
    return frozenset(free)
