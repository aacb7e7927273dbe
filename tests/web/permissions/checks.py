"""Assertions the page and API matrices share: what a role may see in a response, how a
refusal looks, and that a refused write changed nothing in the database."""

from __future__ import annotations

import html
from email.utils import parseaddr
from functools import cache
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.shortcuts import resolve_url

from tests.web.permissions.bodies import shown_text
from tests.web.permissions.world import ANONYMOUS, SECRETS, MatrixWorld

# Fields that change on a read: the time an API token was last used.
VOLATILE_FIELDS = {"accounts.apitoken": {"last_used_at"}}


def sign_in(client: Any, mw: MatrixWorld, role: str) -> None:
    """``client`` carries the session of ``role`` (made once with the world)."""
    if role != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = mw.sessions[role]


def leaked(text: str, role: str) -> list[str]:
    """Keys of the secrets ``role`` may not see that occur in ``text`` (lower-case)."""
    return [s.key for s in SECRETS.values() if role not in s.roles and s.found_in(text)]


def shown_to(shows: tuple[Any, ...]) -> dict[str, frozenset[str]]:
    """``{secret key: roles it is shown to}`` of a matrix entry's ``shows`` (a key alone: to
    every role allowed to see it)."""
    out = {}
    for item in shows:
        key, roles = (item, SECRETS[item].roles) if isinstance(item, str) else item
        out[key] = roles
    return out


def check_shown(
    response: Any,
    role: str,
    shows: tuple[Any, ...],
    *,
    allowed: bool,
    capability: tuple[str, ...] = (),
) -> None:
    """No secret ``role`` may not see is in ``response`` (but those of the ``capability`` the
    URL is); when the role may open the URL (``allowed``), each secret of ``shows`` that it
    may see is there (the positive control that makes the absence checks mean something)."""
    text = shown_text(response)
    # The address the role asked for (it may name the object) is not something it was shown.
    for asked in (response.request["PATH_INFO"], quote(response.request["PATH_INFO"])):
        text = text.replace(asked.lower(), "")
    leaks = [key for key in leaked(text, role) if key not in capability]
    assert not leaks, f"{role} is shown {leaks}"
    if allowed:
        missing = [
            key
            for key, roles in shown_to(shows).items()
            if (role in roles or key in capability) and not SECRETS[key].found_in(text)
        ]
        assert not missing, f"{role} may see {missing} here, but the response lacks them"


def check_mails(mw: MatrixWorld, outbox: list[Any]) -> None:
    """Each e-mail gives the roles among its recipients nothing they may not see."""
    role_of = {u.email.lower(): role for role, u in mw.users.items()}
    for mail in outbox:
        parts = [
            mail.subject,
            mail.body,
            *(body for body, _type in getattr(mail, "alternatives", [])),
        ]
        text = html.unescape("\n".join(parts)).lower()
        for address in (*mail.to, *mail.cc, *mail.bcc):
            role = role_of.get(parseaddr(address)[1].lower())
            if role is not None:
                assert not leaked(text, role), f"'{mail.subject}' to {role}: {leaked(text, role)}"


def to_login(response: Any) -> bool:
    location = response.get("Location", "") if response.status_code == 302 else ""
    return location.startswith(resolve_url(settings.LOGIN_URL))


def refused(response: Any) -> bool:
    """403 or 404, or the login page for a visitor."""
    return response.status_code in (403, 404) or to_login(response)


def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the product's tables and of the users, by table (for "nothing written";
    plain SQL, as this runs twice for each refused write)."""
    quote = connection.ops.quote_name
    state = {}
    with connection.cursor() as cursor:
        for table, columns, pk in _tables():
            cursor.execute(f"SELECT {columns} FROM {quote(table)} ORDER BY {quote(pk)}")
            state[table] = cursor.fetchall()
    return state


@cache
def _tables() -> list[tuple[str, str, str]]:
    quote = connection.ops.quote_name
    models = [m for m in apps.get_models() if m.__module__.startswith("greencluster.")]
    out = []
    for model in [*models, get_user_model()]:
        skip = VOLATILE_FIELDS.get(model._meta.label_lower, set())
        columns = [f.column for f in model._meta.concrete_fields if f.name not in skip]
        out.append((model._meta.db_table, ", ".join(map(quote, columns)), model._meta.pk.column))
    return out


def changed_tables(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> list[str]:
    return [label for label in before if before[label] != after[label]]
