"""The funder report as PDF (fpdf2, as the heat report): A4 portrait, in points (1/72 in).

Text is in Helvetica with the WinAnsi (cp1252) encoding, which covers the Nordic and Baltic
letters of member and cluster names (ä, ö, å, ø, æ, õ, ü, š, ž); anything else is written
as '?'. Goal charts reuse the dashboard's geometry (``selectors.progress_chart``), scaled to
the page. Content streams are left uncompressed so that the report's text can be searched
in the file itself.
"""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from greencluster.web.impact.exports import FunderReport, _cell

MARGIN = 50
LINE = 13
PATH_RGB = (51, 153, 51)
ACTUAL_RGB = (26, 77, 179)
AXIS_GREY = 153


def _text(s: str) -> str:
    return s.encode("cp1252", errors="replace").decode("cp1252")


def _fmt(value: Any) -> str:
    value = _cell(value)
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    return str(value)


class _Document(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="pt", format="A4")
        self.pdf_version = "1.4"
        self.core_fonts_encoding = "windows-1252"
        self.set_compression(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)

    def line_of_text(
        self, text: str, *, size: int = 9, bold: bool = False, indent: int = 0
    ) -> None:
        self.set_font("Helvetica", "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, LINE + size - 9, _text(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def chart(self, title: str, geometry: dict[str, Any]) -> None:
        """A goal's chart from :func:`selectors.progress_chart` coordinates (y down)."""
        scale = self.epw / geometry["width"]
        if self.will_page_break(LINE + geometry["height"] * scale + LINE):
            self.add_page()
        self.line_of_text(title, bold=True)
        x0, y0 = self.l_margin, self.get_y()

        def at(x: float, y: float) -> tuple[float, float]:
            return x0 + x * scale, y0 + y * scale

        left, right = geometry["left"], geometry["right"]
        top, bottom = geometry["top"], geometry["bottom"]
        self.set_draw_color(AXIS_GREY)
        self.set_line_width(0.5)
        self.line(*at(left, bottom), *at(right, bottom))
        self.line(*at(left, top), *at(left, bottom))
        self.set_draw_color(*PATH_RGB)
        self.set_line_width(1)
        self.set_dash_pattern(dash=4, gap=3)
        self.polyline([at(x, y) for x, y in geometry["path_points"]])
        self.set_dash_pattern()
        self.set_draw_color(*ACTUAL_RGB)
        self.set_fill_color(*ACTUAL_RGB)
        self.set_line_width(1.5)
        if len(geometry["actual_points"]) > 1:
            self.polyline([at(x, y) for x, y in geometry["actual_points"]])
        for dot in geometry["dots"]:
            x, y = at(dot["x"], dot["y"])
            self.circle(x, y, 2, style="F")
        self.set_font("Helvetica", "", 7)
        for tick in geometry["ticks"]:
            x, y = at(tick["x"], bottom)
            label = str(tick["label"])
            self.text(x - self.get_string_width(label) / 2, y + 10, label)
        for tick in geometry["y_ticks"]:
            x, y = at(left, tick["y"])
            label = _text(tick["label"])
            self.text(x - 4 - self.get_string_width(label), y + 2.5, label)
        self.text(
            x0 + left * scale,
            y0 + top * scale - 3,
            "dashed: straight path to the goal; solid: actual aggregate",
        )
        self.set_draw_color(0)
        self.set_line_width(0.2)
        self.set_y(y0 + geometry["height"] * scale + 8)


def funder_pdf(report: FunderReport) -> bytes:
    doc = _Document()
    doc.add_page()
    doc.line_of_text(f"{report.cluster.name}: funder report {report.year}", size=14, bold=True)
    doc.line_of_text("Figures are cluster aggregates; none is shown for fewer members than the")
    doc.line_of_text(
        "minimum group size. Every CO2 figure can be traced to its factor rows in the app."
    )
    doc.ln(6)
    for title, rows in report.sections():
        doc.ln(4)
        doc.line_of_text(title, size=11, bold=True)
        header, *body = rows
        doc.line_of_text(" | ".join(str(h) for h in header), bold=True)
        for row in body:
            doc.line_of_text(" | ".join(_fmt(v) for v in row), indent=6)
    for gv in report.goals:
        if gv.points:
            doc.ln(8)
            doc.chart(gv.goal.title, gv.chart)
    return bytes(doc.output())
