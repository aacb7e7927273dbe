"""API fuzzing from the OpenAPI document: every operation it lists, called with generated
valid and invalid parameters and bodies by an anonymous caller, a member (session and token)
and a coordinator (token), answers without a server error, with a status code the document
lists for it and the content type it declares.

The operations are read from the served document, so operations added later are fuzzed too.
Path parameters are sometimes replaced by the slugs and ids of objects that exist, so that
requests get past the lookups into the code behind them.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.accounts.services import api_token_create
from greencluster.web.config.wsgi import application
from greencluster.web.heat import demo as heat_demo
from greencluster.web.heat import services as heat_services
from tests.core.fuzz.strategies import EXPLORE
from tests.web.factories import PASSWORD

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ("anonymous", "member-session", "member-token", "coordinator-token")

# Values of path parameters that name existing objects, by parameter name; filled for each
# test by the ``known`` fixture (ids differ between databases and runs).
KNOWN: dict[str, list[Any]] = {}


@schema.hook
def flatmap_path_parameters(
    context: Any, path_parameters: dict[str, Any] | None
) -> st.SearchStrategy[dict[str, Any] | None]:
    """The generated parameters, or (as often) the same with known values put in."""
    if not path_parameters:
        return st.just(path_parameters)
    known = {
        k: st.sampled_from(KNOWN[k]) if KNOWN.get(k) else st.just(v)
        for k, v in path_parameters.items()
    }
    return st.one_of(st.just(path_parameters), st.fixed_dictionaries(known))


@pytest.fixture(autouse=True)
def _requests_keep_the_test_transaction():
    """The WSGI application closes the database connection after each request; the test
    client of Django stops it from doing so (the test's transaction lives on that
    connection), and so does this, for the requests schemathesis makes."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def known(world):
    viewer = viewer_for(world.org_admin)
    project = heat_services.heat_project_import(
        viewer=viewer, organisation=world.org, data=copy.deepcopy(heat_demo.PROJECT)
    )
    evaluation = heat_services.heat_evaluation_run(viewer=viewer, project=project, label="Base")
    KNOWN.clear()
    KNOWN.update(
        slug=[world.cluster.slug, world.other_cluster.slug, world.org.slug, world.neighbour.slug],
        pk=[project.pk, evaluation.pk],
    )
    yield KNOWN
    KNOWN.clear()


@pytest.fixture
def credentials(world) -> dict[str, dict[str, str]]:
    session = Client()
    assert session.login(username=world.org_member.username, password=PASSWORD)
    _token, member_key = api_token_create(user=world.org_member, name="fuzz")
    _token, coordinator_key = api_token_create(user=world.coordinator, name="fuzz")
    return {
        "anonymous": {},
        "member-session": {"Cookie": f"sessionid={session.cookies['sessionid'].value}"},
        "member-token": {"Authorization": f"Bearer {member_key}"},
        "coordinator-token": {"Authorization": f"Bearer {coordinator_key}"},
    }


@schema.parametrize()
@settings(
    max_examples=120 if EXPLORE else 12,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_every_caller_without_server_error_as_documented(
    case, credentials, known
):
    for role in ROLES:
        response = case.call(headers=credentials[role])
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as exc:
            exc.add_note(f"caller: {role}")
            raise
