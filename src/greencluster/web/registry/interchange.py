"""The registry file formats: flat rows (CSV/XLSX, one row per site) and the nested JSON
interchange document (``greencluster.registry`` version 1, schema in
docs/registry-interchange.schema.json). Both import and export speak these, so that a file
exported from one GreenCluster installation imports into another."""

from __future__ import annotations

from typing import Any

from greencluster.core.errors import InputError, RowError
from greencluster.core.tables import Record, Table, cell_text

FORMAT_NAME = "greencluster.registry"
FORMAT_VERSION = 1
# Organisations without a business id or register reference are exported with the reference
# "gc:<slug>", which a re-import into the same installation resolves to the same organisation.
LOCAL_REF_PREFIX = "gc:"
LANGS = ("en", "fi", "sv", "nb", "et", "de")

ORGANISATION_COLUMNS = (
    "business_id",
    "ref",
    "name",
    "country",
    "type",
    "nace_codes",
    "employees",
    "turnover_eur",
    "export_eur",
    "figures_year",
    "website",
    *(f"description_{lang}" for lang in LANGS),
    "role",
    "mini_clusters",
)
SITE_COLUMNS = ("site_name", "address", "postcode", "place", "lat", "lon")
FLAT_COLUMNS = (*ORGANISATION_COLUMNS, *SITE_COLUMNS)


def is_interchange_document(payload: Any) -> bool:
    return isinstance(payload, dict) and payload.get("format") == FORMAT_NAME


def interchange_to_table(payload: dict[str, Any], *, source: str, cluster_slug: str) -> Table:
    """Flatten an interchange document into rows as a CSV file would hold them.

    Organisation ``i`` (0-based) of the document is reported as row ``i + 2`` so that error
    messages number records the same way for every format.
    """
    organisations = payload.get("organisations")
    if not isinstance(organisations, list):
        raise InputError("'organisations' must be a list of objects", source=source)
    bad = [
        RowError(index, None, "expected an object describing an organisation")
        for index, org in enumerate(organisations, start=2)
        if not isinstance(org, dict)
    ]
    bad += [
        RowError(index, key, message)
        for index, org in enumerate(organisations, start=2)
        if isinstance(org, dict)
        for key, message in _shape_problems(org)
    ]
    if bad:
        raise InputError(bad, source=source)
    records: list[Record] = []
    for index, org in enumerate(organisations, start=2):
        base = {
            "business_id": cell_text(org.get("business_id")),
            "ref": cell_text(org.get("ref")),
            "name": cell_text(org.get("name")),
            "country": cell_text(org.get("country")),
            "type": cell_text(org.get("type")),
            "nace_codes": cell_text(org.get("nace_codes")),
            "employees": cell_text(org.get("employees")),
            "turnover_eur": cell_text(org.get("turnover_eur")),
            "export_eur": cell_text(org.get("export_eur")),
            "figures_year": cell_text(org.get("figures_year")),
            "website": cell_text(org.get("website")),
            "mini_clusters": cell_text(org.get("mini_clusters")),
            "demo_fields": cell_text(org.get("demo_fields")),
        }
        descriptions = org.get("descriptions") or {}
        for lang in LANGS:
            base[f"description_{lang}"] = cell_text(descriptions.get(lang))
        role = cell_text(org.get("role"))
        for membership in org.get("memberships") or []:
            if isinstance(membership, dict) and membership.get("cluster") == cluster_slug:
                role = cell_text(membership.get("role"))
        base["role"] = role
        sites = org.get("sites") or []
        if not sites:
            records.append(Record(index, dict(base)))
        for site in sites:
            row = dict(base)
            row.update(
                {
                    "site_name": cell_text(site.get("name")),
                    "address": cell_text(site.get("address")),
                    "postcode": cell_text(site.get("postcode")),
                    "place": cell_text(site.get("place")),
                    "lat": cell_text(site.get("lat")),
                    "lon": cell_text(site.get("lon")),
                }
            )
            records.append(Record(index, row))
    columns = (*FLAT_COLUMNS, "demo_fields")
    return Table(source, columns, tuple(records))


def _shape_problems(org: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, message) for the nested parts of an organisation that are not of the shape the
    schema gives (a list where objects are expected, a number where a list is)."""
    problems = []
    for key, what in (("sites", "site"), ("memberships", "membership")):
        value = org.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append((key, f"expected a list of objects, one per {what}"))
    if not isinstance(org.get("descriptions") or {}, dict):
        problems.append(("descriptions", "expected an object of texts by language (en, fi, ...)"))
    return problems
