"""The periodic digest: an opt-in e-mail per user of what is new since the last one.

This app contributes new publications and good practices. Any other web app may contribute a
section (e.g. new listings matching the member, upcoming events) by defining
``<app>.digest.digest_sections(*, viewer, since, language) -> list[DigestSection]``; the
digest finds those modules among the installed apps. Mail goes through Django's configured
backend (the console by default), so nothing leaves the machine unless an SMTP server is set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from greencluster.web.accounts.permissions import Viewer, viewer_for
from greencluster.web.common.hooks import app_hooks
from greencluster.web.knowledge import selectors
from greencluster.web.knowledge.models import DigestSubscription, Practice, Publication

PERIOD = {
    DigestSubscription.Frequency.WEEKLY: dt.timedelta(days=7),
    DigestSubscription.Frequency.MONTHLY: dt.timedelta(days=30),
}
FIRST_LOOK_BACK = dt.timedelta(days=30)
MAX_ITEMS = 20


@dataclass(frozen=True)
class DigestItem:
    title: str
    path: str
    note: str = ""


@dataclass(frozen=True)
class DigestSection:
    title: str
    items: tuple[DigestItem, ...]


def digest_sections(*, viewer: Viewer, since: dt.datetime, language: str) -> list[DigestSection]:
    """This app's sections: publications and good practices new since ``since`` that the
    viewer may see."""
    publications = selectors.visible(Publication.objects.all(), viewer).filter(
        created_at__gte=since
    )
    practices = selectors.visible(Practice.objects.all(), viewer).filter(created_at__gte=since)
    sections = []
    if publications.exists():
        sections.append(
            DigestSection(
                _("New publications"),
                tuple(
                    DigestItem(
                        p.title,
                        reverse("knowledge:publication", args=[p.slug]),
                        f"{p.get_kind_display()}, {p.year}",
                    )
                    for p in publications.order_by("-created_at")[:MAX_ITEMS]
                ),
            )
        )
    if practices.exists():
        sections.append(
            DigestSection(
                _("New good practices"),
                tuple(
                    DigestItem(
                        p.title(language),
                        reverse("knowledge:practice", args=[p.slug]),
                        p.origin_region,
                    )
                    for p in practices.order_by("-created_at")[:MAX_ITEMS]
                ),
            )
        )
    return sections


def _providers() -> list[Any]:
    return app_hooks("digest", "digest_sections")


def compose(user: Any, since: dt.datetime, language: str) -> list[DigestSection]:
    viewer = viewer_for(user)
    sections: list[DigestSection] = []
    for provider in _providers():
        sections.extend(s for s in provider(viewer=viewer, since=since, language=language) if s)
    return [s for s in sections if s.items]


def is_due(subscription: DigestSubscription, now: dt.datetime) -> bool:
    last = subscription.last_sent_at
    return last is None or now - last >= PERIOD[subscription.frequency]


def send_digests(*, base_url: str, now: dt.datetime | None = None) -> int:
    """Send every due digest that has something in it; return how many were sent. A
    subscription is marked as sent even when there was nothing new, so that the next digest
    covers only what came after."""
    now = now or timezone.now()
    sent = 0
    due = DigestSubscription.objects.filter(is_active=True, user__is_active=True).select_related(
        "user"
    )
    for subscription in due:
        if not is_due(subscription, now) or not subscription.user.email:
            continue
        since = subscription.last_sent_at or now - FIRST_LOOK_BACK
        with translation.override(subscription.language):
            sections = compose(subscription.user, since, subscription.language)
            if sections:
                body = render_to_string(
                    "knowledge/digest_email.txt",
                    {
                        "user": subscription.user,
                        "sections": sections,
                        "base_url": base_url.rstrip("/"),
                        "since": since,
                    },
                )
                send_mail(
                    _("GreenCluster digest"),
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    [subscription.user.email],
                )
                sent += 1
        with transaction.atomic():
            DigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    return sent
