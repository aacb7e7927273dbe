"""`greencluster backup` / `restore`: a round trip of the demo installation loses nothing; a
damaged, foreign or newer archive changes nothing."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from typer.testing import CliRunner

from greencluster.cli.app import app
from greencluster.web.common.backup import (
    BackupError,
    _kept_models,
    backup,
    restore,
    serialize_rows,
)
from greencluster.web.registry.models import Organisation, Site

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def database_state() -> dict[str, str]:
    """Every row of every kept model, serialised exactly (many-to-many included)."""
    state = {}
    for model in _kept_models():
        out = io.StringIO()
        serialize_rows(model._base_manager.order_by("pk"), out)
        state[model._meta.label_lower] = out.getvalue()
    return state


def media_state(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def installation(settings, tmp_path):
    """The demo clusters plus two uploaded files."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    call_command("load_demo", stdout=io.StringIO())
    (settings.MEDIA_ROOT / "uploads" / "sheets").mkdir(parents=True)
    (settings.MEDIA_ROOT / "uploads" / "sheets" / "kuori.pdf").write_bytes(b"%PDF-1.4 bark")
    (settings.MEDIA_ROOT / "photo ä.jpg").write_bytes(bytes(range(256)) * 40)
    return Path(settings.MEDIA_ROOT)


def damage() -> None:
    """Sites of the invented members lost, their names overwritten."""
    Site.objects.filter(organisation__name__startswith="Demo").delete()
    Organisation.objects.filter(name__startswith="Demo").update(name="Overwritten")


def rewrite(archive: Path, out: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Copy ``archive`` to ``out`` letting ``change(name, bytes) -> bytes`` alter members."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            handle = src.extractfile(member)
            content = change(member.name, handle.read() if handle else b"")
            info = tarfile.TarInfo(member.name)
            info.size = len(content)
            dst.addfile(info, io.BytesIO(content))


def test_a_round_trip_loses_nothing(installation, tmp_path):
    before_db, before_media = database_state(), media_state(installation)
    assert Organisation.objects.count() > 250 and len(before_media) == 2
    archive = tmp_path / "backup.tar.gz"
    summary = backup(archive)
    assert summary.rows > 1000 and summary.files == 2

    # A bad day: organisations deleted, a stranger added, files lost and replaced.
    damage()
    get_user_model().objects.create_user("intruder")
    (installation / "photo ä.jpg").unlink()
    (installation / "stray.txt").write_text("not in the backup")

    restored = restore(archive)
    assert restored.rows == summary.rows
    assert database_state() == before_db
    assert media_state(installation) == before_media
    # The restored installation works: ids continue after the restored rows.
    new = get_user_model().objects.create_user("after-restore")
    assert new.pk > max(get_user_model().objects.exclude(pk=new.pk).values_list("pk", flat=True))


def test_a_damaged_archive_is_refused_before_anything_changes(installation, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    damage()
    after_delete = database_state()
    damaged = tmp_path / "damaged.tar.gz"
    rewrite(
        archive,
        damaged,
        lambda name, data: data.replace(b"Demo", b"Omed", 1) if name == "data.jsonl" else data,
    )
    with pytest.raises(BackupError, match=r"data\.jsonl: checksum does not match"):
        restore(damaged)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(BackupError):
        restore(truncated)
    not_ours = tmp_path / "photo.tar.gz"
    with tarfile.open(not_ours, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("photo.jpg"), io.BytesIO(b""))
    with pytest.raises(BackupError, match=r"manifest\.json is missing"):
        restore(not_ours)
    assert database_state() == after_delete


def resealed(archive: Path, out: Path, change_data) -> None:  # type: ignore[no-untyped-def]
    """A consistent archive (checksums and counts fixed) whose rows were changed."""
    with tarfile.open(archive, "r:gz") as src:
        manifest = json.loads(src.extractfile("manifest.json").read())  # type: ignore[union-attr]
        data = src.extractfile("data.jsonl").read()  # type: ignore[union-attr]
    data = change_data(data)
    import hashlib

    manifest["files"]["data.jsonl"] = hashlib.sha256(data).hexdigest()
    manifest["rows"] = {"all": len(data.splitlines())}

    def change(name: str, content: bytes) -> bytes:
        if name == "manifest.json":
            return json.dumps(manifest).encode()
        return data if name == "data.jsonl" else content

    rewrite(archive, out, change)


def test_a_row_that_does_not_fit_rolls_the_whole_restore_back(installation, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    get_user_model().objects.create_user("kept-because-restore-fails")
    before_db, before_media = database_state(), media_state(installation)

    def orphan(data: bytes) -> bytes:
        # The last row now points at an organisation that does not exist.
        lines = data.splitlines()
        index = next(i for i, line in enumerate(lines) if b'"organisation": ' in line)
        row = json.loads(lines[index])
        row["fields"]["organisation"] = 987654321
        lines[index] = json.dumps(row).encode()
        return b"\n".join(lines) + b"\n"

    bad = tmp_path / "orphan.tar.gz"
    resealed(archive, bad, orphan)
    with pytest.raises(BackupError):
        restore(bad)
    assert database_state() == before_db
    assert media_state(installation) == before_media


def test_a_backup_of_a_newer_schema_is_refused(installation, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    newer = tmp_path / "newer.tar.gz"

    def add_migration(name: str, content: bytes) -> bytes:
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        manifest["migrations"].append(["registry", "9999_from_the_future"])
        return json.dumps(manifest).encode()

    rewrite(archive, newer, add_migration)
    with pytest.raises(BackupError, match=r"newer GreenCluster.*registry\.9999_from_the_future"):
        restore(newer)


def test_the_commands_back_up_and_restore_and_ask_first(installation, tmp_path):
    runner = CliRunner()
    archive = tmp_path / "nightly.tar.gz"
    result = runner.invoke(app, ["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and archive.is_file()
    before = database_state()
    damage()
    changed = database_state()
    refused = runner.invoke(app, ["restore", str(archive)], input="n\n")
    assert refused.exit_code != 0
    assert database_state() == changed
    result = runner.invoke(app, ["restore", str(archive), "--yes"])
    assert result.exit_code == 0, result.output
    assert database_state() == before
    missing = runner.invoke(app, ["restore", str(tmp_path / "none.tar.gz"), "--yes"])
    assert missing.exit_code == 2 and "no such file" in missing.output
