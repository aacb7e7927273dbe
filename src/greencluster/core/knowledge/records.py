"""Reading good-practice files (CSV, XLSX, JSON) into validated records, all or nothing.

One row is one practice, or one language version of it: rows sharing a ``ref`` are merged,
their texts becoming translations. Column names may be the field names (``wood_types``) or
the field labels in any of the six languages (``Puulaji``, ``Holzart``, ``Origin region``);
translatable texts come either in ``<field>`` with the row's ``language`` or in
``<field>_<lang>`` columns (``title_fi``). Vocabulary cells accept a code or a term's name in
any language (``koivu`` is ``birch``). Every problem is reported with its row and column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from greencluster.core.errors import InputError, RowError
from greencluster.core.knowledge.vocabulary import (
    FIELDS,
    LANGUAGES,
    TEXT_FIELDS,
    Kind,
    PracticeField,
    UnknownTerm,
)
from greencluster.core.tables import (
    Field,
    FieldError,
    Record,
    Table,
    boolean,
    collect_records,
    integer,
    normalise_column,
    text,
)

MAX_TEXT_CHARS = 20_000
_COUNTRY = re.compile(r"^[A-Z]{2}$")

LANGUAGE_ALIASES = ("kieli", "språk", "keel", "sprache", "text_language")
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "ref": ("reference", "id", "tunnus", "referens", "referanse", "viide", "referenz"),
    "country": ("maa", "land", "riik"),
    "organisations": (
        "organizations",
        "organisaatiot",
        "organisationer",
        "organisasjoner",
        "organisatsioonid",
        "organisationen",
    ),
    "public": ("julkinen", "offentlig", "avalik", "öffentlich", "is_public"),
    "is_demo": ("demo",),
}


@dataclass(frozen=True, slots=True)
class PracticeRecord:
    """A validated good practice. ``texts`` maps a translatable field to ``{language: text}``."""

    ref: str
    row: int
    texts: Mapping[str, Mapping[str, str]]
    origin_region: str
    country: str
    domain: str
    challenges: tuple[str, ...]
    wood_types: tuple[str, ...]
    scale: str
    sustainability_potential: str
    year_start: int | None
    year_end: int | None
    contacts: str
    organisations: tuple[str, ...]
    public: bool | None
    is_demo: bool

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if any(lang in t for t in self.texts.values()))


def _aliases(spec: PracticeField) -> tuple[str, ...]:
    names = {normalise_column(label) for label in spec.labels} - {spec.name}
    return tuple(sorted(names))


def _term_parser(spec: PracticeField) -> Any:
    vocabulary = spec.vocabulary
    assert vocabulary is not None

    def one(value: str) -> str:
        try:
            return vocabulary.resolve(value).code
        except UnknownTerm as exc:
            raise FieldError(str(exc)) from None

    def many(value: str) -> tuple[str, ...]:
        parts = [p for p in re.split(r"[;,\n]", value) if p.strip()]
        return tuple(dict.fromkeys(one(p) for p in parts))

    return one if spec.kind is Kind.TERM else many


def _bounded_text(value: str) -> str:
    if len(value) > MAX_TEXT_CHARS:
        raise FieldError(f"expected at most {MAX_TEXT_CHARS} characters, got {len(value)}")
    return value


def _language(value: str) -> str:
    code = value.strip().lower()[:2]
    if code not in LANGUAGES or len(value.strip()) not in (2, 5):
        raise FieldError(f"expected a language code, one of {', '.join(LANGUAGES)}")
    return code


def _country(value: str) -> str:
    code = value.strip().upper()
    if not _COUNTRY.match(code):
        raise FieldError(f"expected a two-letter country code such as FI or DE, got '{value}'")
    return code


def _list(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(";") if p.strip())


def practice_fields() -> list[Field]:
    """The columns a practice file may have, with their aliases in six languages."""
    fields = [
        Field("ref", text, required=True, aliases=EXTRA_ALIASES["ref"]),
        Field("language", _language, aliases=LANGUAGE_ALIASES),
    ]
    for spec in FIELDS:
        if spec.kind is Kind.TEXT:
            fields.append(Field(spec.name, _bounded_text, aliases=_aliases(spec)))
            fields.extend(Field(f"{spec.name}_{lang}", _bounded_text) for lang in LANGUAGES)
        elif spec.kind is Kind.PLAIN:
            fields.append(Field(spec.name, _bounded_text, aliases=_aliases(spec)))
        elif spec.kind is Kind.YEAR:
            parser = integer(min_value=1900, max_value=2100)
            fields.append(Field(spec.name, parser, aliases=_aliases(spec)))
        else:
            default = () if spec.kind is Kind.TERMS else ""
            fields.append(
                Field(spec.name, _term_parser(spec), default=default, aliases=_aliases(spec))
            )
    fields += [
        Field("country", _country, default="", aliases=EXTRA_ALIASES["country"]),
        Field("organisations", _list, default=(), aliases=EXTRA_ALIASES["organisations"]),
        Field("public", boolean, aliases=EXTRA_ALIASES["public"]),
        Field("is_demo", boolean, aliases=EXTRA_ALIASES["is_demo"]),
    ]
    return fields


def _canonical(table: Table, fields: list[Field]) -> tuple[Table, list[RowError]]:
    """Rename every alias column to its field name, cell by cell, so that rows of one file may
    name a field in different languages (JSON rows often do). Two different values for the
    same field in one row are an error."""
    owner = {alias: spec.name for spec in fields for alias in (spec.name, *spec.aliases)}
    errors: list[RowError] = []
    records = []
    for record in table.records:
        values: dict[str, str] = {}
        for column, value in record.values.items():
            name = owner.get(column, column)
            if not value:
                values.setdefault(name, "")
                continue
            if values.get(name) and values[name] != value:
                errors.append(RowError(record.row, name, f"is given twice ('{column}' too)"))
            values[name] = value
        records.append(Record(record.row, values))
    columns = tuple(dict.fromkeys(owner.get(c, c) for c in table.columns))
    return Table(table.source, columns, tuple(records)), errors


SCALAR_FIELDS = (
    "origin_region",
    "country",
    "domain",
    "challenges",
    "wood_types",
    "scale",
    "sustainability_potential",
    "year_start",
    "year_end",
    "contacts",
    "organisations",
    "public",
    "is_demo",
)


def read_practices(table: Table, *, default_language: str = "en") -> list[PracticeRecord]:
    """Validate every row of ``table`` and merge rows of the same ``ref``; raise one
    :class:`InputError` listing every problem, or return the records in file order."""
    if default_language not in LANGUAGES:
        raise ValueError(f"unknown language '{default_language}'")
    if not table.records:
        raise InputError("the file has no data rows", source=table.source)
    fields = practice_fields()
    table, errors = _canonical(table, fields)
    rows, more = collect_records(table, fields)
    errors.extend(more)
    merged: dict[str, dict[str, Any]] = {}
    for rec in rows:
        row, ref = rec["_row"], rec["ref"]
        language = rec["language"] or default_language
        texts: dict[str, dict[str, str]] = {}
        for name in TEXT_FIELDS:
            if rec[name]:
                texts.setdefault(name, {})[language] = rec[name]
            for lang in LANGUAGES:
                value = rec[f"{name}_{lang}"]
                if value:
                    texts.setdefault(name, {})[lang] = value
        scalars = {name: rec[name] for name in SCALAR_FIELDS}
        first = merged.get(ref)
        if first is None:
            merged[ref] = {"row": row, "texts": texts, **scalars}
            continue
        for name, value in scalars.items():
            if value in (None, "", ()) or value == first[name]:
                continue
            if first[name] in (None, "", ()):
                first[name] = value
            else:
                errors.append(
                    RowError(row, name, f"differs from row {first['row']} of the same ref '{ref}'")
                )
        for name, by_lang in texts.items():
            known = first["texts"].setdefault(name, {})
            for lang, value in by_lang.items():
                if known.get(lang, value) != value:
                    errors.append(
                        RowError(
                            row,
                            name,
                            f"a different {lang} text was given in row {first['row']} "
                            f"for the same ref '{ref}'",
                        )
                    )
                known[lang] = value
    records = []
    for ref, values in merged.items():
        row = values["row"]
        if not values["texts"].get("title"):
            errors.append(RowError(row, "title", "is empty: a practice needs a title"))
            continue
        start, end = values["year_start"], values["year_end"]
        if start is not None and end is not None and end < start:
            errors.append(RowError(row, "year_end", f"is {end}, before the start year {start}"))
            continue
        values["is_demo"] = bool(values["is_demo"])
        records.append(PracticeRecord(ref=ref, **values))
    if errors:
        errors.sort(key=lambda e: (e.row or 0, e.column or ""))
        raise InputError(errors, source=table.source)
    return records


def export_columns() -> tuple[str, ...]:
    """The columns of an exported practice file (one row per practice, texts per language)."""
    columns = ["ref"]
    for spec in FIELDS:
        if spec.kind is Kind.TEXT:
            columns.extend(f"{spec.name}_{lang}" for lang in LANGUAGES)
        else:
            columns.append(spec.name)
    columns[columns.index("origin_region") + 1 : columns.index("origin_region") + 1] = ["country"]
    return (*columns, "organisations", "public", "is_demo")
