"""The funder report as PDF: a small PDF 1.4 writer (text in Helvetica, line charts drawn
with path operators), so that no PDF library is needed. A4 portrait, points (1/72 in).

Text is encoded as WinAnsi (cp1252), which covers the Nordic and Baltic letters of member
and cluster names (ä, ö, å, ø, æ, õ, ü, š, ž); anything else is replaced by '?'.
"""

from __future__ import annotations

from typing import Any

from greencluster.web.impact.exports import FunderReport, _cell

WIDTH, HEIGHT = 595, 842
MARGIN = 50
LINE = 13


def _text(s: str) -> str:
    raw = s.encode("cp1252", errors="replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _fmt(value: Any) -> str:
    value = _cell(value)
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    return str(value)


class _Pages:
    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]
        self.y = HEIGHT - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.pages.append([])
            self.y = HEIGHT - MARGIN

    def line(self, text: str, *, size: int = 9, bold: bool = False, indent: int = 0) -> None:
        self.need(LINE)
        font = "F2" if bold else "F1"
        self.pages[-1].append(
            f"BT /{font} {size} Tf {MARGIN + indent} {self.y:.1f} Td ({_text(text[:110])}) Tj ET"
        )
        self.y -= LINE + (size - 9)

    def chart(self, title: str, points: list[Any]) -> None:
        height, width = 160.0, WIDTH - 2 * MARGIN - 40
        self.need(height + 40)
        self.line(title, bold=True)
        values = [p.path for p in points] + [p.actual for p in points if p.actual is not None]
        low, high = min(values), max(values)
        span = (high - low) or abs(high) or 1.0
        low, high = low - 0.1 * span, high + 0.1 * span
        x0, y0 = MARGIN + 40, self.y - height
        step = width / max(len(points) - 1, 1)

        def xy(i: int, v: float) -> str:
            return f"{x0 + i * step:.1f} {y0 + (v - low) / (high - low) * height:.1f}"

        ops = [f"0.6 G 0.5 w {x0} {y0} m {x0 + width} {y0} l {x0} {y0} m {x0} {y0 + height} l S"]
        ops.append("0.2 0.6 0.2 RG 1 w [4 3] 0 d")
        ops.append(
            " ".join(f"{xy(i, p.path)} {'m' if i == 0 else 'l'}" for i, p in enumerate(points))
            + " S [] 0 d"
        )
        actual = [(i, p.actual) for i, p in enumerate(points) if p.actual is not None]
        if actual:
            ops.append("0.1 0.3 0.7 RG 1.5 w")
            ops.append(
                " ".join(f"{xy(i, v)} {'m' if n == 0 else 'l'}" for n, (i, v) in enumerate(actual))
                + " S"
            )
        for i, p in enumerate(points):
            ops.append(f"BT /F1 7 Tf {x0 + i * step - 8:.1f} {y0 - 10:.1f} Td ({p.year}) Tj ET")
        for v in (low, high):
            label = _text(f"{v:,.0f}")
            ops.append(f"BT /F1 7 Tf {MARGIN} {xy(0, v).split()[1]} Td ({label}) Tj ET")
        ops.append(
            f"BT /F1 7 Tf {x0} {y0 + height + 4:.1f} Td (dashed: straight path to the goal; "
            "solid: actual aggregate) Tj ET"
        )
        self.pages[-1].extend(ops)
        self.y = y0 - 24


def funder_pdf(report: FunderReport) -> bytes:
    pages = _Pages()
    pages.line(f"{report.cluster.name}: funder report {report.year}", size=14, bold=True)
    pages.line("Figures are cluster aggregates; none is shown for fewer members than the")
    pages.line("minimum group size. Every CO2 figure can be traced to its factor rows in the app.")
    pages.y -= 6
    for title, rows in report.sections():
        pages.y -= 4
        pages.line(title, size=11, bold=True)
        header, *body = rows
        pages.line(" | ".join(str(h) for h in header), bold=True)
        for row in body:
            pages.line(" | ".join(_fmt(v) for v in row), indent=6)
    for gv in report.goals:
        if gv.points:
            pages.y -= 8
            pages.chart(gv.goal.title, gv.points)
    return _assemble(pages.pages)


def _assemble(pages: list[list[str]]) -> bytes:
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # placeholder, filled below
    tree = add(b"")
    regular = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    kids = []
    for ops in pages:
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                % (tree, WIDTH, HEIGHT, content, regular, bold)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)
