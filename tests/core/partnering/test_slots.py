from __future__ import annotations

import datetime as dt

from greencluster.core.partnering import available_slots, slot_end, slot_start
from greencluster.core.partnering.cooperation import cooperation_codes, cooperation_label

START = dt.datetime(2026, 5, 6, 7, 0, tzinfo=dt.UTC)


def test_slot_times():
    assert slot_start(START, 20, 1) == START
    assert slot_end(START, 20, 3) == START + dt.timedelta(minutes=60)


def test_availability_from_arrival_departure_blocks_and_breaks():
    free = available_slots(
        slot_count=8,
        first_start=START,
        slot_minutes=30,
        arrives_at=START + dt.timedelta(minutes=40),  # misses slots 1 and 2 (2 began at :30)
        leaves_at=START + dt.timedelta(hours=3, minutes=15),  # slot 7 ends at 3:30
        blocked=[4],
        breaks=[5],
    )
    assert free == {3, 6}


def test_cooperation_types_follow_the_een_list_in_six_languages():
    codes = cooperation_codes()
    assert {"commercial", "technical", "research", "investment"} <= set(codes)
    assert cooperation_label("research", "en") == "Research and development cooperation agreement"
    assert cooperation_label("commercial", "fi") == "Kaupallinen sopimus"
    assert cooperation_label("unknown", "fi") == "unknown"
