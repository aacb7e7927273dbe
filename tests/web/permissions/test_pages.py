"""The permission matrix over every page, export and form of the site: for each URL and role,
no server error, no secret the role may not see (HTML, CSV, XLSX, PDF, JSON, files), the
secrets it may see where the URL is meant to show them, refusals where it may not open the
URL, and refused writes that change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.web.permissions.checks import (
    changed_tables,
    check_mails,
    check_shown,
    database_state,
    refused,
    shown_to,
    sign_in,
)
from tests.web.permissions.pages import CROSSED, EXEMPT, MATRIX, SKIPPED_NAMESPACES, Page
from tests.web.permissions.world import ANONYMOUS, PRIVILEGE, ROLES, SECRETS, MatrixWorld


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    """Every URL name of the site with its namespaces (``heat:project``); an unnamed pattern
    as ``unnamed <route>``."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if not namespace and ns in SKIPPED_NAMESPACES:
                continue
            yield from url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"unnamed {pattern.pattern}"


def test_every_url_is_in_the_matrix() -> None:
    names = set(url_names())
    uncovered = sorted(names - MATRIX.keys() - EXEMPT.keys())
    assert not uncovered, f"add these URLs to MATRIX (or EXEMPT with a reason): {uncovered}"
    stale = sorted((MATRIX.keys() | EXEMPT.keys()) - names)
    assert not stale, f"no such URLs any more: {stale}"


def test_every_secret_is_shown_somewhere_to_a_role_allowed_to_see_it() -> None:
    """Without a positive control an absence check proves nothing (a misspelt needle, a
    secret that was never planted)."""
    controlled = {
        key
        for page in MATRIX.values()
        for key, roles in shown_to(page.shows).items()
        if page.readers is not None and page.readers & roles
    }
    assert sorted(SECRETS.keys() - controlled) == []


def _variant_id(variant: dict[str, Any]) -> str:
    return ",".join(k if callable(v) or v is True else str(v) for k, v in variant.items())


def _url(mw: MatrixWorld, name: str, page: Page, variant: dict[str, Any]) -> str:
    kwargs = page.kwargs(mw) | {k: v(mw) if callable(v) else v for k, v in variant.items()}
    kwargs.pop("hx", None)
    query = kwargs.pop("?", "")
    return reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")


GET_CASES = [
    pytest.param(name, variant, role, id=f"{name}[{_variant_id(variant)}]-{role}")
    for name, page in MATRIX.items()
    if page.readers is not None
    for variant in page.variants
    for role in ROLES
]


@pytest.mark.parametrize(("name", "variant", "role"), GET_CASES)
def test_page_shows_a_role_only_what_it_may_see(client, matrix, name, variant, role) -> None:
    page = MATRIX[name]
    assert page.readers is not None
    sign_in(client, matrix, role)
    headers = {"HTTP_HX_REQUEST": "true"} if variant.get("hx") else {}
    response = client.get(_url(matrix, name, page, variant), **headers)
    assert response.status_code < 500
    allowed = role in page.readers
    if allowed:
        assert response.status_code < 400, f"{role} may open {name}"
    else:
        assert refused(response), f"{role} may not open {name}: {response.status_code}"
    audience = ANONYMOUS if page.for_outsiders else role
    check_shown(
        response,
        audience,
        page.shows if variant == page.variants[0] else (),
        allowed=allowed and response.status_code == 200,
        capability=page.capability,
    )


POST_CASES = [
    pytest.param(name, i, role, id=f"{name}[{write.label}]-{role}")
    for name, page in MATRIX.items()
    for i, write in enumerate(page.writes)
    for role in ROLES
    if role not in write.writers
]


@pytest.mark.parametrize(("name", "index", "role"), POST_CASES)
def test_a_refused_write_changes_nothing(
    client, matrix, name, index, role, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """Nothing written, and no e-mail sent."""
    page = MATRIX[name]
    write = page.writes[index]
    sign_in(client, matrix, role)
    url = _url(matrix, name, page, page.variants[0])
    before = database_state()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, write.data(matrix))
    assert changed_tables(before, database_state()) == []
    assert mailoutbox == []
    if write.form_refusal and response.status_code == 200:
        return
    assert refused(response), f"{role} may not post to {name}: {response.status_code}"


WRITE_CASES = [
    pytest.param(
        name, i, next(r for r in PRIVILEGE if r in write.writers), id=f"{name}[{write.label}]"
    )
    for name, page in MATRIX.items()
    for i, write in enumerate(page.writes)
    if write.writers
]


@pytest.mark.parametrize(("name", "index", "role"), WRITE_CASES)
def test_the_same_write_goes_through_for_a_role_allowed_to_make_it(
    client, matrix, name, index, role, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """The positive control of the refused writes: their data is valid, so that a refusal
    is the permission check's and not the form's. The e-mails the write sends give each
    recipient only what they may see."""
    page = MATRIX[name]
    write = page.writes[index]
    sign_in(client, matrix, role)
    before = database_state()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(matrix, name, page, page.variants[0]), write.data(matrix))
    assert response.status_code < 400 and not refused(response), response.status_code
    assert changed_tables(before, database_state()) or not write.observable
    check_mails(matrix, mailoutbox)


CROSSED_CASES = [
    pytest.param(case, role, id=f"{case.method} {case.name}-{role}")
    for case in CROSSED
    for role in sorted(case.roles)
]


@pytest.mark.parametrize(("case", "role"), CROSSED_CASES)
def test_an_object_of_ones_own_does_not_open_the_owners(client, matrix, case, role) -> None:
    assert case.name in MATRIX
    sign_in(client, matrix, role)
    kwargs = case.kwargs(matrix)
    query = kwargs.pop("?", "")
    url = reverse(case.name, kwargs=kwargs) + (f"?{query}" if query else "")
    before = database_state()
    if case.method == "GET":
        response = client.get(url)
        check_shown(response, role, (), allowed=False)
    else:
        response = client.post(url, case.data(matrix))
    assert changed_tables(before, database_state()) == []
    assert refused(response) or not case.refused, response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_is_for_superusers_only(client, matrix, role) -> None:
    """Django's admin is left out of the matrix: it answers only staff (here the superuser)."""
    sign_in(client, matrix, role)
    response = client.get(reverse("admin:index"))
    if role == "root":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
