"""Demo knowledge records for the five demo clusters (run by ``manage.py load_demo`` after the
registry demo). Good practices come from ``demo/practices.json`` through the same import as a
coordinator's upload (some rows name their fields in Finnish, Norwegian or Estonian); packages,
projects, publications and strategies from ``demo/knowledge.json`` through the services. Every
record is flagged ``is_demo``; prices, budgets, funding amounts, dates and owners are invented.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from importlib.resources import files
from typing import Any

from greencluster.web.impact.models import Goal
from greencluster.web.knowledge import services
from greencluster.web.knowledge.models import Project, Publication
from greencluster.web.knowledge.transfer import practices_import
from greencluster.web.registry.demo import SYSTEM
from greencluster.web.registry.models import Cluster, Organisation


def _read(name: str) -> Any:
    path = files("greencluster.web.knowledge") / "demo" / name
    return json.loads(path.read_text(encoding="utf-8"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load(passwords: dict[str, str]) -> None:
    """Create the demo knowledge records (call inside the demo transaction)."""
    clusters = {c.slug: c for c in Cluster.objects.all()}
    for slug, rows in _read("practices.json")["clusters"].items():
        practices_import(
            viewer=SYSTEM,
            cluster=clusters[slug],
            data=json.dumps({"rows": rows}, ensure_ascii=False).encode(),
            filename=f"demo-practices-{slug}.json",
        )
    data = _read("knowledge.json")
    organisations = {o.name: o for o in Organisation.objects.filter(name__startswith="Demo ")}
    _packages(data["packages"], clusters, organisations)
    projects = _projects(data["projects"], clusters)
    _publications(data["publications"], clusters, projects)
    _strategies(data["strategies"], clusters, projects)


def _packages(
    specs: list[dict[str, Any]], clusters: dict[str, Cluster], orgs: dict[str, Organisation]
) -> None:
    for spec in specs:
        package = services.package_create(
            viewer=SYSTEM,
            cluster=clusters[spec["cluster"]],
            titles=spec["titles"],
            descriptions=spec["descriptions"],
            days=spec["days"],
            languages=spec["languages"],
            target_groups=spec["target_groups"],
            price_eur=Decimal(spec["price_eur"]),
            price_basis=spec["price_basis"],
            min_participants=spec["min_participants"],
            max_participants=spec["max_participants"],
            is_demo=True,
        )
        for module in spec["modules"]:
            services.module_add(
                viewer=SYSTEM,
                package=package,
                code=module["code"],
                titles=module["titles"],
                duration_days=Decimal(module["duration_days"]),
                languages=module["languages"],
                partner=orgs.get(module["partner"]),
                partner_role=module["partner_role"],
            )


def _projects(specs: list[dict[str, Any]], clusters: dict[str, Cluster]) -> dict[str, Project]:
    made: dict[str, Project] = {}
    for spec in specs:
        made[spec["key"]] = services.project_save(
            viewer=SYSTEM,
            cluster=clusters[spec["cluster"]],
            title=spec["title"],
            summary=spec.get("summary", ""),
            parent=made[spec["parent"]] if spec.get("parent") else None,
            status=spec["status"],
            start_date=_date(spec.get("start_date")),
            end_date=_date(spec.get("end_date")),
            budget_eur=Decimal(spec["budget_eur"]) if spec.get("budget_eur") else None,
            outputs=spec.get("outputs", ""),
            is_public=spec["public"],
            funding=[(f, p, Decimal(a)) for f, p, a in spec.get("funding", [])],
            is_demo=True,
        )
    return made


def _publications(
    specs: list[dict[str, Any]], clusters: dict[str, Cluster], projects: dict[str, Project]
) -> list[Publication]:
    return [
        services.publication_create(
            viewer=SYSTEM,
            cluster=clusters[spec["cluster"]],
            kind=spec["kind"],
            title=spec["title"],
            abstract=spec["abstract"],
            language=spec["language"],
            year=spec["year"],
            authors=spec["authors"],
            projects=[projects[k] for k in spec["projects"]],
            is_public=spec["public"],
            is_demo=True,
        )
        for spec in specs
    ]


def _strategies(
    specs: list[dict[str, Any]], clusters: dict[str, Cluster], projects: dict[str, Project]
) -> None:
    for spec in specs:
        strategy = services.strategy_create(
            viewer=SYSTEM,
            cluster=clusters[spec["cluster"]],
            title=spec["title"],
            year_start=spec["year_start"],
            year_end=spec["year_end"],
            texts=spec["texts"],
            focus_areas=[(name, "") for name in spec["focus_areas"]],
            is_demo=True,
        )
        areas = list(strategy.focus_areas.all())
        for action in spec["actions"]:
            services.action_create(
                viewer=SYSTEM,
                strategy=strategy,
                title=action["title"],
                focus_area=areas[action["focus_area"]],
                owner=action["owner"],
                start_date=_date(action["start_date"]),
                due_date=_date(action["due_date"]),
                status=action["status"],
                progress_pct=action["progress_pct"],
                goal=Goal.objects.filter(
                    cluster=strategy.cluster, metric=action["goal_metric"]
                ).first()
                if action.get("goal_metric")
                else None,
                goal_ref=action.get("goal_ref", ""),
                projects=[projects[action["project"]]] if action.get("project") else None,
            )
