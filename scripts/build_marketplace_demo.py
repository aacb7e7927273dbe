"""Build src/greencluster/data/demo/marketplace_transfers.csv from the public E-PRTR data.

Developer tool, run by hand when the demo changes (the product never reads the source folder):

    python scripts/build_marketplace_demo.py ../shared/data

Keeps, for every Finnish facility of the registry demo (registry_demo.json, references
"EPRTR:<facilityId>"), its off-site transfers of non-hazardous waste in the latest year it
reported, summed per treatment (R = destined for recovery, D = destined for disposal), in
tonnes. Hazardous-waste transfers are left out of the demo: a hazardous side stream needs a
permitted receiver and is not the marketplace's first use. Source: Finnish Environment
Institute (SYKE), PRTR data (github sykefi/PRTR api/assets, MIT), from the EEA Industrial
Reporting database (CC BY 4.0).
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections import defaultdict
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "src/greencluster/data/demo"
OUT = DEMO / "marketplace_transfers.csv"
COLUMNS = ("ref", "facility", "activity", "year", "treatment", "tonnes")


def main(source: Path) -> None:
    registry = json.loads((DEMO / "registry_demo.json").read_text(encoding="utf-8"))
    refs = {
        o["ref"].removeprefix("EPRTR:")
        for orgs in registry["clusters"].values()
        for o in orgs
        if (o.get("ref") or "").startswith("EPRTR:")
    }
    with (source / "fi_prtr" / "waste_transfers.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter=";") if r["facilityId"] in refs]
    latest: dict[str, int] = {}
    for r in rows:
        latest[r["facilityId"]] = max(latest.get(r["facilityId"], 0), int(r["reportingYear"]))
    tonnes: dict[tuple[str, str], float] = defaultdict(float)
    facts: dict[str, tuple[str, str]] = {}
    for r in rows:
        ref = r["facilityId"]
        if int(r["reportingYear"]) != latest[ref] or r["wasteClassificationCode"] != "NONHW":
            continue
        tonnes[(ref, r["wasteTreatmentCode"])] += float(r["totalWasteQuantityTNE"] or 0)
        facts[ref] = (r["nameOfFeature"].strip(), r["mainActivityCode"].strip())
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for (ref, treatment), amount in sorted(tonnes.items()):
            if amount <= 0:
                continue
            name, activity = facts[ref]
            writer.writerow([f"EPRTR:{ref}", name, activity, latest[ref], treatment, f"{amount:g}"])
    shutil.copy(source / "fi_prtr" / "LICENSE_sykefi_PRTR_MIT.txt", DEMO)
    print(f"wrote {OUT} ({len(tonnes)} transfers)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
