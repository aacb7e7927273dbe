"""Cooperation types of the Enterprise Europe Network (EEN).

A partnering-day participant says which kinds of cooperation they offer or look for, and an
agreement recorded after a meeting has one of the same types. The list is the "Type of
partnership" field of the EEN Partnering Opportunities Database (European Commission,
https://een.ec.europa.eu/partnering-opportunities, the list used since the database's renewal
in 2021, read 2026), shipped in ``greencluster/data/partnering/cooperation_types.csv`` with
GreenCluster's own codes and translations (see that folder's SOURCES.md).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

LANGUAGES = ("en", "fi", "sv", "nb", "et", "de")
SOURCE = (
    "Enterprise Europe Network, Partnering Opportunities Database, 'Type of partnership' "
    "(https://een.ec.europa.eu/partnering-opportunities, read 2026)"
)


@dataclass(frozen=True, slots=True)
class CooperationType:
    code: str
    labels: dict[str, str]

    def label(self, language: str = "en") -> str:
        return self.labels.get(language) or self.labels["en"]


@cache
def cooperation_types() -> tuple[CooperationType, ...]:
    """Every type, in the order of the shipped list."""
    text = (files("greencluster.data") / "partnering" / "cooperation_types.csv").read_text(
        encoding="utf-8"
    )
    return tuple(
        CooperationType(row["code"], {lang: row[lang] for lang in LANGUAGES})
        for row in csv.DictReader(io.StringIO(text))
    )


def cooperation_codes() -> tuple[str, ...]:
    return tuple(t.code for t in cooperation_types())


def cooperation_label(code: str, language: str = "en") -> str:
    """The label of ``code`` in ``language`` (English when missing); ``code`` itself when it
    is not a known type."""
    for item in cooperation_types():
        if item.code == code:
            return item.label(language)
    return code
