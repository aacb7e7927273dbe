"""The resource classes listings are classified into.

Three families share one id space:

* the European List of Waste: ``ewc.XX`` chapters (20), ``ewc.XXXX`` sub-chapters (111) and
  ``ewc.XXXXXX`` entries (842), with the hazardous flag, English labels (Defra, OGL v3.0),
  German labels (AVV Anlage, amtliches Werk) and Finnish/Swedish labels of bio-based side
  streams (Luke Biomass Atlas, MIT);
* carriers that are not wastes (``energy.heat``, ``water.cooling``, ``gas.co2`` ...) under the
  family classes ``energy``, ``water`` and ``gas``;
* products and by-products (``product.wood-chips``, ``product.fly-ash`` ...) under ``product``,
  naming their closest EWC entries in ``ewc_equivalents``.

Sources and licences: ``greencluster/data/taxonomy/SOURCES.md``.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType

LANGUAGES = ("en", "fi", "sv", "nb", "et", "de")


@dataclass(frozen=True, slots=True)
class ResourceClass:
    """One class: an EWC entry, sub-chapter or chapter, a carrier or a product (``kind``
    "waste", "sub-chapter", "chapter", "carrier" or "product")."""

    id: str
    kind: str
    ewc: str | None
    parent: str | None
    hazardous: bool
    labels: Mapping[str, str]
    ewc_equivalents: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        """The label in ``lang``, falling back to English."""
        return self.labels.get(lang) or self.labels["en"]


def data_text(name: str) -> str:
    """Text of a file shipped in ``greencluster/data/taxonomy``."""
    return (files("greencluster.data") / "taxonomy" / name).read_text(encoding="utf-8")


def data_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data_text(name))))


_LUKE_SUFFIXES = (", yritystoiminnasta", ", från företag", ", from enterprises")


def _luke_label(text: str) -> str:
    for suffix in _LUKE_SUFFIXES:
        if text.lower().endswith(suffix):
            return text[: -len(suffix)].strip()
    return text.strip()


def _luke_labels() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for row in data_rows("luke_biomass_atlas_ewc_sidestreams_fi_sv_en.csv"):
        code = row["ewc_code"]
        if len(code) != 6 or not code.isdigit():
            continue  # Luke's national sub-divisions such as 190805A
        labels[code] = {"fi": _luke_label(row["label_fi"]), "sv": _luke_label(row["label_sv"])}
    return labels


def _ewc_classes() -> list[ResourceClass]:
    german = {row["code"]: row["label_de"] for row in data_rows("ewc_avv_de_bundestag.csv")}
    nordic = _luke_labels()
    chapters: dict[str, str] = {}
    subchapters: dict[str, str] = {}
    entries: list[ResourceClass] = []
    for row in data_rows("ewc_list_of_waste_en_defra.csv"):
        code = row["code"]
        chapters.setdefault(row["chapter_code"], row["chapter"])
        subchapters.setdefault(row["sub_chapter_code"], row["sub_chapter"])
        labels = {"en": row["description"]}
        if code in german:
            labels["de"] = german[code]
        labels.update(nordic.get(code, {}))
        entries.append(
            ResourceClass(
                id=f"ewc.{code}",
                kind="waste",
                ewc=code,
                parent=f"ewc.{row['sub_chapter_code']}",
                hazardous=row["is_hazardous"] == "true",
                labels=MappingProxyType(labels),
            )
        )
    heads: list[ResourceClass] = []
    for code, label in chapters.items():
        heads.append(_group(code, "chapter", None, label, german))
    for code, label in subchapters.items():
        heads.append(_group(code, "sub-chapter", f"ewc.{code[:2]}", label, german))
    return heads + entries


def _group(
    code: str, kind: str, parent: str | None, label: str, german: Mapping[str, str]
) -> ResourceClass:
    labels = {"en": label}
    if code in german:
        labels["de"] = german[code]
    return ResourceClass(
        id=f"ewc.{code}",
        kind=kind,
        ewc=None,
        parent=parent,
        hazardous=False,
        labels=MappingProxyType(labels),
    )


def _extra_classes() -> list[ResourceClass]:
    extra: list[ResourceClass] = []
    for row in data_rows("classes_extra.csv"):
        labels = {lang: row[lang] for lang in LANGUAGES if row.get(lang)}
        extra.append(
            ResourceClass(
                id=row["id"],
                kind=row["kind"],
                ewc=None,
                parent=row["parent"] or None,
                hazardous=False,
                labels=MappingProxyType(labels),
                ewc_equivalents=tuple(row["ewc_equivalents"].split()),
            )
        )
    return extra


@cache
def _registry() -> Mapping[str, ResourceClass]:
    classes = _ewc_classes() + _extra_classes()
    return MappingProxyType({c.id: c for c in classes})


def all_classes() -> Sequence[ResourceClass]:
    """Every class: EWC chapters, sub-chapters and entries, carriers, products."""
    return tuple(_registry().values())


def get_class(class_id: str) -> ResourceClass:
    """The class with this id; KeyError naming the id and what ids look like otherwise."""
    try:
        return _registry()[class_id]
    except KeyError:
        raise KeyError(
            f"unknown resource class '{class_id}': expected an id such as 'ewc.100105', "
            "'ewc.1001', 'energy.heat' or 'product.wood-chips'"
        ) from None


def has_class(class_id: str) -> bool:
    return class_id in _registry()


def ancestors(class_id: str) -> tuple[str, ...]:
    """The class itself followed by its parents up to the root ('ewc.100105', 'ewc.1001', ...)."""
    chain: list[str] = []
    current: str | None = class_id
    while current is not None:
        chain.append(current)
        current = get_class(current).parent
    return tuple(chain)


def subchapter_of(class_id: str) -> str:
    """The sub-chapter a class belongs to, for sub-chapter level comparisons.

    EWC entries give their sub-chapter; products give the sub-chapter of their first EWC
    equivalent (so ``product.sawdust`` and ``ewc.030105`` agree); carriers, chapters and
    products without an equivalent stand for themselves.
    """
    cls = get_class(class_id)
    if cls.kind == "waste" and cls.parent is not None:
        return cls.parent
    if cls.kind == "product" and cls.ewc_equivalents:
        return f"ewc.{cls.ewc_equivalents[0][:4]}"
    return class_id


@cache
def _equivalent_products() -> Mapping[str, tuple[str, ...]]:
    """EWC entry id -> product ids naming it as an equivalent."""
    products: dict[str, list[str]] = defaultdict(list)
    for cls in all_classes():
        for code in cls.ewc_equivalents:
            products[f"ewc.{code}"].append(cls.id)
    return MappingProxyType({k: tuple(v) for k, v in products.items()})


def equivalents(class_id: str) -> tuple[str, ...]:
    """Classes standing for the same material: a product's EWC entries, an entry's products."""
    cls = get_class(class_id)
    if cls.ewc_equivalents:
        return tuple(f"ewc.{code}" for code in cls.ewc_equivalents)
    return _equivalent_products().get(class_id, ())
