"""PDF summary of an evaluation for the customers' meeting and the bank (fpdf2).

The built-in PDF fonts cover Latin-1 (Finnish, Swedish, Norwegian, German); other characters
are written without their accents (and € as EUR) so that the document always renders."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.utils.translation import gettext as _
from fpdf import FPDF

from greencluster.web.heat.models import HeatEvaluation
from greencluster.web.heat.report import (
    PARAMETER_LABELS,
    investment_rows,
    key_figures,
    number,
    sources_used,
)

GREEN = (27, 127, 75)
RED = (179, 57, 47)
REPLACEMENTS = {
    "\u20ac": "EUR",
    "\u2013": "-",
    "\u2014": "-",
    "\u00a0": " ",
    "\u2212": "-",
    "\u2019": "'",
}


def latin1(text: object) -> str:
    """``text`` in the Latin-1 range of the core PDF fonts."""
    out = []
    for char in str(text):
        if char in REPLACEMENTS:
            out.append(REPLACEMENTS[char])
            continue
        if ord(char) < 256:
            out.append(char)
            continue
        plain = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(plain or "?")
    return "".join(out)


class _Document(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, latin1(f"{self.footer_text} - {self.page_no()}"), align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("Helvetica", "B", 12)
        self.set_text_color(*GREEN)
        self.cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        self.set_font("Helvetica", "B", 8)
        for i, (text, width) in enumerate(zip(header, widths, strict=True)):
            self.cell(width, 5, self.fit(text, width), border="B", align="L" if i == 0 else "R")
        self.ln()
        self.set_font("Helvetica", size=8)
        for row in rows:
            for i, (text, width) in enumerate(zip(row, widths, strict=True)):
                self.cell(width, 4.6, self.fit(text, width), align="L" if i == 0 else "R")
            self.ln()

    def fit(self, text: str, width: float) -> str:
        """``text`` shortened with '...' to fit in a cell of ``width`` mm."""
        out = latin1(text)
        if self.get_string_width(out) <= width - 1:
            return out
        while out and self.get_string_width(out + "...") > width - 1:
            out = out[:-1]
        return out + "..."

    def paragraph(self, text: str, size: float = 9) -> None:
        self.set_font("Helvetica", size=size)
        self.multi_cell(0, 4.5, latin1(text), new_x="LMARGIN", new_y="NEXT")


def evaluation_pdf(evaluation: HeatEvaluation) -> bytes:
    """The summary of ``evaluation`` as PDF bytes."""
    result: dict[str, Any] = evaluation.result
    project = evaluation.project
    doc = _Document(f"GreenCluster - {project.name} - {evaluation.label}")
    doc.add_page()
    doc.set_font("Helvetica", "B", 16)
    doc.multi_cell(0, 8, latin1(project.name), new_x="LMARGIN", new_y="NEXT")
    doc.paragraph(
        f"{project.organisation.name} - {_('Scenario')}: {evaluation.label} - "
        f"{evaluation.created_at:%Y-%m-%d}"
    )
    if project.is_demo:
        doc.paragraph(_("Demo project: every input is invented for the demonstration."), 8)
    _summary(doc, result)
    _customers(doc, result)
    _energy(doc, result)
    _money(doc, result)
    _sensitivity(doc, evaluation.sensitivity)
    _emissions(doc, result)
    _sources(doc, result)
    return bytes(doc.output())


def _summary(doc: _Document, result: dict[str, Any]) -> None:
    doc.heading(_("Key figures"))
    rows = [[str(f["label"]), f"{f['text']} {f['unit']}".strip()] for f in key_figures(result)]
    doc.table([_("Figure"), _("Value")], rows, [120, 60])
    for warning in result.get("warnings") or []:
        doc.paragraph(f"! {warning}", 8)


def _customers(doc: _Document, result: dict[str, Any]) -> None:
    doc.heading(_("Buildings"))
    rows = [
        [
            c["name"],
            _("connected") if c["connected"] else _("not connected"),
            number(c["annual_heat_mwh"], 1),
            number(c["peak_kw"], 1),
            c["current_heating"],
        ]
        for c in result["customers"]
    ]
    doc.table(
        [_("Building"), _("Network"), "MWh/a", "kW", _("Current heating")],
        rows,
        [70, 30, 25, 25, 30],
    )
    net = result["network"]
    doc.paragraph(
        _(
            "Network: %(method)s, %(length)s m of trench, heat loss %(loss)s %% of the heat, "
            "linear heat density %(density)s MWh/m,a; gap to the bound %(gap)s %%."
        )
        % {
            "method": net["method"],
            "length": number(net["trench_length_m"]),
            "loss": number(net["heat_loss_share_pct"], 1),
            "density": number(net["linear_heat_density_mwh_per_m_a"], 2),
            "gap": number(net["gap_pct"], 2),
        },
        8,
    )


def _energy(doc: _Document, result: dict[str, Any]) -> None:
    e = result["energy"]
    doc.heading(_("Energy balance and fuel"))
    rows = [
        [_("Heat sold"), number(e["heat_sold_mwh_per_a"]), "MWh/a"],
        [_("Network heat loss"), number(e["network_loss_mwh_per_a"]), "MWh/a"],
        [_("Boiler heat"), number(e["boiler_heat_mwh_per_a"]), "MWh/a"],
        [_("Back-up heat"), number(e["backup_heat_mwh_per_a"]), "MWh/a"],
        [_("Boiler capacity"), number(e["boiler_capacity_kw"]), "kW"],
        [_("Full-load hours of the boiler"), number(e["boiler_full_load_hours_h"]), "h/a"],
        [_("Boiler fuel"), number(e["boiler_fuel_mwh_per_a"]), "MWh/a"],
        [_("Fuel"), number(e["fuel_tonnes_per_a"]), "t/a"],
        [_("Fuel, loose volume"), number(e["fuel_loose_m3_per_a"]), "m3/a"],
    ]
    doc.table([_("Quantity"), _("Value"), _("Unit")], rows, [110, 40, 30])
    fuel_rows = [
        [
            s["source"],
            number(s["fuel_mwh_per_a"]),
            number(s["tonnes_per_a"]),
            number(s["loose_m3_per_a"]),
            number(s["cost_eur_per_a"]),
        ]
        for s in result["fuel"]
    ]
    doc.ln(2)
    doc.table([_("Fuel source"), "MWh/a", "t/a", "m3/a", "EUR/a"], fuel_rows, [80, 25, 25, 25, 25])


def _money(doc: _Document, result: dict[str, Any]) -> None:
    econ = result["economics"]
    doc.heading(_("Investment and financing"))
    rows = [[name, number(value)] for name, value in investment_rows(result)]
    rows += [
        [_("Total investment"), number(econ["total_investment_eur"])],
        [_("Investment aid"), number(econ["aid_eur"])],
        [_("Loan"), number(econ["loan_eur"])],
        [_("Equity"), number(econ["equity_eur"])],
    ]
    doc.table([_("Item"), "EUR"], rows, [110, 40])
    doc.heading(_("Cash flow"))
    flows = [
        [
            str(y["year"]),
            number((y["revenue_energy_eur"] or 0) + (y["revenue_fixed_eur"] or 0)),
            number(y["fuel_eur"]),
            number(y["project_cash_flow_eur"]),
            number(y["equity_cash_flow_eur"]),
            number(y["cumulative_project_eur"]),
        ]
        for y in econ["cash_flow"]
    ]
    doc.table(
        [_("Year"), _("Revenue"), _("Fuel"), _("Project"), _("Equity"), _("Cumulative")],
        flows,
        [20, 30, 30, 30, 30, 30],
    )


def _sensitivity(doc: _Document, bars: list[dict[str, Any]]) -> None:
    if not bars:
        return
    doc.heading(_("Sensitivity of the net present value"))
    values = [b["npv_low_eur"] or 0.0 for b in bars] + [b["npv_high_eur"] or 0.0 for b in bars]
    base = bars[0]["npv_base_eur"] or 0.0
    low, high = min([base, *values]), max([base, *values])
    span = (high - low) or 1.0
    x0, width = doc.l_margin + 55, 120.0
    for bar in bars:
        y = doc.get_y()
        doc.set_font("Helvetica", size=8)
        label = str(PARAMETER_LABELS.get(bar["parameter"], bar["parameter"]))
        doc.cell(55, 6, latin1(f"{label} +/-{bar['delta_pct']:g} %"))
        for value in (bar["npv_low_eur"], bar["npv_high_eur"]):
            if value is None:
                continue
            a = x0 + (base - low) / span * width
            b = x0 + (value - low) / span * width
            doc.set_fill_color(*(GREEN if value >= base else RED))
            doc.rect(min(a, b), y + 1, max(abs(b - a), 0.3), 4, style="F")
        doc.ln(6)
    doc.paragraph(_("Base net present value: %(npv)s EUR") % {"npv": number(base)}, 8)


def _emissions(doc: _Document, result: dict[str, Any]) -> None:
    em = result["emissions"]
    doc.heading(_("CO2 compared with the current heating"))
    rows = [
        [
            c["name"],
            c["current_heating"],
            number(c["current_t_co2e_per_a"], 1),
            number(c["new_t_co2e_per_a"], 1),
            number(c["avoided_t_co2e_per_a"], 1),
        ]
        for c in em["customers"]
    ]
    rows.append(
        [
            _("Total"),
            "",
            number(em["current_t_co2e_per_a"], 1),
            number(em["new_supply_t_co2e_per_a"], 1),
            number(em["avoided_t_co2e_per_a"], 1),
        ]
    )
    doc.table(
        [_("Building"), _("Current heating"), _("Now t/a"), _("New t/a"), _("Avoided t/a")],
        rows,
        [70, 30, 25, 25, 30],
    )


def _sources(doc: _Document, result: dict[str, Any]) -> None:
    doc.heading(_("Defaults and their sources"))
    for d in sources_used(result):
        doc.paragraph(f"{d['key']} = {d['value']:g} {d['unit']}: {d['source']} ({d['year']})", 7)
