"""Background jobs: synchronous without a broker, queued on Redis (after commit) with one."""

from __future__ import annotations

import os
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from greencluster.web.common import tasks

TEST_REDIS_URL = os.environ.get("GREENCLUSTER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def create_user(username: str) -> int:
    return int(get_user_model().objects.create_user(username=username).pk)


@pytest.fixture
def no_broker(settings):
    settings.GREENCLUSTER = {**settings.GREENCLUSTER, "REDIS_URL": ""}


@pytest.fixture
def broker(settings):
    """A private queue on the development/CI Redis; fails (does not skip) when none runs."""
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    try:
        Redis.from_url(TEST_REDIS_URL).ping()
    except RedisConnectionError as exc:
        pytest.fail(
            f"the queued-job tests need Redis at {TEST_REDIS_URL} (Debian: apt-get install "
            f"redis-server; or set GREENCLUSTER_TEST_REDIS_URL): {exc}"
        )
    queue_name = f"test-{uuid.uuid4().hex}"
    settings.GREENCLUSTER = {
        **settings.GREENCLUSTER,
        "REDIS_URL": TEST_REDIS_URL,
        "TASK_QUEUE": queue_name,
    }
    yield
    queue = tasks._queue(TEST_REDIS_URL)
    queue.delete(delete_jobs=True)


@pytest.mark.django_db
def test_without_a_broker_the_job_runs_at_once(no_broker):
    run = tasks.enqueue("tests.web.test_tasks.create_user", username="sync")
    assert run.synchronous and run.state == tasks.FINISHED
    assert get_user_model().objects.get(username="sync").pk == run.result
    assert tasks.state(run.id) == tasks.FINISHED


@pytest.mark.django_db
def test_wrong_path_and_unserialisable_arguments_fail_in_the_caller(no_broker):
    with pytest.raises(ImportError):
        tasks.enqueue("tests.web.test_tasks.no_such_function")
    with pytest.raises(TypeError, match="JSON-serialisable"):
        tasks.enqueue("tests.web.test_tasks.create_user", username=object())
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_with_a_broker_the_job_is_queued_after_commit_and_run_by_the_worker(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = tasks.enqueue("tests.web.test_tasks.create_user", username="queued")
        assert not run.synchronous
        # Nothing reaches Redis before the request's transaction commits.
        assert tasks.state(run.id) == tasks.UNKNOWN
    for callback in callbacks:
        callback()
    assert tasks.state(run.id) == tasks.QUEUED
    assert not get_user_model().objects.filter(username="queued").exists()

    call_command("run_worker", burst=True, in_process=True)

    assert tasks.state(run.id) == tasks.FINISHED
    assert get_user_model().objects.filter(username="queued").exists()


def test_the_worker_refuses_to_start_without_a_broker(no_broker):
    with pytest.raises(CommandError, match="GREENCLUSTER_REDIS_URL"):
        call_command("run_worker", burst=True)
