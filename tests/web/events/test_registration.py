"""Registration, capacity, the waiting list and who may register."""

from __future__ import annotations

import pytest
from django.core import mail

from greencluster.web.accounts.permissions import ANONYMOUS, PermissionDenied, viewer_for
from greencluster.web.events import services
from greencluster.web.events.models import Registration
from greencluster.web.events.services import EventsError
from tests.web.events.conftest import at, published, register, workshop_spec
from tests.web.factories import make_org_user, make_user


def test_a_full_event_puts_registrations_on_the_waiting_list(world, workshop):
    first = register(world.org_member, workshop)
    second = register(world.org_admin, workshop)
    third = register(world.neighbour_admin, workshop)
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waiting"]


def test_cancellation_promotes_the_first_waiting_registration_and_tells_them(
    world, workshop, django_capture_on_commit_callbacks
):
    first = register(world.org_member, workshop)
    register(world.org_admin, workshop)
    waiting_1 = services.registration_create(
        viewer=ANONYMOUS, event=workshop, name="Guest One", email="one@example.org"
    )
    waiting_2 = services.registration_create(
        viewer=ANONYMOUS, event=workshop, name="Guest Two", email="two@example.org"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(viewer=viewer_for(world.org_member), registration=first)
    statuses = dict(Registration.objects.filter(event=workshop).values_list("name", "status"))
    assert statuses["Guest One"] == "confirmed"
    assert statuses["Guest Two"] == "waiting"
    assert waiting_1.pk != waiting_2.pk
    assert [m.to for m in mail.outbox] == [["one@example.org"]]
    assert "seat" in mail.outbox[0].subject.lower()


def test_a_waiting_registration_that_cancels_frees_no_seat(world, workshop):
    register(world.org_member, workshop)
    register(world.org_admin, workshop)
    waiting = register(world.neighbour_admin, workshop)
    guest = services.registration_create(
        viewer=ANONYMOUS, event=workshop, name="Guest", email="g@example.org"
    )
    services.registration_cancel(viewer=viewer_for(world.neighbour_admin), registration=waiting)
    guest.refresh_from_db()
    assert guest.status == "waiting"


def test_more_seats_move_waiting_registrations_up(world, coord):
    event = published(world, workshop_spec(capacity=1))
    register(world.org_member, event)
    waiting = register(world.org_admin, event)
    services.event_update(viewer=coord, event=event, spec=workshop_spec(capacity=2))
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_guest_registers_with_name_and_email_and_gets_a_confirmation(
    world, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guest = services.registration_create(
            viewer=ANONYMOUS,
            event=workshop,
            name="Maija Meikäläinen",
            email="Maija@Example.org",
            organisation_name="Kunta",
            base_url="http://testserver/",
        )
    assert guest.status == "confirmed" and guest.email == "maija@example.org"
    (message,) = mail.outbox
    assert message.to == ["maija@example.org"]
    assert workshop.title in message.subject
    assert f"http://testserver/events/registration/{guest.token}/" in message.body


def test_guest_needs_name_and_email(world, workshop):
    with pytest.raises(EventsError) as err:
        services.registration_create(viewer=ANONYMOUS, event=workshop, name="X", email="")
    assert err.value.field == "email"


def test_registering_twice_is_refused_but_after_cancelling_allowed(world, workshop):
    first = register(world.org_member, workshop)
    with pytest.raises(EventsError):
        register(world.org_member, workshop)
    services.registration_cancel(viewer=viewer_for(world.org_member), registration=first)
    again = register(world.org_member, workshop)
    assert again.pk == first.pk and again.status == "confirmed"


def test_member_registration_names_the_members_organisation(world, workshop):
    registration = register(world.org_member, workshop)
    assert registration.organisation == world.org


def test_members_only_events_refuse_guests_and_non_members(world):
    event = published(world, workshop_spec(is_public=False))
    with pytest.raises(PermissionDenied):
        services.registration_create(
            viewer=ANONYMOUS, event=event, name="Guest", email="g@example.org"
        )
    foreign = make_org_user(world.foreign_org, "member", "foreigner")
    with pytest.raises(PermissionDenied):
        register(foreign, event)
    assert register(world.org_member, event).status == "confirmed"


def test_registration_closes_at_the_deadline_and_drafts_take_none(world, coord):
    closed = published(world, workshop_spec(registration_closes_at=at(-1)))
    with pytest.raises(EventsError, match="closed"):
        register(world.org_member, closed)
    draft = services.event_create(viewer=coord, cluster=world.cluster, spec=workshop_spec())
    with pytest.raises(EventsError, match="not open"):
        register(world.org_member, draft)


def test_only_the_holder_an_organiser_or_the_guest_link_cancels(world, workshop):
    registration = register(world.org_member, workshop)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(viewer=viewer_for(world.org_admin), registration=registration)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(
            viewer=viewer_for(world.other_coordinator), registration=registration
        )
    guest = services.registration_create(
        viewer=ANONYMOUS, event=workshop, name="Guest", email="g@example.org"
    )
    with pytest.raises(PermissionDenied):
        services.registration_cancel(viewer=ANONYMOUS, registration=guest, token="wrong")
    services.registration_cancel(viewer=ANONYMOUS, registration=guest, token=guest.token)
    services.registration_cancel(viewer=viewer_for(world.coordinator), registration=registration)


def test_only_coordinators_of_the_cluster_organise_events(world):
    with pytest.raises(PermissionDenied):
        services.event_create(
            viewer=viewer_for(world.other_coordinator), cluster=world.cluster, spec=workshop_spec()
        )
    with pytest.raises(PermissionDenied):
        services.event_create(
            viewer=viewer_for(make_user("nobody")), cluster=world.cluster, spec=workshop_spec()
        )


def test_event_input_is_checked(world, coord):
    with pytest.raises(EventsError) as err:
        services.event_create(
            viewer=coord,
            cluster=world.cluster,
            spec=workshop_spec(ends_at=at(9)),
        )
    assert err.value.field == "ends_at"


def test_attendance_is_recorded_by_organisers_only(world, workshop, coord):
    registration = register(world.org_member, workshop)
    with pytest.raises(PermissionDenied):
        services.attendance_set(
            viewer=viewer_for(world.org_member), registration=registration, attended=True
        )
    services.attendance_set(viewer=coord, registration=registration, attended=False)
    registration.refresh_from_db()
    assert registration.attended is False


def test_organisers_add_participants_also_after_registration_closed(world, coord):
    event = published(world, workshop_spec(capacity=1, registration_closes_at=at(-1)))
    added = services.registration_add(
        viewer=coord, event=event, name="Phoned in", organisation=world.neighbour
    )
    late = services.registration_add(
        viewer=coord, event=event, name="Second", email="s@example.org"
    )
    assert (added.status, late.status) == ("confirmed", "waiting")
    assert added.organisation == world.neighbour
    with pytest.raises(PermissionDenied):
        services.registration_add(viewer=viewer_for(world.org_admin), event=event, name="Self-made")


def test_members_only_events_of_a_shared_mini_cluster_are_open_to_both_clusters(world):
    from greencluster.web.events.selectors import event_get
    from greencluster.web.registry.models import MiniCluster

    shared = MiniCluster.objects.create(name="Finnish–Norwegian", slug="fi-no")
    shared.clusters.set([world.cluster, world.other_cluster])
    event = published(world, workshop_spec(is_public=False, mini_cluster=shared))
    plain = published(world, workshop_spec(is_public=False, title="Our own"))
    foreign = make_org_user(world.foreign_org, "member", "foreigner")
    assert event_get(viewer_for(foreign), event.slug) == event
    assert register(foreign, event).status == "confirmed"
    with pytest.raises(PermissionDenied):
        register(foreign, plain)
