"""Network problems from files: a LISTINGS file (the matching format) or a registry
interchange export (``greencluster.registry`` version 1, docs/registry-interchange.schema.json).

* From listings, every organisation is in scope, placed at the mean of its listings' sites;
  the matching engine's suggestions become potential-flow edges and the listings feed the gap
  analysis.
* From an export, organisations are the nodes (id: register reference, else business id, else
  name), placed at their first located site; the export's cluster members are in scope (all
  organisations when it names no cluster); shared mini-clusters and NACE relations are the
  edges. An export carries no listings, so it has no flows and no listing gaps.

Every problem of a file is reported at once (:class:`~greencluster.core.errors.InputError`)
with its record number (the first organisation is row 2, as in a spreadsheet).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from greencluster.core.errors import InputError, RowError
from greencluster.core.geo import geocode
from greencluster.core.matching.io import read_listings
from greencluster.core.matching.problem import Listing
from greencluster.core.matching.solve import match_listings
from greencluster.core.nace import normalise_nace
from greencluster.core.network.problem import NetworkProblem, Node
from greencluster.core.network.sources import (
    mini_cluster_edges,
    nace_edges,
    potential_flow_edges,
)

REGISTRY_FORMAT = "greencluster.registry"
MATCH_TOP_K = 10


def read_network(path: Path) -> NetworkProblem:
    """The network problem of a listings file or a registry export (told apart by content)."""
    document = _json_document(path)
    if isinstance(document, dict) and document.get("format") == REGISTRY_FORMAT:
        return problem_from_export(document, source=path.name)
    if isinstance(document, dict):
        raise InputError(
            "a JSON object that is not a registry export: expected 'format': "
            f"'{REGISTRY_FORMAT}', or a list of listings",
            source=path.name,
        )
    return problem_from_listings(read_listings(path).listings)


def _json_document(path: Path) -> Any:
    if path.suffix.lower() != ".json":
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", source=path.name) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a readable JSON file: {exc}", source=path.name) from exc


def problem_from_listings(
    listings: Sequence[Listing], *, top_k: int = MATCH_TOP_K
) -> NetworkProblem:
    """Every listing's organisation in scope; potential flows from the matching engine."""
    places: dict[str, list[tuple[float, float]]] = {}
    for item in listings:
        places.setdefault(item.organization, []).append((item.lat, item.lon))
    nodes = [
        Node(
            org,
            name=org,
            lat=sum(p[0] for p in points) / len(points),
            lon=sum(p[1] for p in points) / len(points),
        )
        for org, points in places.items()
    ]
    edges = potential_flow_edges(match_listings(listings, top_k=top_k)) if listings else []
    return NetworkProblem.of(nodes, edges, listings)


def problem_from_export(document: dict[str, Any], *, source: str = "") -> NetworkProblem:
    """Nodes, mini-cluster and NACE edges of a registry interchange document."""
    if document.get("version") != 1:
        raise InputError(
            f"registry export version {document.get('version')!r}: expected 1", source=source
        )
    organisations = document.get("organisations")
    if not isinstance(organisations, list) or not organisations:
        raise InputError("'organisations' must be a non-empty list of objects", source=source)
    found = document.get("cluster")
    cluster: dict[str, Any] = found if isinstance(found, dict) else {}
    slug = str(cluster.get("slug") or "")
    region = str(cluster.get("region") or cluster.get("country") or "")
    errors: list[RowError] = []
    nodes: list[Node] = []
    groups: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for row, org in enumerate(organisations, start=2):
        node = _node(org, row, slug, region, errors)
        if node is None:
            continue
        if node.id in seen:
            errors.append(
                RowError(row, "ref", f"'{node.id}' is used again (first on row {seen[node.id]})")
            )
            continue
        seen[node.id] = row
        nodes.append(node)
        for mini in org.get("mini_clusters") or []:
            groups.setdefault(str(mini), []).append(node.id)
    if errors:
        raise InputError(errors, source=source)
    names = {
        str(m.get("slug")): str(m.get("name") or m.get("slug"))
        for m in document.get("mini_clusters") or []
        if isinstance(m, dict)
    }
    named = {names.get(key, key): members for key, members in groups.items()}
    return NetworkProblem.of(nodes, [*mini_cluster_edges(named), *nace_edges(nodes)])


def _node(org: Any, row: int, cluster: str, region: str, errors: list[RowError]) -> Node | None:
    if not isinstance(org, dict):
        errors.append(RowError(row, None, "expected an object describing an organisation"))
        return None
    name = str(org.get("name") or "").strip()
    if not name:
        errors.append(RowError(row, "name", "is empty: every organisation needs a name"))
        return None
    codes: list[str] = []
    raw_codes = org.get("nace_codes") or []
    if not isinstance(raw_codes, list):
        errors.append(RowError(row, "nace_codes", "expected a list of NACE codes"))
        raw_codes = []
    for value in raw_codes:
        try:
            codes.append(normalise_nace(str(value)))
        except ValueError as exc:
            errors.append(RowError(row, "nace_codes", str(exc)))
    lat, lon = _site(org.get("sites"), str(org.get("country") or ""))
    memberships = [m.get("cluster") for m in org.get("memberships") or [] if isinstance(m, dict)]
    roles = {m.get("role") for m in org.get("memberships") or [] if isinstance(m, dict)}
    node_id = str(org.get("ref") or org.get("business_id") or name)
    return Node(
        node_id,
        name=name,
        nace_codes=tuple(dict.fromkeys(codes)),
        lat=lat,
        lon=lon,
        region=region or str(org.get("country") or ""),
        in_scope=not cluster or not memberships or cluster in memberships,
        org_type=str(org.get("type") or "company"),
        declared_locomotive="locomotive" in roles or org.get("role") == "locomotive",
    )


def _site(sites: Any, country: str) -> tuple[float | None, float | None]:
    for site in sites if isinstance(sites, list) else []:
        if not isinstance(site, dict):
            continue
        lat, lon = site.get("lat"), site.get("lon")
        if isinstance(lat, int | float) and isinstance(lon, int | float):
            return float(lat), float(lon)
        if site.get("place"):
            found = geocode(str(site["place"]), country or None)
            if found is not None:
                return found
    return None, None
