"""iCalendar files (RFC 5545) for events and personal partnering agendas.

What calendar programs need and this writes: CRLF line ends; content lines folded at 75
octets (a continuation line starts with one space, UTF-8 characters are never split); TEXT
values escaped (backslash, semicolon, comma, new line); every VEVENT with a globally unique
UID, a DTSTAMP, DTSTART and DTEND in UTC ("...Z", so no VTIMEZONE is needed), SEQUENCE
(raised when a meeting moves, so calendars replace the old entry) and STATUS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PRODUCT_ID = "-//GreenCluster//Events//EN"
LINE_OCTETS = 75


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One VEVENT. ``start`` and ``end`` must be time-zone aware; ``status`` is CONFIRMED,
    TENTATIVE or CANCELLED."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    status: str = "CONFIRMED"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def utc(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC form (RFC 5545 3.3.5, form #2)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a time-zone aware date-time, got {moment.isoformat()}")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """``line`` folded into pieces of at most 75 octets joined by CRLF and a space, never
    splitting a UTF-8 character (RFC 5545 3.1)."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = LINE_OCTETS - 1  # the leading space counts
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _event_lines(entry: CalendarEntry, stamp: str) -> list[str]:
    start, end = utc(entry.start), utc(entry.end)
    if entry.end <= entry.start:
        raise ValueError(f"event {entry.uid} ends before it starts")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start}",
        f"DTEND:{end}",
        f"SUMMARY:{escape_text(entry.summary)}",
        f"SEQUENCE:{entry.sequence}",
        f"STATUS:{entry.status}",
    ]
    if entry.description:
        lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
    if entry.location:
        lines.append(f"LOCATION:{escape_text(entry.location)}")
    if entry.url:
        lines.append(f"URL:{entry.url}")
    lines.append("END:VEVENT")
    return lines


def calendar_file(
    entries: Iterable[CalendarEntry], *, name: str, now: dt.datetime | None = None
) -> bytes:
    """A VCALENDAR holding ``entries``, as UTF-8 bytes with CRLF line ends. ``now`` is the
    DTSTAMP (default: the current time)."""
    stamp = utc(now or dt.datetime.now(dt.UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for entry in entries:
        lines.extend(_event_lines(entry, stamp))
    lines.append("END:VCALENDAR")
    return ("".join(fold(line) + "\r\n" for line in lines)).encode("utf-8")
