"""Importing and exporting a cluster's good practices (CSV, XLSX, JSON), all or nothing.

    result = practices_import(viewer=viewer, cluster=cluster, data=raw, filename="gp.xlsx")

The file is validated completely first (:func:`greencluster.core.knowledge.records.read_practices`:
field names and vocabulary terms in any of six languages, years, languages); organisations are
matched by slug, business id or exact name. Any problem aborts the import with every error
listed by row and column, and nothing is written. Rows whose ``ref`` is already in the cluster
update that practice (texts are merged by language; empty cells keep stored values).
An export reads back unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from greencluster.core.errors import InputError, RowError
from greencluster.core.knowledge.records import PracticeRecord, export_columns, read_practices
from greencluster.core.knowledge.vocabulary import LANGUAGES, TEXT_FIELDS
from greencluster.core.tables import read_table
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.services import audit_record
from greencluster.web.common.columns import column_errors
from greencluster.web.common.exports import table_export
from greencluster.web.knowledge.models import Practice
from greencluster.web.knowledge.services import KnowledgeError, practice_save
from greencluster.web.registry.models import Cluster, Organisation

FORMAT_NAME = "greencluster-practices"
FORMAT_VERSION = 1
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int


def _organisations(
    records: list[PracticeRecord], errors: list[RowError]
) -> dict[str, list[Organisation]]:
    wanted = {name for r in records for name in r.organisations}
    if not wanted:
        return {r.ref: [] for r in records}
    lowered = {w.lower() for w in wanted}
    found = Organisation.objects.filter(
        Q(slug__in=wanted) | Q(business_id__in=wanted) | Q(name__in=wanted)
    )
    index: dict[str, Organisation] = {}
    for org in found:
        for key in (org.slug, org.business_id, org.name):
            if key and key.lower() in lowered:
                index.setdefault(key.lower(), org)
    out = {}
    for record in records:
        orgs = []
        for name in record.organisations:
            org = index.get(name.lower())
            if org is None:
                errors.append(
                    RowError(
                        record.row,
                        "organisations",
                        f"no organisation '{name}' in the registry (give its slug, business id "
                        "or exact name)",
                    )
                )
            else:
                orgs.append(org)
        out[record.ref] = orgs
    return out


def practices_import(
    *, viewer: Viewer, cluster: Cluster, data: bytes, filename: str, default_language: str = "en"
) -> ImportResult:
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may import good practices")
    table = read_table(data, name=filename)
    records = read_practices(table, default_language=default_language)
    errors = [
        error
        for r in records
        for error in column_errors(
            r.row, Practice, {"ref": r.ref, "origin_region": r.origin_region}
        )
    ]
    organisations = _organisations(records, errors)
    if errors:
        raise InputError(errors, source=table.source)
    return _apply(viewer, cluster, records, organisations, rows=len(table), source=table.source)


@transaction.atomic
def _apply(
    viewer: Viewer,
    cluster: Cluster,
    records: list[PracticeRecord],
    organisations: dict[str, list[Organisation]],
    *,
    rows: int,
    source: str,
) -> ImportResult:
    existing = set(Practice.objects.filter(cluster=cluster).values_list("ref", flat=True))
    errors = []
    for record in records:
        orgs = organisations[record.ref]
        try:
            practice_save(
                viewer=viewer,
                cluster=cluster,
                record=record,
                organisations=orgs if record.organisations else None,
                keep_stored=True,
            )
        except KnowledgeError as exc:
            errors.append(RowError(record.row, exc.field, str(exc)))
    if errors:
        transaction.set_rollback(True)
        raise InputError(errors, source=source)
    created = sum(r.ref not in existing for r in records)
    audit_record(
        actor=viewer.user,
        action="practice.import",
        target=cluster,
        cluster=cluster,
        changes={"source": source, "rows": rows, "created": created},
    )
    return ImportResult(rows, created, len(records) - created)


def practice_row(practice: Practice) -> dict[str, Any]:
    row: dict[str, Any] = {"ref": practice.ref}
    for name in TEXT_FIELDS:
        for lang in LANGUAGES:
            row[f"{name}_{lang}"] = (practice.texts or {}).get(name, {}).get(lang, "")
    row.update(
        origin_region=practice.origin_region,
        country=practice.country,
        domain=practice.domain,
        challenges=list(practice.challenges or []),
        wood_types=list(practice.wood_types or []),
        scale=practice.scale,
        sustainability_potential=practice.sustainability_potential,
        year_start=practice.year_start,
        year_end=practice.year_end,
        contacts=practice.contacts,
        organisations=[o.slug for o in practice.organisations.all()],
        public=practice.is_public,
        is_demo=practice.is_demo,
    )
    return row


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def practices_export(practices: list[Practice], fmt: str) -> bytes:
    """The practices as a file that :func:`practices_import` reads back."""
    columns = export_columns()
    rows = [practice_row(p) for p in practices]
    if fmt == "json":
        document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "items": rows}
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    if fmt in ("csv", "xlsx"):
        return table_export(columns, rows, fmt, sheet="practices", cell=_cell)
    raise ValueError(f"unknown export format '{fmt}': expected csv, xlsx or json")
