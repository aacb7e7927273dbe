"""E-mails of the events app: registration, waiting list, meeting requests, schedule changes.

Mail goes through Django's configured backend (the console by default), once the surrounding
transaction has committed, in the recipient's language. Links are absolute when the caller
passes the site's ``base_url``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from greencluster.web.events.models import Registration

_quiet: ContextVar[bool] = ContextVar("events_mail_quiet", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    """No mail inside this block (the demo loader's invented participants get none)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def notify(
    registration: Registration,
    subject: str,
    template: str,
    context: dict[str, Any],
    *,
    base_url: str = "",
) -> None:
    """Send ``events/mail/<template>.txt`` to the registration's address after commit; nothing
    when it has none. ``subject`` is an English message (marked with ``gettext_noop``),
    translated here and followed by the event's title."""
    if not registration.email or _quiet.get():
        return
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(
            f"events/mail/{template}.txt",
            {
                "registration": registration,
                "event": registration.event,
                "base_url": base_url.rstrip("/"),
                **context,
            },
        )
        subject = f"{translation.gettext(subject)}: {registration.event.title}"
    address = registration.email
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False
        )
    )


def notify_all(
    registrations: Iterable[Registration],
    subject: str,
    template: str,
    context: dict[str, Any],
    *,
    base_url: str = "",
) -> None:
    for registration in registrations:
        notify(registration, subject, template, context, base_url=base_url)
