"""Which industries typically supply which: a qualitative NACE relation table.

No input-output table ships with GreenCluster, and none is invented here. The relation
table ``greencluster/data/network/nace_relations.csv`` is derived from two shipped, sourced
tables (see that folder's ``SOURCES.md``):

* the European List of Waste names the industry each chapter and sub-chapter comes from
  ("10 01 Wastes from power stations and other combustion plants"); ``ewc_producers.csv``
  reads those titles as NACE Rev. 2 activities (``35.1``, ``35.3``);
* the taxonomy's compatibility rules say which offered classes can serve which needs;
  ``need_class_users.csv`` reads each need class as the NACE activities whose titles name
  that use (``product.cement-raw-material`` -> ``23.51 Manufacture of cement``).

A supplier activity relates to a customer activity when some rule lets a class the supplier
produces serve a need the customer has. The table is qualitative: it says *that* an industry
typically supplies another, never how much.

NACE codes are dotted (``35``, ``35.1``, ``35.11``); a relation on a division or group covers
every class under it (:func:`covers`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType

from greencluster.core.taxonomy.classes import get_class, has_class


@dataclass(frozen=True, slots=True)
class NaceRelation:
    """``supplier`` activities typically supply ``customer`` activities with the classes in
    ``offer_classes`` for the needs in ``need_classes`` (road distance up to
    ``max_distance_km``, the longest reach of the rules behind it)."""

    supplier: str
    customer: str
    offer_classes: tuple[str, ...]
    need_classes: tuple[str, ...]
    uses: tuple[str, ...]
    max_distance_km: float


def _data_text(name: str) -> str:
    return (files("greencluster.data") / "network" / name).read_text(encoding="utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_data_text(name))))


def covers(activity: str, code: str) -> bool:
    """Whether the (division, group or class) ``activity`` contains the NACE ``code``:
    ``covers("35.1", "35.11")`` and ``covers("35", "35.11")`` are true, ``covers("35.1",
    "35.3")`` is false."""
    if "." not in activity:
        return division(code) == activity
    return code.startswith(activity)


def division(code: str) -> str:
    """The two-digit NACE division of a dotted code ("35.11" -> "35")."""
    return code.split(".", 1)[0]


@cache
def ewc_producers() -> Mapping[str, tuple[str, ...]]:
    """EWC chapter ("10"), sub-chapter ("1001") or entry ("020107") -> NACE activities that
    produce it."""
    return MappingProxyType(
        {r["ewc"]: tuple(r["nace"].split()) for r in _rows("ewc_producers.csv")}
    )


@cache
def need_users() -> Mapping[str, tuple[str, ...]]:
    """Need class id -> NACE activities whose titles name that use."""
    return MappingProxyType(
        {r["class_id"]: tuple(r["nace"].split()) for r in _rows("need_class_users.csv")}
    )


def _ewc_codes(class_id: str) -> tuple[str, ...]:
    """The EWC codes (entry, sub-chapter or chapter digits) that stand for ``class_id``."""
    cls = get_class(class_id)
    if class_id.startswith("ewc."):
        return (class_id.removeprefix("ewc."),)
    return cls.ewc_equivalents


@cache
def producers_of(class_id: str) -> tuple[str, ...]:
    """NACE activities that typically produce ``class_id`` (from the EWC chapter titles);
    () for carriers, unknown classes and products without an EWC equivalent."""
    if not has_class(class_id):
        return ()
    table = ewc_producers()
    found: list[str] = []
    for code in _ewc_codes(class_id):
        if code in table:  # an entry's own reading wins over its sub-chapter's
            found.extend(table[code])
        elif code[:4] in table:  # a sub-chapter's own reading wins over its chapter's
            found.extend(table[code[:4]])
        elif code[:2] in table:
            found.extend(table[code[:2]])
        elif len(code) == 2:  # a chapter read per sub-chapter only
            found.extend(a for key, value in table.items() if key[:2] == code for a in value)
    return tuple(dict.fromkeys(found))


def users_of(class_id: str) -> tuple[str, ...]:
    """NACE activities that typically use a need of ``class_id`` (() when the table does not
    name any)."""
    return need_users().get(class_id, ())


@cache
def relations() -> tuple[NaceRelation, ...]:
    """The shipped relation table (built by ``data/network/build_nace_relations.py``)."""
    result = []
    for row in _rows("nace_relations.csv"):
        result.append(
            NaceRelation(
                supplier=row["supplier_nace"],
                customer=row["customer_nace"],
                offer_classes=tuple(row["offer_classes"].split()),
                need_classes=tuple(row["need_classes"].split()),
                uses=tuple(u for u in row["uses"].split("; ") if u),
                max_distance_km=float(row["max_distance_km"]),
            )
        )
    return tuple(result)


@cache
def relations_as_customer(code: str) -> tuple[NaceRelation, ...]:
    """Relations whose customer activity covers the NACE ``code``."""
    return tuple(r for r in relations() if covers(r.customer, code))


@cache
def relations_as_supplier(code: str) -> tuple[NaceRelation, ...]:
    """Relations whose supplier activity covers the NACE ``code``."""
    return tuple(r for r in relations() if covers(r.supplier, code))
