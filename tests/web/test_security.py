"""Security settings: Argon2 passwords, login throttling, CSP and friends, check --deploy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.urls import reverse

from greencluster.web.common.security import tile_origin
from tests.web.factories import PASSWORD

WEB = Path(__file__).resolve().parents[2] / "src" / "greencluster" / "web"


def production_setting(name: str) -> object:
    import greencluster.web.config.settings as production

    return getattr(production, name)


def test_passwords_are_stored_with_argon2(settings):
    settings.PASSWORD_HASHERS = production_setting("PASSWORD_HASHERS")
    encoded = make_password("a long passphrase for the cluster")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("a long passphrase for the cluster", encoded)
    assert not check_password("a wrong passphrase", encoded)


@pytest.mark.django_db
def test_an_older_hash_is_upgraded_to_argon2_at_the_next_login(client, settings):
    settings.PASSWORD_HASHERS = production_setting("PASSWORD_HASHERS")
    user = get_user_model().objects.create(
        username="old", password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
    response = client.post(reverse("accounts:login"), {"username": "old", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def login(client, username: str, password: str):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR="203.0.113.5",
    )


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_user_name_from_that_address(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "orgadmin", "wrong").status_code == 200  # the form again
    locked = login(client, "orgadmin", "wrong")
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    # Even the right password is refused while locked ...
    assert login(client, "orgadmin", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # ... but another user from the same address, and the same user from elsewhere, may log in.
    assert login(client, "coord", PASSWORD).status_code == 302
    other = client.__class__()
    response = other.post(
        reverse("accounts:login"),
        {"username": "orgadmin", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "orgadmin", "wrong")
    assert login(client, "orgadmin", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "orgadmin", "wrong").status_code == 200
    assert login(client, "orgadmin", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("registry:home"))
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_map_tiles_are_allowed_only_from_the_configured_server():
    assert tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert tile_origin("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.org"
    )
    assert tile_origin("") == ""
    assert tile_origin("javascript:alert(1)") == ""


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"""<[^>]+\son[a-z]+\s*=\s*["']""", re.I)


def test_no_template_has_inline_script_the_policy_would_block():
    offenders = []
    for template in WEB.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
            offenders.append(str(template.relative_to(WEB)))
    assert offenders == [], "move inline JavaScript to a static file: " + ", ".join(offenders)


def test_check_deploy_is_clean_for_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GREENCLUSTER_") and key != "DATABASE_URL"
    }
    env.update(GREENCLUSTER_VAR_DIR=str(tmp_path), GREENCLUSTER_HTTPS="1")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "greencluster.web.manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
