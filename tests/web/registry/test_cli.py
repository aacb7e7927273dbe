"""``greencluster import`` and ``greencluster export`` on the installation's database."""

import json

from typer.testing import CliRunner

from greencluster.cli.app import app
from greencluster.web.audit.models import AuditEntry
from greencluster.web.registry.models import Organisation

HEADER = "business_id,name,country,place\n"


def test_import_is_all_or_nothing_then_exports_what_it_imported(world, tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "0112038-9,Alfa Oy,FI,Vaasa\n923609016,Beta AS,NO,Atlantis\n")
    result = runner.invoke(app, ["import", str(bad), "--cluster", "heat"])
    assert result.exit_code == 2
    assert "row 3, column 'place'" in result.output
    assert not Organisation.objects.filter(name="Alfa Oy").exists()

    good = tmp_path / "good.csv"
    good.write_text(HEADER + "0112038-9,Alfa Oy,FI,Vaasa\n")
    result = runner.invoke(app, ["import", str(good), "--cluster", "heat"])
    assert result.exit_code == 0, result.output
    assert Organisation.objects.filter(name="Alfa Oy", memberships__cluster=world.cluster).exists()
    assert AuditEntry.objects.filter(action="registry.import", actor_label="command line").exists()

    out = tmp_path / "heat.json"
    result = runner.invoke(app, ["export", "--cluster", "heat", "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = {o["name"] for o in json.loads(out.read_text())["organisations"]}
    assert {"Alfa Oy", "Lämpö Oy", "Naapuri Oy"} <= names


def test_unknown_cluster_and_format_are_refused_without_writing(world, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--cluster", "nope", "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "no cluster 'nope'" in result.output
    result = runner.invoke(app, ["export", "--cluster", "heat", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []
