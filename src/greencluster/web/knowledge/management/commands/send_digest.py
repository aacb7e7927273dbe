"""``manage.py send_digest``: send the due opt-in digests (run it daily, e.g. from cron)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from greencluster.web.knowledge.digest import send_digests


class Command(BaseCommand):
    help = "Send the periodic digest to every user who opted in and is due one."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--base-url",
            default=os.environ.get("GREENCLUSTER_BASE_URL", "http://127.0.0.1:8000"),
            help="Address of the site, for the links in the e-mails",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests(base_url=options["base_url"])
        self.stdout.write(f"{sent} digests sent.")
