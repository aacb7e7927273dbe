"""Rebuild ``nace_relations.csv`` from the shipped tables (run by hand, never at run time).

    python src/greencluster/data/network/build_nace_relations.py

For every line of the taxonomy's ``compatibility.csv`` (offered classes -> need classes), the
producers of each offered class (``ewc_producers.csv``, read from the EWC chapter titles) are
paired with the users of each need class (``need_class_users.csv``, read from the NACE titles).
Pairs with the same supplier and customer activity are merged: their classes and uses are
listed, their reach is the longest of the rules. Nothing else goes in; ``SOURCES.md`` explains.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from greencluster.core.nace import nace_activities
from greencluster.core.network.nace_io import ewc_producers, need_users, producers_of, users_of
from greencluster.core.taxonomy.classes import data_rows

OUT = Path(__file__).with_name("nace_relations.csv")
COLUMNS = (
    "supplier_nace",
    "customer_nace",
    "offer_classes",
    "need_classes",
    "uses",
    "max_distance_km",
)


def check_codes() -> None:
    """Every NACE code the two readings name must exist in the shipped NACE list."""
    known = nace_activities()
    for table in (ewc_producers(), need_users()):
        for key, codes in table.items():
            unknown = [c for c in codes if c not in known]
            if unknown:
                raise SystemExit(f"{key}: unknown NACE codes {unknown}")


def build() -> list[dict[str, str]]:
    merged: dict[tuple[str, str], dict[str, object]] = {}
    for rule in data_rows("compatibility.csv"):
        for offer in rule["offers"].split():
            for need in rule["needs"].split():
                for supplier in producers_of(offer):
                    for customer in users_of(need):
                        entry = merged.setdefault(
                            (supplier, customer),
                            {"offers": set(), "needs": set(), "uses": set(), "km": 0.0},
                        )
                        entry["offers"].add(offer)  # type: ignore[attr-defined]
                        entry["needs"].add(need)  # type: ignore[attr-defined]
                        entry["uses"].add(rule["use"])  # type: ignore[attr-defined]
                        km = float(rule["max_distance_km"])
                        entry["km"] = max(float(entry["km"]), km)  # type: ignore[arg-type]
    return [
        {
            "supplier_nace": supplier,
            "customer_nace": customer,
            "offer_classes": " ".join(sorted(entry["offers"])),  # type: ignore[call-overload]
            "need_classes": " ".join(sorted(entry["needs"])),  # type: ignore[call-overload]
            "uses": "; ".join(sorted(entry["uses"])),  # type: ignore[call-overload]
            "max_distance_km": f"{float(entry['km']):g}",  # type: ignore[arg-type]
        }
        for (supplier, customer), entry in sorted(merged.items())
    ]


def render(rows: list[dict[str, str]]) -> str:
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main() -> int:
    check_codes()
    rows = build()
    OUT.write_text(render(rows), encoding="utf-8")
    print(f"{len(rows)} relations written to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
