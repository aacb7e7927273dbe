"""Calendar files follow RFC 5545: CRLF, 75-octet folding without split characters,
escaped text, UTC times, UID and DTSTAMP on every event."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.partnering.ical import CalendarEntry, calendar_file, escape_text, fold

HELSINKI = ZoneInfo("Europe/Helsinki")


def unfold(data: bytes) -> list[str]:
    """Content lines of an iCalendar file (RFC 5545 3.1 unfolding)."""
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def entry(**fields) -> CalendarEntry:
    values = {
        "uid": "meeting-7@example.org",
        "start": dt.datetime(2026, 3, 29, 2, 30, tzinfo=HELSINKI),
        "end": dt.datetime(2026, 3, 29, 4, 0, tzinfo=HELSINKI),
        "summary": "Tapaaminen: Kuortaneen Lämpö Oy; Ähtärin Metsälämpö, Sillamäe Metall OÜ",
        "description": "Rivi 1\nRivi 2, \\ ja ; merkit " + "å" * 80,
        "location": "Pöytä 3, Seinäjoki",
    }
    values.update(fields)
    return CalendarEntry(**values)


def test_calendar_has_the_required_properties_in_utc():
    data = calendar_file(
        [entry()], name="Agenda", now=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    )
    lines = unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    props = dict(
        line.split(":", 1)
        for line in lines[lines.index("BEGIN:VEVENT") + 1 : lines.index("END:VEVENT")]
    )
    assert props["UID"] == "meeting-7@example.org"
    assert props["DTSTAMP"] == "20260102T030405Z"
    # 02:30 on the night clocks go forward in Helsinki is 00:30 UTC (EET, UTC+2).
    assert props["DTSTART"] == "20260329T003000Z"
    assert props["DTEND"] == "20260329T010000Z"
    assert unescape(props["SUMMARY"]) == entry().summary
    assert unescape(props["DESCRIPTION"]) == entry().description
    assert props["STATUS"] == "CONFIRMED" and props["SEQUENCE"] == "0"


def test_every_physical_line_is_at_most_75_octets_and_valid_utf8():
    data = calendar_file([entry(summary="Ä" * 200)], name="x")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character is split across lines


@given(st.text(min_size=0, max_size=400))
def test_folding_and_escaping_round_trip(text):
    line = "SUMMARY:" + escape_text(text)
    folded = fold(line)
    for physical in folded.encode("utf-8").split(b"\r\n"):
        assert len(physical) <= 75
    assert unescape(folded.replace("\r\n ", "")[len("SUMMARY:") :]) == text.replace(
        "\r\n", "\n"
    ).replace("\r", "\n")


def test_naive_times_and_reversed_events_are_refused():
    with pytest.raises(ValueError, match="aware"):
        calendar_file([entry(start=dt.datetime(2026, 1, 1, 9))], name="x")
    with pytest.raises(ValueError, match="ends before"):
        calendar_file([entry(end=entry().start)], name="x")
