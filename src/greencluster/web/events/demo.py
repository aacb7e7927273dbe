"""Demo activities for `make run` (called by ``load_demo`` after the registry demo).

Past and upcoming events for the five demo clusters, dated relative to the day the demo is
loaded. In the heat cluster two partnering days of the invented "Demo …" organisations: one
past (requests, a computed schedule, ratings, two agreements) and one upcoming (profiles,
requests, a computed schedule, a request still waiting for an answer). The demo users
``member`` and ``heat`` take part in both, so their logins show an agenda. Everything goes
through the services as the demo loader; every event is flagged ``is_demo``: titles, profiles,
participants' names, ratings and agreements are invented. No mail is sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from greencluster.web.events import mail, partnering, scheduling, services
from greencluster.web.events.models import COUNTRY_TIME_ZONES, Event, Meeting, Registration
from greencluster.web.events.services import EventSpec
from greencluster.web.registry.demo import SYSTEM
from greencluster.web.registry.models import Cluster, MiniCluster, Organisation

DEMO_TIME_LIMIT_S = 1.0
HEAT = "south-ostrobothnia-heat"

# Partnering profiles of the invented heat-cluster organisations: offers, seeks, cooperation.
PROFILES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "Demo Kuortaneen Lämpö Oy": (
        "Lämpöä kouluille ja kylän verkkoon\nwood ash from our chip boiler",
        "kuivaa koivuhaketta\nboiler maintenance and automation",
        ("supplier", "commercial"),
    ),
    "Demo Alavuden Kattilatekniikka Oy": (
        "hakekattilat 0,1–2 MW\nboiler maintenance and automation",
        "heat entrepreneurs as customers\npilot sites for new boiler automation",
        ("commercial", "technical"),
    ),
    "Demo Lappajärven Biolämpö Osuuskunta": (
        "heat for the municipal centre\nexperience of running a heat cooperative",
        "metsähaketta\nkattilan huolto ja automaatio",
        ("supplier",),
    ),
    "Demo Soinin Hakelämpö Tmi": (
        "puutuhka\nlämmön myynti kunnan kiinteistöille",
        "hake\nboiler automation",
        ("supplier", "commercial"),
    ),
    "Demo Ähtärin Metsälämpö Oy": (
        "metsähake omasta metsästä\nforest wood chips",
        "buyers for wood ash\nboiler automation",
        ("commercial",),
    ),
    "Demo Evijärven Energiaosuuskunta": (
        "farm heat know-how",
        "wood chips\nboiler maintenance",
        ("supplier", "technical"),
    ),
    "Demo Teuvan Lämpöyrittäjät Oy": (
        "wood ash",
        "dry wood chips\ntraining for our boiler operators",
        ("supplier",),
    ),
    "Demo Vimpelin Puuenergia Oy": (
        "kuivaa koivuhaketta\nsahanpuru",
        "heat plants as chip customers\nwood ash for forest fertilising",
        ("supplier", "commercial"),
    ),
    "Demo Bioenergy Training Centre": (
        "training for heat entrepreneurs and boiler operators",
        "companies hosting study visits\nnew boiler technology for teaching",
        ("research", "technical"),
    ),
}
# Meeting requests (requester, invitee, priority, answer: True accept, False decline, None open).
REQUESTS: list[tuple[str, str, int, bool | None]] = [
    ("Demo Alavuden Kattilatekniikka Oy", "Demo Kuortaneen Lämpö Oy", 2, True),
    ("Demo Vimpelin Puuenergia Oy", "Demo Kuortaneen Lämpö Oy", 1, True),
    ("Demo Lappajärven Biolämpö Osuuskunta", "Demo Alavuden Kattilatekniikka Oy", 1, True),
    ("Demo Vimpelin Puuenergia Oy", "Demo Teuvan Lämpöyrittäjät Oy", 1, True),
    ("Demo Ähtärin Metsälämpö Oy", "Demo Soinin Hakelämpö Tmi", 1, True),
    ("Demo Evijärven Energiaosuuskunta", "Demo Alavuden Kattilatekniikka Oy", 1, True),
    ("Demo Bioenergy Training Centre", "Demo Alavuden Kattilatekniikka Oy", 2, True),
    ("Demo Teuvan Lämpöyrittäjät Oy", "Demo Bioenergy Training Centre", 1, True),
    ("Demo Ähtärin Metsälämpö Oy", "Demo Lappajärven Biolämpö Osuuskunta", 1, True),
    ("Demo Soinin Hakelämpö Tmi", "Demo Alavuden Kattilatekniikka Oy", 1, False),
    ("Demo Evijärven Energiaosuuskunta", "Demo Vimpelin Puuenergia Oy", 1, True),
    ("Demo Kuortaneen Lämpö Oy", "Demo Ähtärin Metsälämpö Oy", 1, None),
]
RATINGS = ("cooperation", "informative", "cooperation", "no-interest", "informative")
AGREEMENTS = (
    ("Demo Vimpelin Puuenergia Oy", "Demo Kuortaneen Lämpö Oy", "supplier", 12),
    ("Demo Bioenergy Training Centre", "Demo Alavuden Kattilatekniikka Oy", "technical", 20),
)
USERS = {"heat": "Demo Kuortaneen Lämpö Oy", "member": "Demo Alavuden Kattilatekniikka Oy"}


@dataclass(frozen=True)
class Plan:
    cluster: str
    kind: str
    title: str
    days: int  # from the day the demo is loaded
    hours: tuple[int, int]
    venue: str = ""
    language: str = "en"
    capacity: int | None = None
    online: bool = False
    public: bool = True
    mini_cluster: str = ""
    summary: str = ""
    programme: str = ""
    guests: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


PLANS = [
    Plan(
        HEAT,
        Event.Kind.WORKSHOP,
        "Wood ash back to the forest: workshop",
        18,
        (12, 16),
        "Seinäjoki, Frami",
        "fi",
        capacity=12,
        mini_cluster="south-ostrobothnia-heat-entrepreneurs",
        summary="How heat entrepreneurs can return wood ash to forests safely and legally.",
        programme=(
            "12:00 Lunch\n12:45 Ash rules in practice\n14:00 Spreading trials\n15:30 Discussion"
        ),
        guests=12,
    ),
    Plan(
        HEAT,
        Event.Kind.TRAINING,
        "Boiler operator training, spring course",
        -60,
        (9, 16),
        "Demo Bioenergy Training Centre, Kuortane",
        "fi",
        capacity=16,
        guests=8,
    ),
    Plan(
        HEAT,
        Event.Kind.SITE_VISIT,
        "Site visit: farm heat plant in Evijärvi",
        -20,
        (13, 16),
        "Evijärvi",
        "fi",
        mini_cluster="south-ostrobothnia-farm-heat",
        guests=7,
    ),
    Plan(
        "southern-finland-environment",
        Event.Kind.SEMINAR,
        "Circular economy seminar: phosphorus from sludge",
        -35,
        (9, 12),
        "Lahti",
        "fi",
        mini_cluster="southern-finland-water",
        guests=12,
    ),
    Plan(
        "southern-finland-environment",
        Event.Kind.FAIR,
        "Environmental technology fair stand",
        40,
        (9, 17),
        "Helsinki Expo and Convention Centre",
        "en",
        guests=5,
    ),
    Plan(
        "southern-finland-environment",
        Event.Kind.WORKSHOP,
        "Finnish–Estonian side-stream workshop (online)",
        9,
        (10, 12),
        online=True,
        mini_cluster="finnish-estonian-circular",
        guests=9,
        extra={"online_url": "https://meet.example.org/greencluster-demo"},
    ),
    Plan(
        "tampere-cleantech",
        Event.Kind.WORKSHOP,
        "Waste heat mapping workshop",
        12,
        (9, 12),
        "Tampere, Hiedanranta",
        "fi",
        capacity=20,
        guests=6,
    ),
    Plan(
        "grenland-green-industry",
        Event.Kind.SEMINAR,
        "Seminar om CO2-fangst i prosessindustrien",
        15,
        (9, 15),
        "Porsgrunn",
        "nb",
        guests=8,
    ),
    Plan(
        "grenland-green-industry",
        Event.Kind.SITE_VISIT,
        "Bedriftsbesøk: restvarme fra hydrogenproduksjon",
        -28,
        (10, 13),
        "Rjukan",
        "nb",
        guests=6,
    ),
    Plan(
        "ida-viru-circular",
        Event.Kind.TRAINING,
        "Koolitus: tuhk ehitusmaterjalides",
        25,
        (10, 15),
        "Jõhvi",
        "et",
        capacity=25,
        guests=10,
    ),
]


def _at(zone: ZoneInfo, days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.now().astimezone(zone).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def load(passwords: dict[str, str]) -> None:
    """Create the demo activities (call inside the demo transaction)."""
    clusters = {c.slug: c for c in Cluster.objects.all()}
    with mail.suppressed():
        for plan in PLANS:
            _event(clusters[plan.cluster], plan)
        organisations = {o.name: o for o in Organisation.objects.filter(name__in=list(PROFILES))}
        users = {username: get_user_model().objects.get(username=username) for username in USERS}
        _partnering_day(clusters[HEAT], organisations, users, days=-42, past=True)
        _partnering_day(clusters[HEAT], organisations, users, days=24, past=False)


def _event(cluster: Cluster, plan: Plan) -> Event:
    zone = ZoneInfo(COUNTRY_TIME_ZONES.get(cluster.country, "Europe/Helsinki"))
    mini = MiniCluster.objects.filter(slug=plan.mini_cluster).first() if plan.mini_cluster else None
    spec = EventSpec(
        kind=plan.kind,
        title=plan.title,
        summary=plan.summary,
        programme=plan.programme,
        language=plan.language,
        time_zone=str(zone),
        starts_at=_at(zone, plan.days, plan.hours[0]),
        ends_at=_at(zone, plan.days, plan.hours[1]),
        venue=plan.venue,
        is_online=plan.online,
        capacity=plan.capacity,
        is_public=plan.public,
        mini_cluster=mini,
        **plan.extra,
    )
    event = services.event_create(viewer=SYSTEM, cluster=cluster, spec=spec, is_demo=True)
    services.event_publish(viewer=SYSTEM, event=event)
    members = list(
        Organisation.objects.filter(memberships__cluster=cluster).order_by("name")[: plan.guests]
    )
    for i, organisation in enumerate(members):
        registration = services.registration_add(
            viewer=SYSTEM,
            event=event,
            name=f"Demo participant {i + 1}",
            organisation=organisation,
            now=event.starts_at - dt.timedelta(days=30 - i),
        )
        if plan.days < 0 and registration.status == Registration.Status.CONFIRMED:
            services.attendance_set(viewer=SYSTEM, registration=registration, attended=i % 6 != 5)
    return event


def _partnering_day(
    cluster: Cluster,
    organisations: dict[str, Organisation],
    users: dict[str, Any],
    *,
    days: int,
    past: bool,
) -> Event:
    zone = ZoneInfo("Europe/Helsinki")
    title = (
        "Heat entrepreneurs' partnering day, autumn"
        if past
        else "Bioenergy partnering day: chips, boilers and heat sales"
    )
    spec = EventSpec(
        kind=Event.Kind.PARTNERING,
        title=title,
        summary=(
            "Pre-arranged 20-minute meetings between heat entrepreneurs, chip suppliers, "
            "boiler makers and trainers. Fill in your profile, ask the people you want to "
            "meet and get your personal agenda."
        ),
        programme=(
            "09:00 Coffee and welcome\n09:30 Meetings\n11:10 Lunch\n12:10 Meetings\n14:00 Close"
        ),
        language="fi",
        time_zone=str(zone),
        starts_at=_at(zone, days, 9),
        ends_at=_at(zone, days, 14),
        venue="Kuortane, Demo Bioenergy Training Centre",
        capacity=40,
        mini_cluster=MiniCluster.objects.filter(
            slug="south-ostrobothnia-heat-entrepreneurs"
        ).first(),
        meetings_start_at=_at(zone, days, 9, 30),
        slot_minutes=20,
        slot_count=13,
        tables=4,
        break_slots=(6, 7, 8),
    )
    event = services.event_create(viewer=SYSTEM, cluster=cluster, spec=spec, is_demo=True)
    services.event_publish(viewer=SYSTEM, event=event)
    people: dict[str, Registration] = {}
    by_organisation = {name: username for username, name in USERS.items()}
    for i, name in enumerate(PROFILES):
        organisation = organisations[name]
        username = by_organisation.get(name)
        user = users[username] if username else None
        people[name] = services.registration_add(
            viewer=SYSTEM,
            event=event,
            user=user,
            name=user.username if user else "Demo contact",
            organisation=organisation,
            now=event.starts_at - dt.timedelta(days=20 - i),
        )
        offers, seeks, cooperation = PROFILES[name]
        partnering.profile_save(
            viewer=SYSTEM,
            registration=people[name],
            offers=offers,
            seeks=seeks,
            cooperation=cooperation,
        )
    partnering.fixed_table_set(
        viewer=SYSTEM, registration=people["Demo Alavuden Kattilatekniikka Oy"], table=1
    )
    for requester, invitee, priority, answer in REQUESTS:
        request = partnering.meeting_request_create(
            viewer=SYSTEM,
            requester=people[requester],
            invitees=[people[invitee]],
            priority=priority,
            message="",
        )
        if answer is not None:
            partnering.invitation_answer(
                viewer=SYSTEM, invitation=request.invitations.get(), accept=answer
            )
    scheduling.schedule_run_start(viewer=SYSTEM, event=event, time_limit=DEMO_TIME_LIMIT_S)
    if past:
        _after(event, people)
    return event


def _after(event: Event, people: dict[str, Registration]) -> None:
    """Attendance, ratings by both sides and two agreements on the past partnering day."""
    for registration in people.values():
        services.attendance_set(viewer=SYSTEM, registration=registration, attended=True)
    meetings = Meeting.objects.filter(event=event, slot__isnull=False).order_by("pk")
    now = timezone.now()
    for i, meeting in enumerate(meetings):
        for k, seat in enumerate(meeting.participants.order_by("pk")):
            if (i + k) % 7 == 6:
                continue  # not everybody rates
            partnering.rating_save(
                viewer=SYSTEM,
                meeting=meeting,
                rating=RATINGS[(i + k) % len(RATINGS)],
                registration=seat,
                now=now,
            )
    for requester, invitee, kind, days_after in AGREEMENTS:
        meeting = Meeting.objects.filter(
            event=event, request__requester=people[requester], participants=people[invitee]
        ).first()
        if meeting is None or meeting.slot is None:
            continue
        partnering.rating_save(
            viewer=SYSTEM,
            meeting=meeting,
            rating="cooperation",
            registration=people[requester],
            now=now,
        )
        partnering.outcome_add(
            viewer=SYSTEM,
            meeting=meeting,
            agreement_type=kind,
            agreed_on=(event.starts_at + dt.timedelta(days=days_after)).date(),
            registration=people[requester],
            now=now,
        )
