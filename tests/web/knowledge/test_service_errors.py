"""Refusals of the knowledge services name the field at fault (and change nothing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from greencluster.core.errors import InputError
from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.knowledge import services
from greencluster.web.knowledge.models import Practice, Project, Publication, TrainingPackage
from greencluster.web.knowledge.transfer import practices_import


def test_an_import_ending_a_practice_before_its_stored_start_is_a_row_error(
    world, practices, coordinator_viewer
):
    public, _hidden, _other = practices
    assert public.year_start == 2008
    with pytest.raises(InputError) as info:
        practices_import(
            viewer=coordinator_viewer,
            cluster=world.cluster,
            data=b"ref,title_en,year_end\nGP-1,Village heat,2005\n",
            filename="gp.csv",
        )
    (error,) = info.value.errors
    assert (error.row, error.column) == (2, "year_end")
    assert "before the start year 2008" in error.message
    public.refresh_from_db()
    assert public.year_end == 2012


def test_a_package_with_a_minimum_group_above_the_maximum_names_the_field(
    world, coordinator_viewer
):
    with pytest.raises(services.KnowledgeError) as info:
        services.package_create(
            viewer=coordinator_viewer,
            cluster=world.cluster,
            titles={"en": "Week"},
            descriptions={},
            days=5,
            languages=["en"],
            target_groups=[],
            price_eur=Decimal("100"),
            min_participants=20,
            max_participants=10,
        )
    assert info.value.field == "min_participants"
    assert not TrainingPackage.objects.exists()


def test_negative_funding_names_the_field_and_saves_no_project(world, coordinator_viewer):
    with pytest.raises(services.KnowledgeError) as info:
        services.project_save(
            viewer=coordinator_viewer,
            cluster=world.cluster,
            title="Heat pilots",
            start_date=dt.date(2025, 1, 1),
            funding=[("EU", "Interreg", Decimal("-5"))],
        )
    assert info.value.field == "funding"
    assert not Project.objects.filter(title="Heat pilots").exists()


def test_a_publication_of_another_clusters_project_names_the_field(world, coordinator_viewer):
    foreign = services.project_save(
        viewer=viewer_for(world.other_coordinator), cluster=world.other_cluster, title="Grenland"
    )
    with pytest.raises(services.KnowledgeError) as info:
        services.publication_create(
            viewer=coordinator_viewer,
            cluster=world.cluster,
            kind=Publication.Kind.values[0],
            title="Report",
            abstract="",
            language="en",
            year=2025,
            projects=[foreign],
        )
    assert info.value.field == "projects"
    assert not Publication.objects.filter(title="Report").exists()


def test_a_reference_or_region_longer_than_stored_is_a_row_error(world, coordinator_viewer):
    with pytest.raises(InputError) as info:
        practices_import(
            viewer=coordinator_viewer,
            cluster=world.cluster,
            data=f"ref,title_en,origin_region\n{'R' * 61},Heat,\nGP-8,Heat,{'o' * 201}\n".encode(),
            filename="gp.csv",
        )
    assert [(e.row, e.column) for e in info.value.errors] == [(2, "ref"), (3, "origin_region")]
    assert not Practice.objects.exists()
