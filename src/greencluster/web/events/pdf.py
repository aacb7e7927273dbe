"""A participant's agenda as PDF (fpdf2): the event, then one line per meeting with time,
table and partners, in the event's time zone.

Helvetica with the WinAnsi (cp1252) encoding covers the Nordic and Baltic letters of names
(ä, ö, å, ø, æ, õ, ü, š, ž); anything else is written as '?'. Content streams are left
uncompressed so that the text can be searched in the file itself.
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF

from greencluster.web.events.models import Event, Meeting, Registration

MARGIN = 50
GREEN = (27, 127, 75)


def _text(value: object) -> str:
    return str(value).encode("cp1252", errors="replace").decode("cp1252")


class _Agenda(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="pt", format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.set_compression(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)

    def write_line(
        self, text: str, *, size: int = 10, bold: bool = False, colour: tuple[int, ...] = (0, 0, 0)
    ) -> None:
        self.set_font("Helvetica", "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size + 4, _text(text), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)


def agenda_pdf(event: Event, me: Registration, meetings: list[Meeting]) -> bytes:
    zone = event.zone
    doc = _Agenda()
    doc.add_page()
    doc.write_line(event.title, size=16, bold=True, colour=GREEN)
    start = event.starts_at.astimezone(zone)
    end = event.ends_at.astimezone(zone)
    doc.write_line(
        f"{formats.date_format(start, 'DATE_FORMAT')} {start:%H:%M}–"
        f"{formats.date_format(end, 'DATE_FORMAT') + ' ' if end.date() != start.date() else ''}"
        f"{end:%H:%M} ({event.time_zone})"
    )
    place = (
        _("Online") if event.is_online else ", ".join(p for p in (event.venue, event.address) if p)
    )
    if place:
        doc.write_line(place)
    doc.ln(6)
    doc.write_line(_("Agenda of %(name)s") % {"name": str(me)}, size=12, bold=True)
    scheduled = [m for m in meetings if m.slot is not None]
    if not scheduled:
        doc.write_line(_("No meetings scheduled yet."))
    for meeting in scheduled:
        assert meeting.slot is not None
        begins = event.slot_start(meeting.slot).astimezone(zone)
        ends = event.slot_end(meeting.slot).astimezone(zone)
        partners = "; ".join(str(p) for p in meeting.participants.all() if p.pk != me.pk)
        doc.write_line(
            f"{begins:%H:%M}–{ends:%H:%M}   " + _("Table %(table)s") % {"table": meeting.table},
            bold=True,
        )
        doc.write_line(partners)
        doc.ln(3)
    waiting = [m for m in meetings if m.slot is None]
    if waiting:
        doc.ln(4)
        doc.write_line(_("Accepted, not yet scheduled"), bold=True)
        for meeting in waiting:
            doc.write_line("; ".join(str(p) for p in meeting.participants.all() if p.pk != me.pk))
    return bytes(doc.output())
