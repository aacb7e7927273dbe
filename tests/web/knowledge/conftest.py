from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from greencluster.core.knowledge.records import PracticeRecord
from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.knowledge import services
from greencluster.web.knowledge.models import Strategy, TrainingPackage


def record(ref: str, title: str, *, language: str = "en", public: bool | None = True, **fields):
    values = {
        "origin_region": "",
        "country": "",
        "domain": "",
        "challenges": (),
        "wood_types": (),
        "scale": "",
        "sustainability_potential": "",
        "year_start": None,
        "year_end": None,
        "contacts": "",
        "organisations": (),
        "is_demo": False,
    }
    texts = {"title": {language: title}}
    for name in ("summary", "environmental_impact", "knowledge_needed"):
        if name in fields:
            texts[name] = {language: fields.pop(name)}
    values.update(fields)
    return PracticeRecord(ref=ref, row=0, texts=texts, public=public, **values)


@pytest.fixture
def coordinator_viewer(world):
    return viewer_for(world.coordinator)


@pytest.fixture
def practices(world, coordinator_viewer):
    """A public practice (birch, local scale) and a members-only one of the same cluster, and
    a public practice of the other cluster."""
    public = services.practice_save(
        viewer=coordinator_viewer,
        cluster=world.cluster,
        record=record(
            "GP-1",
            "Village heat from birch thinnings",
            summary="A farmer heats the school with wood chips.",
            wood_types=("birch",),
            scale="local",
            domain="renewable-heat",
            origin_region="Kuortane",
            country="FI",
            year_start=2008,
            year_end=2012,
        ),
        organisations=[world.org],
    )
    hidden = services.practice_save(
        viewer=coordinator_viewer,
        cluster=world.cluster,
        record=record("GP-2", "Members-only ash recycling", public=False, domain="waste-recycling"),
    )
    other = services.practice_save(
        viewer=viewer_for(world.other_coordinator),
        cluster=world.other_cluster,
        record=record("GP-9", "Grenland return transport", wood_types=("spruce",)),
    )
    return public, hidden, other


@pytest.fixture
def package(world, coordinator_viewer):
    package = services.package_create(
        viewer=coordinator_viewer,
        cluster=world.cluster,
        titles={"en": "Heat entrepreneurship week", "fi": "Lämpöyrittäjyysviikko"},
        descriptions={"en": "One week for foreign groups."},
        days=5,
        languages=["en", "de", "fi"],
        target_groups=["foreign-delegations"],
        price_eur=Decimal("9500"),
    )
    for code, days, langs, partner in (
        ("M1", "1", ["en", "de", "fi"], world.org),
        ("M2", "1.5", ["en", "de"], world.neighbour),
        ("M3", "0.5", ["en", "fi"], None),
    ):
        services.module_add(
            viewer=coordinator_viewer,
            package=package,
            code=code,
            titles={"en": f"Module {code}"},
            duration_days=Decimal(days),
            languages=langs,
            partner=partner,
        )
    return TrainingPackage.objects.get(pk=package.pk)


@pytest.fixture
def strategy(world, coordinator_viewer) -> Strategy:
    strategy = services.strategy_create(
        viewer=coordinator_viewer,
        cluster=world.cluster,
        title="Heat cluster strategy",
        year_start=2026,
        year_end=2030,
        texts={"en": "More village heat plants."},
        focus_areas=[("Green circular industry", ""), ("Green logistics", "")],
    )
    area = strategy.focus_areas.first()
    services.action_create(
        viewer=coordinator_viewer,
        strategy=strategy,
        title="Shared fuel logistics study",
        focus_area=area,
        owner="Cluster office",
        due_date=dt.date(2020, 1, 1),
        status="in-progress",
        progress_pct=40,
    )
    services.action_create(
        viewer=coordinator_viewer,
        strategy=strategy,
        title="Quality system for heat delivery",
        focus_area=area,
        status="done",
    )
    return strategy
