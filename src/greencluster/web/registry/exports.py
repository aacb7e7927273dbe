"""Exporting a cluster's registry as CSV, XLSX (one row per site) or the JSON interchange
document. Confidential figures are included only for viewers allowed to see them."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.common.spreadsheets import text_cells
from greencluster.web.registry.interchange import (
    FLAT_COLUMNS,
    FORMAT_NAME,
    FORMAT_VERSION,
    LANGS,
    LOCAL_REF_PREFIX,
)
from greencluster.web.registry.models import Cluster, MiniCluster
from greencluster.web.registry.selectors import organisation_queryset, organisation_view

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def registry_document(viewer: Viewer, cluster: Cluster) -> dict[str, Any]:
    """The interchange document of ``cluster``: its organisations with sites, memberships and
    the figures ``viewer`` may see."""
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may export its registry")
    organisations = organisation_queryset().filter(memberships__cluster=cluster).order_by("name")
    items = []
    for org in organisations:
        view = organisation_view(viewer, org)
        items.append(
            {
                "business_id": view["business_id"] or None,
                "ref": view["external_ref"] or f"{LOCAL_REF_PREFIX}{view['slug']}",
                "name": view["name"],
                "country": view["country"],
                "type": view["org_type"],
                "nace_codes": view["nace_codes"],
                "employees": view["employees"],
                "turnover_eur": view["turnover_eur"],
                "export_eur": view["export_eur"],
                "figures_year": view["figures_year"],
                "website": view["website"] or None,
                "descriptions": {k: v for k, v in view["descriptions"].items() if v},
                "memberships": [
                    {"cluster": m["cluster"], "role": m["role"]} for m in view["memberships"]
                ],
                "mini_clusters": view["mini_clusters"],
                "sites": [
                    {k: s[k] for k in ("name", "address", "postcode", "place", "lat", "lon")}
                    for s in view["sites"]
                ],
                "demo_fields": view["demo_fields"],
            }
        )
    minis = MiniCluster.objects.filter(clusters=cluster).order_by("name")
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "cluster": {
            "slug": cluster.slug,
            "name": cluster.name,
            "region": cluster.region,
            "country": cluster.country,
            "languages": cluster.language_list,
        },
        "mini_clusters": [{"slug": m.slug, "name": m.name, "theme": m.theme} for m in minis],
        "organisations": items,
    }


def registry_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Flat rows (one per site; an organisation without sites gets one row)."""
    cluster = document["cluster"]["slug"]
    rows = []
    for org in document["organisations"]:
        base = {
            "business_id": org["business_id"],
            "ref": org["ref"],
            "name": org["name"],
            "country": org["country"],
            "type": org["type"],
            "nace_codes": ";".join(org["nace_codes"]),
            "employees": org["employees"],
            "turnover_eur": org["turnover_eur"],
            "export_eur": org["export_eur"],
            "figures_year": org["figures_year"],
            "website": org["website"],
            "role": next(
                (m["role"] for m in org["memberships"] if m["cluster"] == cluster), "member"
            ),
            "mini_clusters": ";".join(org["mini_clusters"]),
        }
        for lang in LANGS:
            base[f"description_{lang}"] = org["descriptions"].get(lang)
        sites = org["sites"] or [{}]
        for site in sites:
            row = dict(base)
            row.update(
                site_name=site.get("name"),
                address=site.get("address"),
                postcode=site.get("postcode"),
                place=site.get("place"),
                lat=site.get("lat"),
                lon=site.get("lon"),
            )
            rows.append(row)
    return rows


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def registry_export(viewer: Viewer, cluster: Cluster, fmt: str) -> bytes:
    document = registry_document(viewer, cluster)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    rows = registry_rows(document)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(FLAT_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _plain(row.get(k)) for k in FLAT_COLUMNS})
        return buffer.getvalue().encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("organisations")
        sheet.append(list(FLAT_COLUMNS))
        for row in rows:
            sheet.append(text_cells(sheet, [_plain(row.get(k)) for k in FLAT_COLUMNS]))
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"unknown export format '{fmt}': expected csv, xlsx or json")
