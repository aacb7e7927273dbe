"""Meeting requests and answers, suggestions, ratings, outcomes and the funnel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from greencluster.web.accounts.permissions import PermissionDenied, viewer_for
from greencluster.web.events import partnering, scheduling, selectors, services
from greencluster.web.events.models import Event, Meeting, MeetingRequest
from greencluster.web.events.services import EventsError
from tests.web.events.conftest import meet, partnering_spec, published, register


def test_an_accepted_request_becomes_a_meeting_of_both(people):
    regs, users = people
    meeting = meet(users, regs, "member", "neighbour", priority=2)
    assert meeting.status == "active" and meeting.priority == 2
    assert set(meeting.participants.all()) == {regs["member"], regs["neighbour"]}
    assert meeting.slot is None


def test_a_declined_request_makes_no_meeting_and_the_requester_is_told(
    people, django_capture_on_commit_callbacks
):
    regs, users = people
    regs["member"].email = "member@example.org"
    regs["member"].save()
    request = partnering.meeting_request_create(
        viewer=viewer_for(users["member"]), requester=regs["member"], invitees=[regs["third"]]
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        partnering.invitation_answer(
            viewer=viewer_for(users["third"]), invitation=request.invitations.get(), accept=False
        )
    request.refresh_from_db()
    assert request.status == "declined"
    assert not Meeting.objects.filter(request=request).exists()
    assert [m.to for m in mail.outbox] == [["member@example.org"]]


def test_multilateral_request_meets_with_everyone_who_accepted(people):
    regs, users = people
    request = partnering.meeting_request_create(
        viewer=viewer_for(users["member"]),
        requester=regs["member"],
        invitees=[regs["neighbour"], regs["third"]],
        message="A joint heat purchase?",
    )
    first, second = request.invitations.order_by("pk")
    partnering.invitation_answer(
        viewer=viewer_for(users["neighbour"]), invitation=first, accept=True
    )
    request.refresh_from_db()
    assert request.status == "pending"
    partnering.invitation_answer(viewer=viewer_for(users["third"]), invitation=second, accept=True)
    request.refresh_from_db()
    assert request.status == "accepted"
    assert request.meeting.participants.count() == 3


def test_only_the_invitee_answers_and_only_once(people):
    regs, users = people
    request = partnering.meeting_request_create(
        viewer=viewer_for(users["member"]), requester=regs["member"], invitees=[regs["neighbour"]]
    )
    invitation = request.invitations.get()
    with pytest.raises(PermissionDenied):
        partnering.invitation_answer(
            viewer=viewer_for(users["third"]), invitation=invitation, accept=True
        )
    partnering.invitation_answer(
        viewer=viewer_for(users["neighbour"]), invitation=invitation, accept=True
    )
    invitation.refresh_from_db()
    with pytest.raises(EventsError):
        partnering.invitation_answer(
            viewer=viewer_for(users["neighbour"]), invitation=invitation, accept=False
        )


def test_a_second_request_to_the_same_person_is_refused(people):
    regs, users = people
    meet(users, regs, "member", "neighbour")
    with pytest.raises(EventsError, match="already"):
        partnering.meeting_request_create(
            viewer=viewer_for(users["neighbour"]),
            requester=regs["neighbour"],
            invitees=[regs["member"]],
        )


def test_requests_go_only_to_confirmed_participants_of_the_same_day(world, people):
    regs, users = people
    other_day = published(world, partnering_spec(days=20, title="Another day"))
    stranger = register(world.org_admin, other_day)
    with pytest.raises(EventsError):
        partnering.meeting_request_create(
            viewer=viewer_for(users["member"]), requester=regs["member"], invitees=[stranger]
        )
    with pytest.raises(PermissionDenied):
        partnering.meeting_request_create(
            viewer=viewer_for(users["third"]),
            requester=regs["member"],
            invitees=[regs["neighbour"]],
        )


def test_a_member_sees_only_their_own_requests(world, people):
    regs, users = people
    meet(users, regs, "neighbour", "third")
    partnering.meeting_request_create(
        viewer=viewer_for(users["member"]), requester=regs["member"], invitees=[regs["third"]]
    )
    mine = selectors.my_requests(regs["member"])
    assert [r.requester for r in mine.sent] == [regs["member"]]
    assert mine.received == []
    with pytest.raises(PermissionDenied):
        selectors.request_list(viewer_for(users["member"]), regs["member"].event)
    everything = selectors.request_list(viewer_for(world.coordinator), regs["member"].event)
    assert everything.count() == 2


def test_suggestions_are_reciprocal_and_respect_no_thanks(people):
    regs, users = people
    found = [s.partner for s in partnering.suggestions(regs["member"])]
    assert found[0] == str(regs["neighbour"].pk)  # chips for maintenance, both ways
    assert str(regs["third"].pk) not in found[:1]
    partnering.partner_mark(
        viewer=viewer_for(users["neighbour"]),
        owner=regs["neighbour"],
        other=regs["member"],
        kind="no-thanks",
    )
    assert str(regs["neighbour"].pk) not in [
        s.partner for s in partnering.suggestions(regs["member"])
    ]


def test_requested_partners_are_no_longer_suggested(people):
    regs, users = people
    meet(users, regs, "member", "neighbour")
    assert str(regs["neighbour"].pk) not in [
        s.partner for s in partnering.suggestions(regs["member"])
    ]


def test_cancelling_a_registration_cancels_its_meetings_of_two(world, people):
    regs, users = people
    meeting = meet(users, regs, "member", "neighbour")
    services.registration_cancel(viewer=viewer_for(users["member"]), registration=regs["member"])
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


def _schedule(world, event):
    run = scheduling.schedule_run_start(viewer=viewer_for(world.coordinator), event=event)
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def test_ratings_open_when_the_meeting_begins_and_feed_the_funnel(world, people):
    regs, users = people
    meeting = meet(users, regs, "member", "neighbour")
    day = regs["member"].event
    _schedule(world, day)
    meeting.refresh_from_db()
    with pytest.raises(EventsError, match="time has come"):
        partnering.rating_save(
            viewer=viewer_for(users["member"]), meeting=meeting, rating="cooperation"
        )
    after = day.slot_end(meeting.slot) + dt.timedelta(minutes=1)
    partnering.rating_save(
        viewer=viewer_for(users["member"]), meeting=meeting, rating="cooperation", now=after
    )
    partnering.outcome_add(
        viewer=viewer_for(users["neighbour"]),
        meeting=meeting,
        agreement_type="supplier",
        agreed_on=after.date(),
        now=after + dt.timedelta(days=1),
    )
    with pytest.raises(PermissionDenied):
        partnering.rating_save(
            viewer=viewer_for(users["third"]), meeting=meeting, rating="informative", now=after
        )
    counts = selectors.funnel(Event.objects.filter(pk=day.pk), now=after)
    assert counts == {
        "requested": 1,
        "accepted": 1,
        "scheduled": 1,
        "held": 1,
        "rated": 1,
        "agreements": 1,
    }
    before = selectors.funnel(Event.objects.filter(pk=day.pk), now=day.slot_start(1))
    assert before["scheduled"] == 1 and before["held"] == 0


def test_a_meeting_rated_as_not_held_or_with_an_absent_participant_is_not_held(world, people):
    regs, users = people
    first = meet(users, regs, "member", "neighbour")
    meet(users, regs, "member", "third")
    day = regs["member"].event
    _schedule(world, day)
    later = day.slot_end(day.slot_count) + dt.timedelta(hours=1)
    first.refresh_from_db()
    partnering.rating_save(
        viewer=viewer_for(users["neighbour"]), meeting=first, rating="not-held", now=later
    )
    services.attendance_set(
        viewer=viewer_for(world.coordinator), registration=regs["third"], attended=False
    )
    counts = selectors.funnel(Event.objects.filter(pk=day.pk), now=later)
    assert counts["scheduled"] == 2 and counts["held"] == 0 and counts["rated"] == 0


def test_withdrawn_requests_leave_the_funnel(people):
    regs, users = people
    request = partnering.meeting_request_create(
        viewer=viewer_for(users["member"]), requester=regs["member"], invitees=[regs["third"]]
    )
    partnering.meeting_request_withdraw(viewer=viewer_for(users["member"]), request=request)
    assert MeetingRequest.objects.get(pk=request.pk).status == "withdrawn"
    counts = selectors.funnel(Event.objects.filter(pk=regs["member"].event_id))
    assert counts["requested"] == 0
