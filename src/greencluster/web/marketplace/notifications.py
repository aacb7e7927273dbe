"""E-mail notifications of deals, through Django's mail (the console backend unless an SMTP
server is configured), sent once the transaction that caused them commits. Each recipient gets
a mail of their own, so that no member sees another member's addresses."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from greencluster.web.accounts.permissions import Viewer
from greencluster.web.marketplace.models import Deal, DealMessage
from greencluster.web.registry.models import Organisation


def recipients(organisation_ids: set[int], *, exclude_user_id: int | None) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(organisation_roles__organisation_id__in=organisation_ids, is_active=True)
        .exclude(email="")
        .distinct()
    )
    if exclude_user_id is not None:
        users = users.exclude(pk=exclude_user_id)
    return sorted({u.email for u in users})


def _send(subject: str, body: str, to: list[str]) -> None:
    def deliver() -> None:
        for address in to:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])

    if to:
        transaction.on_commit(deliver)


def _link(deal: Deal) -> str:
    return reverse("marketplace:deal", args=[deal.pk])


def deal_contacted(deal: Deal, *, sender: Organisation, message: str) -> None:
    """Tell the partner's users that ``sender`` contacted them about a suggested match."""
    partner = deal.receiver_id if sender.pk == deal.supplier_id else deal.supplier_id
    subject = _("%(organisation)s contacted you about a side stream") % {
        "organisation": sender.name
    }
    body = "\n\n".join(
        [
            _("%(organisation)s would like to discuss: %(offer)s -> %(need)s.")
            % {"organisation": sender.name, "offer": deal.offer.title, "need": deal.need.title},
            message,
            _("Answer in GreenCluster: %(link)s") % {"link": _link(deal)},
        ]
    )
    _send(subject, body, recipients({partner}, exclude_user_id=None))


def deal_moved(deal: Deal, *, actor: Viewer, old: str) -> None:
    subject = _("Deal %(offer)s -> %(need)s is now %(stage)s") % {
        "offer": deal.offer.title,
        "need": deal.need.title,
        "stage": deal.get_stage_display(),
    }
    body = _("%(who)s moved the deal from %(old)s to %(new)s. See %(link)s") % {
        "who": actor.username or "GreenCluster",
        "old": Deal.Stage(old).label,
        "new": deal.get_stage_display(),
        "link": _link(deal),
    }
    _send(
        subject,
        body,
        recipients({deal.supplier_id, deal.receiver_id}, exclude_user_id=actor.user_id),
    )


def deal_message(deal: Deal, message: DealMessage) -> None:
    subject = _("New message on the deal %(offer)s -> %(need)s") % {
        "offer": deal.offer.title,
        "need": deal.need.title,
    }
    body = "\n\n".join(
        [message.body, _("Answer in GreenCluster: %(link)s") % {"link": _link(deal)}]
    )
    _send(
        subject,
        body,
        recipients({deal.supplier_id, deal.receiver_id}, exclude_user_id=message.author_id),
    )
