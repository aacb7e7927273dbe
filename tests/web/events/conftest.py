from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.events import partnering, services
from greencluster.web.events.models import Event, Registration
from greencluster.web.events.services import EventSpec
from tests.web.factories import make_org_user, make_organisation

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture(autouse=True)
def _quick_scheduler(settings):
    settings.GREENCLUSTER = {**settings.GREENCLUSTER, "SCHEDULER_TIME_LIMIT_S": 3}


def at(days: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A time ``days`` from today at ``hour`` in Helsinki."""
    day = dt.datetime.now(HELSINKI).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=HELSINKI)


def workshop_spec(**fields) -> EventSpec:
    values = {
        "kind": Event.Kind.WORKSHOP,
        "title": "Ash recycling workshop",
        "starts_at": at(10, 9),
        "ends_at": at(10, 15),
        "venue": "Seinäjoki",
    }
    values.update(fields)
    return EventSpec(**values)


def partnering_spec(*, days: int = 10, **fields) -> EventSpec:
    values = {
        "kind": Event.Kind.PARTNERING,
        "title": "Heat partnering day",
        "starts_at": at(days, 9),
        "ends_at": at(days, 17),
        "venue": "Kuortane",
        "meetings_start_at": at(days, 10),
        "slot_minutes": 20,
        "slot_count": 6,
        "tables": 3,
    }
    values.update(fields)
    return EventSpec(**values)


def published(world, spec: EventSpec, cluster=None) -> Event:
    viewer = viewer_for(
        world.coordinator if cluster is None else cluster_coordinator(world, cluster)
    )
    event = services.event_create(viewer=viewer, cluster=cluster or world.cluster, spec=spec)
    return services.event_publish(viewer=viewer, event=event)


def cluster_coordinator(world, cluster):
    return world.coordinator if cluster == world.cluster else world.other_coordinator


@pytest.fixture
def coord(world):
    return viewer_for(world.coordinator)


@pytest.fixture
def workshop(world):
    return published(world, workshop_spec(capacity=2))


@pytest.fixture
def day(world):
    """A partnering day of the heat cluster."""
    return published(world, partnering_spec())


def register(user, event: Event) -> Registration:
    return services.registration_create(viewer=viewer_for(user), event=event)


@pytest.fixture
def people(world, day):
    """Three confirmed participants from three organisations, with profiles."""
    third = make_organisation(cluster=world.cluster, name="Kolmas Oy", slug="kolmas")
    third_user = make_org_user(third, "member", "third")
    regs = {
        "member": register(world.org_member, day),
        "neighbour": register(world.neighbour_admin, day),
        "third": register(third_user, day),
    }
    texts = {
        "member": ("boiler maintenance\nwood ash from our boiler", "dry wood chips"),
        "neighbour": ("dry birch wood chips for heat plants", "boiler maintenance services"),
        "third": ("training courses for entrepreneurs", "new trainees"),
    }
    users = {"member": world.org_member, "neighbour": world.neighbour_admin, "third": third_user}
    for key, registration in regs.items():
        offers, seeks = texts[key]
        partnering.profile_save(
            viewer=viewer_for(users[key]),
            registration=registration,
            offers=offers,
            seeks=seeks,
            cooperation=["commercial"],
        )
    return regs, users


def meet(users, regs, a: str, b: str, *, priority: int = 1):
    """``a`` asks ``b`` for a meeting and ``b`` accepts; returns the meeting."""
    request = partnering.meeting_request_create(
        viewer=viewer_for(users[a]), requester=regs[a], invitees=[regs[b]], priority=priority
    )
    invitation = request.invitations.get()
    partnering.invitation_answer(viewer=viewer_for(users[b]), invitation=invitation, accept=True)
    request.refresh_from_db()
    return request.meeting
