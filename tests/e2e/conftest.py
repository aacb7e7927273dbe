"""Browser tests: a real GreenCluster server (gunicorn, DEBUG off, collected static files, the
demo loaded into a fresh SQLite database) driven by Debian's Chromium through Playwright.

A missing browser fails the run with the command to install it; nothing is skipped."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("GREENCLUSTER_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass(frozen=True)
class Server:
    url: str
    passwords: dict[str, str]
    var_dir: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "greencluster.web.manage", *args],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    var_dir = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(GREENCLUSTER_VAR_DIR=str(var_dir), GREENCLUSTER_TILE_URL="", GREENCLUSTER_DEBUG="0")
    for command in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput"],
        ["compilemessages_gc"],
        ["load_demo"],
    ):
        _manage(env, *command)
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = var_dir / "server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                str(gunicorn),
                "greencluster.web.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "2",
            ],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a busy machine starts slowly
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    "the server did not start: " + log.read_text(errors="replace")[-2000:]
                ) from None
            time.sleep(0.3)
    passwords = json.loads((var_dir / "demo-logins.json").read_text(encoding="utf-8"))
    yield Server(url, passwords, var_dir)
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install it (Debian: apt-get install "
            "chromium) or run 'make test', which installs it as root",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=server.url, locale="en-GB")
    # No network beyond this machine: any other request (e.g. map tiles) is refused.
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(server.url) else route.abort()
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    # A script error or a Content-Security-Policy violation fails the test that caused it.
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "Content-Security-Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not problems, "\n".join(problems)


def log_in(page, server: Server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server.passwords[username])
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
