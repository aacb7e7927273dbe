"""Run the background worker: ``python -m greencluster.web.manage run_worker``.

Needs ``GREENCLUSTER_REDIS_URL``; without it jobs run synchronously and no worker is needed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from greencluster.web.common.tasks import _queue, broker_url


class Command(BaseCommand):
    help = "Run queued background jobs (RQ on GREENCLUSTER_REDIS_URL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--burst", action="store_true", help="stop when the queue is empty")
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="run jobs in this process instead of a forked child (debugging)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        url = broker_url()
        if not url:
            raise CommandError(
                "GREENCLUSTER_REDIS_URL is not set: jobs run synchronously, no worker needed"
            )
        from rq import SimpleWorker, Worker

        queue = _queue(url)
        if options["in_process"]:
            worker_class: type[Worker] = SimpleWorker
        else:
            worker_class = Worker
            # A forked job must not share the parent's database connections.
            connections.close_all()
        worker_class([queue], connection=queue.connection).work(burst=options["burst"])
