from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from tests.web.permissions.world import MatrixWorld, build_matrix_world


@pytest.fixture(scope="package")
def mw(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[MatrixWorld]:
    """The matrix world, built once for the package inside a transaction that is rolled back
    at the end; each test runs in a savepoint of it (pytest-django's ``db``), so what one test
    writes is gone before the next."""
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=media,
            GREENCLUSTER={**settings.GREENCLUSTER, "SCHEDULER_TIME_LIMIT_S": 2},
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_matrix_world()
        transaction.set_rollback(True)


@pytest.fixture
def matrix(mw, db) -> MatrixWorld:
    """``mw`` for one test (in its own savepoint)."""
    return mw
