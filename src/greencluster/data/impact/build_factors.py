"""Rebuild ``factors.csv`` from the public source files (run by hand, never at run time).

    python src/greencluster/data/impact/build_factors.py /path/to/shared/data/emission_factors

Every output row keeps the source file's value and unit unchanged, except the stationary
combustion CO2 rows, whose value is the IPCC default carbon content times 44/12 (the IPCC 2006
Vol. 2 ch. 1 method, eq. 1.1 with Table 1.3); the ``note`` column shows that arithmetic.
Rows whose source cell is empty are written with an empty value: they are reported as missing.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).with_name("factors.csv")
COLUMNS = (
    "key",
    "gas",
    "value",
    "unit",
    "scope",
    "category",
    "region",
    "year",
    "source",
    "source_ref",
    "licence",
    "note",
)
DEFRA = "UK DESNZ/DEFRA Greenhouse gas reporting: conversion factors 2025 (flat file)"
DEFRA_LICENCE = "OGL-3.0 (Crown copyright DESNZ)"
IPCC = "IPCC 2006 Guidelines for National GHG Inventories, Vol. 2 ch. 1 (via bonsai-ipcc 0.5.3)"
IPCC_LICENCE = "IPCC default values; tabulation MIT (bonsai-ipcc)"

# Fuel key -> (IPCC product, fossil?, DEFRA WTT level-3 name, DEFRA WTT file)
FUELS = {
    "light_fuel_oil": ("gas_diesel_oil", True, "Gas oil", "category_wtt_fuels.csv"),
    "diesel": ("gas_diesel_oil", True, "Diesel (100% mineral diesel)", "category_wtt_fuels.csv"),
    "heavy_fuel_oil": ("residual_fuel_oil", True, "Fuel oil", "category_wtt_fuels.csv"),
    "natural_gas": ("natural_gas", True, "Natural gas", "category_wtt_fuels.csv"),
    "lpg": ("liquefied_petroleum_gases", True, "LPG", "category_wtt_fuels.csv"),
    "coal": ("other_bituminous_coal", True, "Coal (industrial)", "category_wtt_fuels.csv"),
    "peat": ("peat", True, "", ""),
    "wood_chips": ("isw_wood", False, "Wood chips", "category_wtt_bioenergy.csv"),
    "wood_pellets": ("isw_wood", False, "Wood pellets", "category_wtt_bioenergy.csv"),
    "biogas": ("other_biogas", False, "Biogas", "category_wtt_bioenergy.csv"),
}
BOILER_SIZES = ("small", "medium", "large")
DEFRA_UNITS = {"kWh (Net CV)": "kWh", "kWh": "kWh", "tonnes": "t", "tonne.km": "t.km"}
ELECTRICITY_COUNTRIES = {
    "Finland": "FI",
    "Sweden": "SE",
    "Estonia": "EE",
    "Denmark": "DK",
    "Germany": "DE",
    "Latvia": "LV",
    "Lithuania": "LT",
    "EU-27": "EU",
}
OWID_COUNTRIES = {"FIN": "FI", "SWE": "SE", "NOR": "NO", "EST": "EE", "DNK": "DK", "DEU": "DE"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower().replace("&", "and")).strip("_")


def defra_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return [
            dict(zip(next(csv.reader([h])), r, strict=False))
            for h in [handle.readline()]
            for r in csv.reader(handle)
        ]


def defra_total(rows: list[dict[str, str]], **match: str) -> list[dict[str, str]]:
    return [
        r for r in rows if r["GHG/Unit"] == "kg CO2e" and all(r[k] == v for k, v in match.items())
    ]


def row(**values: object) -> dict[str, object]:
    return {c: values.get(c, "") for c in COLUMNS}


def fuels(src: Path) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    ipcc_c = {
        r[2]: r[4]
        for r in csv.reader((src / "ipcc2006_bonsai_par_carbon_content_per_energy.csv").open())
        if r[3] == "def"
    }
    ipcc_ncv = {
        r[2]: r[4]
        for r in csv.reader((src / "ipcc2006_bonsai_par_energy_content_per_mass.csv").open())
        if r[3] == "def"
    }
    for fuel, (product, fossil, wtt_name, wtt_file) in FUELS.items():
        carbon = ipcc_c.get(product, "")
        value = f"{float(carbon) * 44 / 12:.4f}" if carbon else ""
        out.append(
            row(
                key=f"fuel.{fuel}",
                gas="co2" if fossil else "co2_biogenic",
                value=value,
                unit="kg CO2/GJ",
                scope="1" if fossil else "memo",
                category="stationary_combustion" if fossil else "biogenic_co2",
                region="",
                year=2006,
                source=IPCC,
                source_ref=f"Table 1.3 carbon content, {product}",
                licence=IPCC_LICENCE,
                note=f"{carbon} kg C/GJ x 44/12" if carbon else "no default carbon content",
            )
        )
        ncv = ipcc_ncv.get(product, "")
        out.append(
            row(
                key=f"fuel.{fuel}",
                gas="ncv",
                value=ncv,
                unit="GJ/t",
                scope="",
                category="property",
                year=2006,
                source=IPCC,
                source_ref=f"Table 1.2 net calorific value, {product}",
                licence=IPCC_LICENCE,
                note="default NCV; as-received fuels (moist chips) differ: give energy instead",
            )
        )
        for gas in ("ch4", "n2o"):
            for size in BOILER_SIZES:
                out.append(
                    row(
                        key=f"fuel.{fuel}.{size}_boiler",
                        gas=gas,
                        value="",
                        unit="kg CO2e/GJ",
                        scope="1",
                        category="stationary_combustion",
                        year="",
                        source="missing: no CH4/N2O factor by boiler size in the shipped sources",
                        note="add a cluster override with a cited source to include it",
                    )
                )
        if wtt_name:
            for r in defra_total(
                defra_rows(src / "defra_desnz_2025_scope3" / wtt_file), **{"Level 3": wtt_name}
            ):
                if r["UOM"] in ("kWh (Net CV)", "kWh", "tonnes"):
                    out.append(defra_row(f"fuel.{fuel}", "co2e", r, "3", "3.3_fuel_upstream"))
        else:
            out.append(
                row(
                    key=f"fuel.{fuel}",
                    gas="co2e",
                    value="",
                    unit="kg CO2e/kWh",
                    scope="3",
                    category="3.3_fuel_upstream",
                    source="missing: no well-to-tank factor for this fuel in the shipped sources",
                )
            )
        if not fossil:
            oos = defra_rows(src / "defra_desnz_2025_scope3" / "out_of_scope.csv")
            for r in oos:
                if r["Level 3"] == wtt_name and r["UOM"] == "tonnes":
                    out.append(
                        defra_row(
                            f"fuel.{fuel}",
                            "co2_biogenic",
                            r,
                            "memo",
                            "biogenic_co2",
                            ghg="kg CO2e of CO2 per unit",
                        )
                    )
    return out


def defra_row(
    key: str, gas: str, r: dict[str, str], scope: str, category: str, ghg: str = "kg CO2e"
) -> dict[str, object]:
    uom = DEFRA_UNITS[r["UOM"]]
    numerator = "kg CO2e" if ghg == "kg CO2e" else "kg CO2"
    label = " / ".join(v for v in (r["Level 2"], r["Level 3"], r["Level 4"], r["Column Text"]) if v)
    return row(
        key=key,
        gas=gas,
        value=r["GHG Conversion Factor 2025"],
        unit=f"{numerator}/{uom}",
        scope=scope,
        category=category,
        region="",
        year=2025,
        source=DEFRA,
        source_ref=f"ID {r['ID']}: {r['Level 1']} / {label} ({r['UOM']})",
        licence=DEFRA_LICENCE,
        note="" if r["GHG Conversion Factor 2025"] else "empty in the source",
    )


def freight(src: Path) -> list[dict[str, object]]:
    rows = defra_rows(src / "defra_desnz_2025_scope3" / "category_freighting_goods.csv")
    out = []
    for r in defra_total(rows, UOM="tonne.km"):
        parts = [r["Level 2"], r["Level 3"], r["Level 4"], r["Column Text"]]
        key = "freight." + ".".join(slug(p) for p in parts if p)
        out.append(defra_row(key, "co2e", r, "3", "3.4_3.9_transport"))
    return out


def materials(src: Path) -> list[dict[str, object]]:
    out = []
    use = defra_rows(src / "defra_desnz_2025_scope3" / "category_material_use.csv")
    for r in defra_total(use, UOM="tonnes"):
        key = f"material.{slug(r['Level 3'])}.{slug(r['Column Text'])}"
        out.append(defra_row(key, "co2e", r, "3", "3.1_purchased_goods"))
    waste = defra_rows(src / "defra_desnz_2025_scope3" / "category_waste_disposal.csv")
    for r in defra_total(waste, UOM="tonnes"):
        key = f"waste.{slug(r['Level 3'])}.{slug(r['Column Text'])}"
        out.append(defra_row(key, "co2e", r, "3", "3.5_waste"))
    return out


def electricity(src: Path) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    path = src / "electricity" / "eea_eu_carbon_intensity_electricity_2000_2020.csv"
    for r in csv.DictReader(path.open(encoding="utf-8")):
        code = ELECTRICITY_COUNTRIES.get(r["Entity"])
        if code:
            out.append(
                row(
                    key=f"electricity.{code}",
                    gas="co2",
                    value=r["Carbon intensity of electricity (gCO2/kWh)"],
                    unit="g CO2/kWh",
                    scope="2",
                    category="electricity_location",
                    region=code,
                    year=r["Year"],
                    source="EEA, CO2 intensity of electricity generation (via OWID, codecarbon)",
                    source_ref=f"eea_eu_carbon_intensity_electricity_2000_2020.csv {r['Entity']} {r['Year']}",  # noqa: E501
                    licence="CC BY 4.0 (EEA/OWID); codecarbon MIT",
                    note="generation CO2 only, location-based",
                )
            )
    mix = json.loads(
        (src / "electricity" / "codecarbon_global_energy_mix_owid_2023.json").read_text()
    )
    for iso, code in OWID_COUNTRIES.items():
        d = mix[iso]
        out.append(
            row(
                key=f"electricity.{code}",
                gas="co2e",
                value=d["carbon_intensity"],
                unit="g CO2e/kWh",
                scope="2",
                category="electricity_location",
                region=code,
                year=d["year"],
                source="Our World in Data / Ember carbon intensity of electricity (via codecarbon)",
                source_ref=f"codecarbon global_energy_mix.json {iso} {d['year']}",
                licence="CC BY 4.0 (OWID/Ember); codecarbon MIT",
                note="lifecycle CO2e of generation, location-based",
            )
        )
    zones = src / "electricity" / "codecarbon_nordic_zones_latest_upstream.csv"
    for r in csv.DictReader(zones.open(encoding="utf-8")):
        out.append(
            row(
                key=f"electricity.{r['zone']}",
                gas="co2e",
                value=r["emission_factor_gco2eq_per_kwh"],
                unit="g CO2e/kWh",
                scope="2",
                category="electricity_location",
                region=r["zone"],
                year=r["year"],
                source="codecarbon nordic_emissions (ENTSO-E generation x IPCC AR5 lifecycle factors)",  # noqa: E501
                source_ref=f"codecarbon_nordic_zones_latest_upstream.csv {r['zone']}",
                licence="MIT (codecarbon)",
                note=r["coverage_note"],
            )
        )
    for code in ("FI", "SE", "NO", "EE", "DK", "DE"):
        out.append(
            row(
                key=f"electricity.{code}",
                gas="co2e",
                value="",
                unit="kg CO2e/kWh",
                scope="3",
                category="3.3_fuel_upstream",
                region=code,
                source="missing: no upstream/T&D loss factor for this grid in the shipped sources",
            )
        )
        out.append(
            row(
                key=f"district_heat.{code}",
                gas="co2e",
                value="",
                unit="kg CO2e/kWh",
                scope="2",
                category="heat_location",
                region=code,
                source="missing: no district heat factor for this country in the shipped sources",
                note="add a cluster override (e.g. the local network's published factor)",
            )
        )
    return out


def main(src: Path) -> None:
    rows = fuels(src) + electricity(src) + freight(src) + materials(src)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
