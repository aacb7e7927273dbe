"""The strict Content-Security-Policy leaves the interactive pages working: the API's Swagger
UI renders its operations and a wrong password repeated locks the login."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e


def test_api_documentation_renders_under_the_policy(page):
    page.goto("/api/docs")
    page.wait_for_selector(".opblock-summary")
    assert page.locator(".opblock-summary").count() > 10
    assert "GreenCluster API" in page.locator(".title").first.inner_text()


def unlock(server, username: str) -> None:
    """The browser tests share one server: lift the lock for the tests that follow."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GREENCLUSTER_VAR_DIR"] = str(server.var_dir)
    subprocess.run(
        [sys.executable, "-m", "greencluster.web.manage", "axes_reset_username", username],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def coordinator_no(server):
    yield "coordinator-no"
    unlock(server, "coordinator-no")


def test_login_is_locked_after_repeated_wrong_passwords(page, server, coordinator_no):
    for _ in range(5):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", coordinator_no)
        page.fill("input[name=password]", "not-the-password")
        page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Too many failed logins"
    page.goto("/accounts/login/")
    page.fill("input[name=username]", coordinator_no)
    page.fill("input[name=password]", server.passwords[coordinator_no])
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Too many failed logins"
