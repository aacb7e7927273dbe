"""The permission matrix over the periodic digest e-mail, which every app may add sections to:
each role's digest holds no secret it may not see, and the new members-only records reach the
members it is meant for."""

from __future__ import annotations

import pytest

from greencluster.web.knowledge.digest import send_digests
from greencluster.web.knowledge.models import DigestSubscription
from tests.web.permissions.checks import leaked
from tests.web.permissions.world import ROLES, SECRETS, SIGNED_IN

# New members-only records of the cluster: each member's digest lists them.
NEW_RECORDS = ("knowledge.practice", "knowledge.publication")


@pytest.mark.parametrize("role", [r for r in ROLES if r in SIGNED_IN])
def test_the_digest_shows_a_role_only_what_it_may_see(matrix, role, mailoutbox) -> None:
    user = matrix.users[role]
    DigestSubscription.objects.create(user=user, frequency="weekly", language="en")
    assert send_digests(base_url="https://greencluster.example") == 1
    (mail,) = mailoutbox
    text = f"{mail.subject}\n{mail.body}".lower()
    assert not leaked(text, role), f"{role}'s digest has {leaked(text, role)}"
    expected = [k for k in NEW_RECORDS if role in SECRETS[k].roles]
    assert [k for k in expected if not SECRETS[k].found_in(text)] == []
