"""Building blocks: the building-types parser (property tests), the SVG charts, the PDF text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from greencluster.web.heat.charts import cash_flow_chart, tornado_chart
from greencluster.web.heat.pdf import latin1
from greencluster.web.heat.spec import format_building_types, parse_building_types

names = st.text(
    alphabet=st.characters(blacklist_characters=";\n\r", blacklist_categories=("Cs", "Zs", "Cc")),
    min_size=1,
    max_size=20,
)
positive = st.floats(min_value=0.001, max_value=1e6, allow_nan=False)


@given(st.dictionaries(names, st.tuples(positive, positive), max_size=6))
def test_building_types_round_trip(types):
    spec = {
        name: {"specific_heat_kwh_per_m2_a": a, "full_load_hours_h": h}
        for name, (a, h) in types.items()
    }
    parsed, problems = parse_building_types(format_building_types(spec))
    assert problems == []
    assert parsed.keys() == spec.keys()
    for name, values in spec.items():
        for key, value in values.items():
            assert abs(parsed[name][key] - value) <= 1e-5 * value


@given(st.text(max_size=200))
def test_any_text_parses_or_reports_its_lines(text):
    parsed, problems = parse_building_types(text)
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(parsed) + len(problems) <= len(lines)
    for problem in problems:
        assert problem.startswith("line ")


def test_decimal_commas_are_read():
    parsed, problems = parse_building_types("omakotitalo; 150,5; 2200")
    assert problems == [] and parsed["omakotitalo"]["specific_heat_kwh_per_m2_a"] == 150.5


def _year(year: int, flow: float, cumulative: float) -> dict[str, float]:
    return {"year": year, "project_cash_flow_eur": flow, "cumulative_project_eur": cumulative}


def test_cash_flow_chart_has_a_bar_per_year_coloured_by_sign():
    svg = str(cash_flow_chart([_year(0, -500, -500), _year(1, 80, -420), _year(2, 90, -330)], "t"))
    bars = re.findall(r'<rect class="bar"[^>]*fill="(#[0-9a-f]+)"', svg)
    assert bars == ["#b3392f", "#1b7f4b", "#1b7f4b"]
    assert svg.count("<polyline") == 1


def test_tornado_orders_and_escapes_labels():
    bars = [
        {
            "parameter": "heat_price",
            "delta_pct": 20.0,
            "npv_low_eur": -80.0,
            "npv_high_eur": 280.0,
            "npv_base_eur": 100.0,
            "min_charge_low_eur_per_mwh": None,
            "min_charge_high_eur_per_mwh": None,
        }
    ]
    svg = str(tornado_chart(bars, {"heat_price": "<Heat & price>"}, "Tornado"))
    assert "&lt;Heat &amp; price&gt;" in svg and "<Heat" not in svg
    assert len(re.findall(r'<rect class="bar"', svg)) == 2


def test_pdf_text_keeps_nordic_letters_and_spells_out_the_rest():
    assert latin1("Lämpö – Åland Øy") == "Lämpö - Åland Øy"
    assert latin1("Šiaurė CO₂") == "Siaure CO2"
    assert latin1("86 €/MWh") == "86 EUR/MWh"
