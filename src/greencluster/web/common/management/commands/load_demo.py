"""``manage.py load_demo``: load the demo clusters once and print the demo logins.

Idempotent: when the demo is already there nothing is changed. Passwords are generated on
first use and kept (owner-only) in the var directory, so that re-runs print the same ones.
"""

from __future__ import annotations

import json
import os
import secrets
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

STEPS = [
    "greencluster.web.registry.demo",
    "greencluster.web.heat.demo",
    "greencluster.web.impact.demo",
    "greencluster.web.knowledge.demo",
    "greencluster.web.marketplace.demo",
    "greencluster.web.events.demo",
    "greencluster.web.network.demo",
]


def demo_passwords(path: Path, usernames: list[str]) -> dict[str, str]:
    stored: dict[str, str] = {}
    if path.exists():
        stored = json.loads(path.read_text(encoding="utf-8"))
    changed = False
    for name in usernames:
        if name not in stored:
            stored[name] = f"{name}-{secrets.token_urlsafe(9)}"
            changed = True
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(stored, handle, indent=1)
    return stored


class Command(BaseCommand):
    help = "Load the demo clusters (once) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        registry_demo = import_module("greencluster.web.registry.demo")
        usernames = [u for u, _ in registry_demo.DEMO_USERS]
        passwords = demo_passwords(Path(settings.VAR_DIR) / "demo-logins.json", usernames)
        if registry_demo.is_loaded():
            self.stdout.write("Demo data is already loaded; nothing changed.")
        else:
            with transaction.atomic():
                for step in STEPS:
                    import_module(step).load(passwords)
            self.stdout.write(self.style.SUCCESS("Demo clusters loaded."))
        self.stdout.write(f"\nOpen {options['url']} and log in with:")
        for username, description in registry_demo.DEMO_USERS:
            self.stdout.write(f"  {username:<15} {passwords[username]:<28} {description}")
