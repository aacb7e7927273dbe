"""Server-rendered SVG charts of an evaluation: yearly cash flow and the sensitivity tornado.

Plain SVG (no script), so that pages work without JavaScript and the markup can be tested."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
POSITIVE, NEGATIVE, LINE = "#1b7f4b", "#b3392f", "#2b5fa8"


def _eur_k(value: float) -> str:
    return f"{value / 1000:,.0f} k€".replace(",", "\u00a0")


def _svg(body: list[str], title: str, height: int = HEIGHT) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" class="chart" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
    # every text in the body is escaped above
    return mark_safe(head + "".join(body) + "</svg>")


def cash_flow_chart(cash_flow: Sequence[dict[str, Any]], title: str) -> SafeString:
    """Bars of the project cash flow per year and a line of the cumulative cash flow."""
    flows = [float(y["project_cash_flow_eur"] or 0.0) for y in cash_flow]
    cumulative = [float(y["cumulative_project_eur"] or 0.0) for y in cash_flow]
    if not flows:
        return _svg([], title)
    top = max([0.0, *flows, *cumulative])
    bottom = min([0.0, *flows, *cumulative])
    span = (top - bottom) or 1.0
    left, right, pad_top, pad_bottom = 70, 10, 10, 30
    plot_h = HEIGHT - pad_top - pad_bottom
    step = (WIDTH - left - right) / len(flows)

    def y_of(value: float) -> float:
        return pad_top + (top - value) / span * plot_h

    body = [
        f'<line x1="{left}" x2="{WIDTH - right}" y1="{y_of(0):.1f}" y2="{y_of(0):.1f}" '
        'stroke="#888" stroke-width="1"/>',
        f'<text x="{left - 6}" y="{y_of(top) + 4:.1f}" text-anchor="end" font-size="11">'
        f"{escape(_eur_k(top))}</text>",
        f'<text x="{left - 6}" y="{y_of(bottom) + 4:.1f}" text-anchor="end" font-size="11">'
        f"{escape(_eur_k(bottom))}</text>",
    ]
    for i, (year, flow) in enumerate(zip(cash_flow, flows, strict=True)):
        x = left + i * step + step * 0.15
        y0, y1 = sorted((y_of(0), y_of(flow)))
        colour = POSITIVE if flow >= 0 else NEGATIVE
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{y0:.1f}" width="{step * 0.7:.1f}" '
            f'height="{max(y1 - y0, 0.5):.1f}" fill="{colour}">'
            f"<title>{int(year['year'])}: {escape(_eur_k(flow))}</title></rect>"
        )
        if len(flows) <= 20 or i % 5 == 0:
            body.append(
                f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - 12}" text-anchor="middle" '
                f'font-size="10">{int(year["year"])}</text>'
            )
    points = " ".join(
        f"{left + (i + 0.5) * step:.1f},{y_of(c):.1f}" for i, c in enumerate(cumulative)
    )
    body.append(
        f'<polyline class="cumulative" points="{points}" fill="none" stroke="{LINE}" '
        'stroke-width="2"/>'
    )
    return _svg(body, title)


def tornado_chart(bars: Sequence[dict[str, Any]], labels: dict[str, str], title: str) -> SafeString:
    """Horizontal bars of NPV at -Δ and +Δ of each parameter around the base NPV."""
    rows = [b for b in bars if b["npv_low_eur"] is not None and b["npv_high_eur"] is not None]
    height = 40 + 34 * max(len(rows), 1)
    if not rows:
        return _svg([], title, height)
    base = float(rows[0]["npv_base_eur"] or 0.0)
    values = (
        [base] + [float(b["npv_low_eur"]) for b in rows] + [float(b["npv_high_eur"]) for b in rows]
    )
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    left, right = 170, 20

    def x_of(value: float) -> float:
        return left + (value - low) / span * (WIDTH - left - right)

    body = []
    for i, bar in enumerate(rows):
        y = 20 + i * 34
        name = labels.get(bar["parameter"], bar["parameter"])
        body.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="12">'
            f"{escape(name)} ±{float(bar['delta_pct']):g} %</text>"
        )
        for value, sign in ((float(bar["npv_low_eur"]), "-"), (float(bar["npv_high_eur"]), "+")):
            x0, x1 = sorted((x_of(base), x_of(value)))
            colour = POSITIVE if value >= base else NEGATIVE
            body.append(
                f'<rect class="bar" x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 0.5):.1f}" '
                f'height="20" fill="{colour}"><title>{escape(name)} {sign}'
                f"{float(bar['delta_pct']):g} %: NPV {escape(_eur_k(value))}</title></rect>"
            )
    body.append(
        f'<line x1="{x_of(base):.1f}" x2="{x_of(base):.1f}" y1="10" y2="{height - 20}" '
        'stroke="#333" stroke-width="1"/>'
    )
    body.append(
        f'<text x="{x_of(base):.1f}" y="{height - 6}" text-anchor="middle" font-size="11">'
        f"NPV {escape(_eur_k(base))}</text>"
    )
    return _svg(body, title, height)
