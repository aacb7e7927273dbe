"""Calendar files of the events app: one per event, one per participant's agenda (the event
plus each scheduled meeting). UIDs are stable (``event-<id>@host``, ``meeting-<id>@host``) so
that a downloaded agenda replaces the earlier one in the calendar; a moved meeting carries a
higher SEQUENCE."""

from __future__ import annotations

from django.utils.translation import gettext as _

from greencluster.core.partnering import CalendarEntry, calendar_file
from greencluster.web.events.models import Event, Meeting, Registration


def _location(event: Event) -> str:
    if event.is_online:
        return _("Online")
    return ", ".join(part for part in (event.venue, event.address) if part)


def event_entry(event: Event, *, host: str, url: str = "") -> CalendarEntry:
    return CalendarEntry(
        uid=f"event-{event.pk}@{host}",
        start=event.starts_at,
        end=event.ends_at,
        summary=event.title,
        description="\n\n".join(part for part in (event.summary, event.programme) if part),
        location=_location(event),
        url=url,
        status="CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED",
    )


def meeting_entry(meeting: Meeting, me: Registration, *, host: str, url: str = "") -> CalendarEntry:
    event = meeting.event
    assert meeting.slot is not None
    partners = [p for p in meeting.participants.all() if p.pk != me.pk]
    names = "; ".join(str(p) for p in partners)
    request = meeting.request
    description = _("Meeting with %(names)s") % {"names": names}
    if request is not None and request.message:
        description += f"\n\n{request.message}"
    return CalendarEntry(
        uid=f"meeting-{meeting.pk}@{host}",
        start=event.slot_start(meeting.slot),
        end=event.slot_end(meeting.slot),
        summary=_("Meeting: %(names)s") % {"names": names},
        description=description,
        location=_("Table %(table)s, %(place)s")
        % {"table": meeting.table, "place": _location(event)},
        url=url,
        sequence=meeting.sequence,
        status="CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED",
    )


def event_calendar(event: Event, *, host: str, url: str = "") -> bytes:
    return calendar_file([event_entry(event, host=host, url=url)], name=event.title)


def agenda_calendar(
    event: Event, me: Registration, meetings: list[Meeting], *, host: str, url: str = ""
) -> bytes:
    entries = [event_entry(event, host=host, url=url)]
    entries.extend(meeting_entry(m, me, host=host, url=url) for m in meetings if m.slot is not None)
    return calendar_file(entries, name=f"{event.title}: {me.name}")
