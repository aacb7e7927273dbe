"""The demo of `make run`: loaded once, re-runs change nothing, logins work."""

import json

import pytest
from django.core.management import call_command

from greencluster.web.registry.models import Cluster, Organisation, Site


@pytest.mark.slow
def test_load_demo_is_idempotent_and_prints_working_logins(db, client, settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (Cluster.objects.count(), Organisation.objects.count(), Site.objects.count())
    assert counts[0] == 5 and counts[1] > 250
    call_command("load_demo")
    second = capsys.readouterr().out
    assert "already loaded" in second
    assert counts == (Cluster.objects.count(), Organisation.objects.count(), Site.objects.count())
    passwords = json.loads((tmp_path / "demo-logins.json").read_text())
    for username, password in passwords.items():
        assert password in first and password in second
        assert client.login(username=username, password=password)
        client.logout()
    # Real E-PRTR facilities carry their register reference; invented figures are marked.
    stena = Organisation.objects.filter(external_ref__startswith="EPRTR:").first()
    assert stena is not None and "turnover_eur" in stena.demo_fields
    assert (
        Organisation.objects.filter(
            name__startswith="Demo ", memberships__cluster__slug="grenland-green-industry"
        ).count()
        >= 5
    )
