"""NACE Rev. 2 economic activity codes (EEA E-PRTR reference list, CC BY 4.0; see
greencluster/data/nace/SOURCES.md), with Swedish SNI 2007 labels where they exist."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = ["NaceActivity", "nace_activities", "normalise_nace"]


@dataclass(frozen=True, slots=True)
class NaceActivity:
    code: str  # dotted: "35", "35.3", "35.30"
    name_en: str
    parent: str | None
    level: int  # 2 division, 3 group, 4 class


@cache
def nace_activities() -> dict[str, NaceActivity]:
    source = files("greencluster.data") / "nace" / "nace_rev2_en_eprtr_lov.csv"
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    result = {}
    for row in rows:
        code = row["code"].strip()
        digits = code.replace(".", "")
        result[code] = NaceActivity(
            code, row["name_en"].strip(), row["parent_code"] or None, len(digits)
        )
    return result


def normalise_nace(value: str) -> str:
    """Turn "3530", "35.30", "35,3", "D35.30" or "35300" (SNI/SN five digits) into the dotted
    NACE Rev. 2 code, or raise ValueError saying what is expected."""
    text = value.strip().upper()
    text = re.sub(r"^[A-U](?=\d)", "", text)
    digits = re.sub(r"[\s.,]", "", text)
    if not re.fullmatch(r"\d{2,5}", digits):
        raise ValueError(f"expected a NACE Rev. 2 code such as 35.30, got '{value}'")
    digits = digits[:4]
    code = digits[:2] if len(digits) == 2 else f"{digits[:2]}.{digits[2:]}"
    if code not in nace_activities():
        raise ValueError(f"'{value}' is not a NACE Rev. 2 division, group or class")
    return code
