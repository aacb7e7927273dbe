"""Background jobs with a synchronous fallback.

``enqueue("package.module.function", **kwargs)`` runs ``function(**kwargs)``:

- in an RQ worker (``python -m greencluster.web.manage run_worker``) when
  ``GREENCLUSTER_REDIS_URL`` is set; the job is queued only once the surrounding database
  transaction commits, so the worker sees what the request wrote;
- at once, in the caller's process, when no broker is configured (the embedded default).

Arguments must be JSON-serialisable (ids, strings, numbers), never model instances: the worker
reads the current state from the database. The function is resolved before anything is queued,
so a wrong path fails in the request, not later in the worker.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

QUEUED = "queued"
STARTED = "started"
FINISHED = "finished"
FAILED = "failed"
UNKNOWN = "unknown"

JOB_TIMEOUT_S = 3600
RESULT_TTL_S = 24 * 3600


@dataclass(frozen=True)
class TaskRun:
    """What ``enqueue`` did: ``id`` names the queued job (``None`` when it already ran);
    ``result`` is the function's return value when it ran synchronously."""

    id: str | None
    state: str
    result: Any = None

    @property
    def synchronous(self) -> bool:
        return self.id is None


def broker_url() -> str:
    return str(settings.GREENCLUSTER.get("REDIS_URL") or "")


def _queue(url: str) -> Any:
    from redis import Redis
    from rq import Queue

    return Queue(settings.GREENCLUSTER["TASK_QUEUE"], connection=Redis.from_url(url))


def enqueue(path: str, /, **kwargs: Any) -> TaskRun:
    """Run ``path(**kwargs)`` in the background if a broker is configured, else now."""
    function = import_string(path)
    try:
        json.dumps(kwargs)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"arguments of {path} must be JSON-serialisable: {exc}") from exc
    url = broker_url()
    if not url:
        return TaskRun(id=None, state=FINISHED, result=function(**kwargs))
    job_id = uuid.uuid4().hex
    queue = _queue(url)

    def submit() -> None:
        queue.enqueue(
            run,
            path,
            kwargs,
            job_id=job_id,
            job_timeout=JOB_TIMEOUT_S,
            result_ttl=RESULT_TTL_S,
            failure_ttl=RESULT_TTL_S,
        )

    transaction.on_commit(submit)
    return TaskRun(id=job_id, state=QUEUED)


def run(path: str, kwargs: dict[str, Any]) -> Any:
    """The worker's entry point: resolve ``path`` and call it."""
    return import_string(path)(**kwargs)


def state(task_id: str | None) -> str:
    """``queued``, ``started``, ``finished``, ``failed`` or ``unknown`` (expired or never
    queued); a synchronous run (``None``) is finished."""
    if task_id is None:
        return FINISHED
    url = broker_url()
    if not url:
        return UNKNOWN
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    queue = _queue(url)
    try:
        job = Job.fetch(task_id, connection=queue.connection)
    except NoSuchJobError:
        return UNKNOWN
    status = str(job.get_status(refresh=True).value)
    return {
        "queued": QUEUED,
        "deferred": QUEUED,
        "scheduled": QUEUED,
        "started": STARTED,
        "finished": FINISHED,
    }.get(status, FAILED if status in {"failed", "stopped", "canceled"} else UNKNOWN)
