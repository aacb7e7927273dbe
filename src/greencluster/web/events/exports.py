"""The funders' activity figures as CSV or XLSX: one row per event with its type, date,
participants, organisations, SMEs and partnering funnel, then a total row."""

from __future__ import annotations

from typing import Any

from greencluster.core.tables import write_table
from greencluster.web.events.selectors import FUNNEL_STAGES

COLUMNS = (
    "cluster",
    "event",
    "type",
    "starts",
    "mini_cluster",
    "participants",
    "guests",
    "organisations",
    "smes",
    "size_unknown",
    *(f"meetings_{stage}" for stage in FUNNEL_STAGES),
)


def figures_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    cluster = figures["cluster"].slug
    rows = []
    for item in figures["rows"]:
        event = item["event"]
        row = {
            "cluster": cluster,
            "event": event.title,
            "type": event.kind,
            "starts": event.starts_at.astimezone(event.zone).strftime("%Y-%m-%d %H:%M"),
            "mini_cluster": event.mini_cluster.slug if event.mini_cluster else "",
            "participants": item["participants"],
            "guests": item["guests"],
            "organisations": item["organisations"],
            "smes": item["smes"],
            "size_unknown": item["size_unknown"],
        }
        for stage in FUNNEL_STAGES:
            row[f"meetings_{stage}"] = item["funnel"][stage] if item["funnel"] else ""
        rows.append(row)
    total = {
        "cluster": cluster,
        "event": "TOTAL",
        "type": "",
        "starts": f"{figures['period'].start:%Y-%m-%d}..{figures['period'].end:%Y-%m-%d}",
        "mini_cluster": "",
        "participants": figures["participants"],
        "guests": sum(item["guests"] for item in figures["rows"]),
        "organisations": figures["organisations"],
        "smes": figures["smes"],
        "size_unknown": figures["size_unknown"],
    }
    for stage in FUNNEL_STAGES:
        total[f"meetings_{stage}"] = figures["funnel"][stage]
    rows.append(total)
    return rows


def figures_export(figures: dict[str, Any], fmt: str) -> bytes:
    return write_table(COLUMNS, figures_rows(figures), fmt, sheet="activities")
