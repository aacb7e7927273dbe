"""The permission matrix over the JSON API: every operation of the OpenAPI document, called by
every role with its session and with its API token (and anonymously), returns no secret the
role may not see and the secrets it may; writes by roles not allowed (or with only a session)
are refused and change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.permissions.api_matrix import API_EXEMPT, API_MATRIX, API_NOT_EXPOSED, Operation
from tests.web.permissions.checks import (
    changed_tables,
    check_mails,
    check_shown,
    database_state,
    shown_to,
    sign_in,
)
from tests.web.permissions.world import ANONYMOUS, PRIVILEGE, ROLES, SECRETS, MatrixWorld

METHODS = ("get", "post", "put", "patch", "delete")


def test_every_api_operation_is_in_the_matrix(client, matrix) -> None:
    document = client.get("/api/openapi.json").json()
    operations = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }
    uncovered = sorted(operations - API_MATRIX.keys() - API_EXEMPT.keys())
    assert not uncovered, f"add these to API_MATRIX (or API_EXEMPT with a reason): {uncovered}"
    stale = sorted((API_MATRIX.keys() | API_EXEMPT.keys()) - operations)
    assert not stale, f"no such operations any more: {stale}"


def test_every_secret_the_api_returns_has_a_positive_control() -> None:
    controlled = {
        key
        for (method, _path), op in API_MATRIX.items()
        for key, roles in shown_to(op.shows).items()
        if method == "GET" and op.readers & roles
    }
    assert sorted(SECRETS.keys() - controlled - API_NOT_EXPOSED.keys()) == []
    assert sorted(controlled & API_NOT_EXPOSED.keys()) == []


def _callers() -> list[tuple[str, str]]:
    return [(ANONYMOUS, "none")] + [
        (role, mode) for role in ROLES if role != ANONYMOUS for mode in ("session", "token")
    ]


def _call(
    client: Any, mw: MatrixWorld, role: str, mode: str, method: str, path: str, op: Operation
) -> Any:
    headers = {}
    if mode == "session":
        sign_in(client, mw, role)
    elif mode == "token":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {mw.tokens[role]}"
    url = path.format(**op.params(mw))
    if method == "GET":
        return client.get(url, op.query or {}, **headers)
    if op.files is not None:
        return client.post(url, op.files(mw), **headers)
    return getattr(client, method.lower())(
        url, op.body(mw), content_type="application/json", **headers
    )


def _variant_id(variant: dict[str, Any]) -> str:
    return ",".join(str(v) for v in variant.values())


GET_CASES = [
    pytest.param(path, variant, role, mode, id=f"GET {path}[{_variant_id(variant)}]-{role}-{mode}")
    for (method, path), op in API_MATRIX.items()
    if method == "GET"
    for variant in op.variants
    for role, mode in _callers()
]


@pytest.mark.parametrize(("path", "variant", "role", "mode"), GET_CASES)
def test_api_returns_a_role_only_what_it_may_see(client, matrix, path, variant, role, mode):
    op = API_MATRIX[("GET", path)]
    op = Operation(**{**op.__dict__, "query": {**(op.query or {}), **variant}})
    response = _call(client, matrix, role, mode, "GET", path, op)
    assert response.status_code < 500
    allowed = role in op.readers
    if allowed:
        assert response.status_code == 200, f"{role} may read {path}"
    else:
        assert response.status_code in (401, 403, 404), f"{role} may not read {path}"
    check_shown(response, role, op.shows, allowed=allowed)


REFUSED_WRITES = [
    pytest.param(method, path, role, mode, id=f"{method} {path}-{role}-{mode}")
    for (method, path), op in API_MATRIX.items()
    if method != "GET"
    for role, mode in _callers()
    if role not in op.writers or (mode == "session" and op.token_only)
]


@pytest.mark.parametrize(("method", "path", "role", "mode"), REFUSED_WRITES)
def test_a_refused_api_write_changes_nothing(
    client, matrix, method, path, role, mode, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    op = API_MATRIX[(method, path)]
    before = database_state()
    with django_capture_on_commit_callbacks(execute=True):
        response = _call(client, matrix, role, mode, method, path, op)
    assert changed_tables(before, database_state()) == []
    assert mailoutbox == []
    assert response.status_code in (401, 403, 404), response.status_code


ALLOWED_WRITES = [
    pytest.param(method, path, next(r for r in PRIVILEGE if r in op.writers), id=f"{method} {path}")
    for (method, path), op in API_MATRIX.items()
    if method != "GET"
]


@pytest.mark.parametrize(("method", "path", "role"), ALLOWED_WRITES)
def test_an_allowed_api_write_goes_through(
    client, matrix, method, path, role, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """The positive control of the refused writes: the least privileged role allowed to make
    the write makes it with the same request and its token; its e-mails give each recipient
    only what they may see."""
    op = API_MATRIX[(method, path)]
    before = database_state()
    mode = "none" if role == ANONYMOUS else "token"
    with django_capture_on_commit_callbacks(execute=True):
        response = _call(client, matrix, role, mode, method, path, op)
    assert response.status_code in (200, 201, 204), response.content
    assert changed_tables(before, database_state())
    check_mails(matrix, mailoutbox)
