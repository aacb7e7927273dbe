"""What a realised exchange replaces: the factor row of the impact table chosen when a deal is
agreed, from which the cluster's avoided emissions are computed
(``greencluster.core.impact.avoided``).

Realised quantities are reported in tonnes or MWh; only factor rows per tonne (materials'
primary production, DESNZ 2025) or per unit of energy (fuels' carbon content, IPCC 2006) fit
them. :data:`DEFAULTS` pre-selects a row from the resource class; it is a product choice,
not a fact, and the partners change it when they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from greencluster.core.impact import default_table
from greencluster.core.impact.units import dimension
from greencluster.core.taxonomy import ancestors

REPORT_UNITS = ("t", "MWh")

DEFAULTS: tuple[tuple[frozenset[str], str, str], ...] = (
    # Wood fuels displace peat, as the taxonomy's wood-fuel rule assumes.
    (
        frozenset(
            {
                "product.wood-chips",
                "product.sawdust",
                "product.bark",
                "product.pellets",
                "product.solid-biofuel",
                "product.recycled-wood",
                "ewc.0301",
                "ewc.030301",
                "ewc.150103",
                "ewc.020107",
            }
        ),
        "MWh",
        "fuel.peat",
    ),
    # Heat displaces natural gas, as the taxonomy's heat rule assumes.
    (
        frozenset({"energy.heat", "energy.steam", "water.cooling", "water.wastewater"}),
        "MWh",
        "fuel.natural_gas",
    ),
    (
        frozenset({"product.scrap-metal", "ewc.12", "ewc.1704", "ewc.191202", "ewc.191203"}),
        "t",
        "material.metals.primary_material_production",
    ),
    (
        frozenset({"product.glass-cullet", "ewc.150107", "ewc.170202", "ewc.191205"}),
        "t",
        "material.glass.primary_material_production",
    ),
    (
        frozenset({"product.recycled-paper", "ewc.150101", "ewc.200101", "ewc.191201"}),
        "t",
        "material.paper_and_board_mixed.primary_material_production",
    ),
    (
        frozenset({"product.recycled-plastic", "ewc.150102", "ewc.070213", "ewc.191204"}),
        "t",
        "material.plastics_average_plastics.primary_material_production",
    ),
    (
        frozenset({"product.gypsum", "ewc.100105", "ewc.1708"}),
        "t",
        "material.plasterboard.primary_material_production",
    ),
    (
        frozenset(
            {
                "product.aggregate",
                "product.slag",
                "product.bottom-ash",
                "product.fly-ash",
                "ewc.1001",
                "ewc.1002",
                "ewc.1701",
                "ewc.1705",
            }
        ),
        "t",
        "material.aggregates.primary_material_production",
    ),
)


@dataclass(frozen=True)
class DisplacedChoice:
    key: str
    gas: str
    unit: str
    label: str


@lru_cache(maxsize=4)
def displaced_choices(report_unit: str) -> tuple[DisplacedChoice, ...]:
    """Factor rows of the shipped table that fit quantities in ``report_unit``: materials'
    primary production per tonne, fuels per unit of energy."""
    if report_unit not in REPORT_UNITS:
        return ()
    table = default_table()
    wanted = dimension(report_unit)
    if wanted == "mass":
        keys = [k for k in table.keys("material.") if k.endswith(".primary_material_production")]
    else:
        keys = [k for k in table.keys("fuel.") if k.count(".") == 1]
    out = []
    for key in keys:
        for gas in ("co2e", "co2"):
            row = table.find(key, gas, denominator=wanted)
            if row is not None and row.value is not None:
                name = key.split(".")[1].replace("_", " ")
                label = f"{name} ({row.value:g} {row.unit}, {row.source.split('(')[0].strip()})"
                out.append(DisplacedChoice(key, gas, row.unit, label))
                break
    return tuple(out)


def find_choice(report_unit: str, key: str) -> DisplacedChoice | None:
    return next((c for c in displaced_choices(report_unit) if c.key == key), None)


def default_for(class_id: str) -> tuple[str, str] | None:
    """(report unit, factor key) pre-selected for an exchange of ``class_id``, if any."""
    if not class_id:
        return None
    try:
        lineage = set(ancestors(class_id))
    except KeyError:
        return None
    for classes, unit, key in DEFAULTS:
        if lineage & classes:
            return unit, key
    return None
