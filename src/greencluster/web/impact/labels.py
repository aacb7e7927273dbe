"""Translated labels of the core's metric and category codes (the core has no gettext)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

METRIC_LABELS = {
    "co2_total_t": _("CO2e, scopes 1-3 (t)"),
    "co2_scope1_t": _("CO2e, scope 1 (t)"),
    "co2_scope2_t": _("CO2e, scope 2 (t)"),
    "co2_scope3_t": _("CO2e, scope 3 (t)"),
    "co2_scope12_t": _("CO2e, scopes 1+2 (t)"),
    "co2_biogenic_t": _("biogenic CO2, memo (t)"),
    "turnover_eur": _("turnover (EUR)"),
    "export_eur": _("export (EUR)"),
    "employees": _("employees"),
    "energy_mwh": _("energy use (MWh)"),
    "raw_material_t": _("raw material use (t)"),
    "circular_input_t": _("circular inputs (t)"),
    "waste_t": _("waste (t)"),
    "material_intensity_t_per_meur": _("material intensity (t per MEUR turnover)"),
    "circularity_rate": _("circularity rate (share of inputs)"),
}
CATEGORY_LABELS = {
    "stationary_combustion": _("Scope 1: fuel combustion"),
    "mobile_combustion": _("Scope 1: own transport"),
    "electricity_location": _("Scope 2: electricity (location-based)"),
    "heat_location": _("Scope 2: purchased heat"),
    "3.1_purchased_goods": _("Scope 3.1: purchased goods (materials)"),
    "3.3_fuel_upstream": _("Scope 3.3: fuel- and energy-related upstream"),
    "3.4_upstream_transport": _("Scope 3.4: upstream transport"),
    "3.5_waste": _("Scope 3.5: waste"),
    "3.9_downstream_transport": _("Scope 3.9: downstream transport"),
    "biogenic_co2": _("Memo: biogenic CO2"),
}


def metric(code: str) -> str:
    return str(METRIC_LABELS.get(code, code))


def category(code: str) -> str:
    return str(CATEGORY_LABELS.get(code, code))
