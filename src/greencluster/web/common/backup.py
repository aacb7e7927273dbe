"""Backup and restore of a whole installation: the database and the uploaded files.

A backup is one ``.tar.gz`` archive:

- ``manifest.json``: format and version, when and from which database it was made, the
  migrations it was made at, the number of rows per model, and the SHA-256 of every other
  member of the archive;
- ``data.jsonl``: every row of every model (Django's JSON-lines serialisation; content types
  and permissions by natural key, so the archive restores into any installation of the same
  schema, SQLite or PostgreSQL);
- ``media/...``: the uploaded files.

The rows are read in one transaction (a repeatable-read, read-only snapshot on PostgreSQL; a
write-locked transaction on SQLite), so the archive is consistent even while people work.
Sessions and login-throttling records are transient and not kept.

A restore checks the whole archive (format, checksums, migrations) before touching anything,
then replaces all data in one transaction: if any row fails, nothing changes. The uploaded
files are unpacked next to the media folder and swapped in only after the database commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

FORMAT = "greencluster.backup"
VERSION = 1
BATCH = 1000

# Rebuilt by migrate (content types, permissions) or transient (sessions, login throttling).
NOT_KEPT = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accessfailurelog",
    "axes.accesslog",
}


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder keeps only milliseconds of a time; a backup keeps microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


def serialize_rows(objects: Iterable[Model], stream: IO[str]) -> None:
    """Write ``objects`` as JSON lines, exactly (natural keys for references)."""
    serializers.serialize(
        "jsonl", objects, stream=stream, cls=ExactEncoder, use_natural_foreign_keys=True
    )


class BackupError(Exception):
    """An archive that cannot be restored here; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: int
    models: int
    files: int
    created_at: str


def _kept_models() -> list[type[Model]]:
    found = [
        model
        for model in apps.get_models(include_auto_created=False)
        if model._meta.label_lower not in NOT_KEPT and model._meta.managed and not model._meta.proxy
    ]
    # Dependencies first (natural keys), then a stable order.
    ordered = serializers.sort_dependencies(
        [(model._meta.app_config, [model]) for model in found], allow_cycles=True
    )
    return list(ordered)


def _migrations(alias: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[alias])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while block := handle.read(1 << 20):
        digest.update(block)
    return digest.hexdigest()


def _sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return _sha256(handle)


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


@contextmanager
def _snapshot(alias: str) -> Iterator[None]:
    connection = connections[alias]
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def backup(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write a backup archive of the database ``alias`` and the media folder to ``path``
    (written to a temporary sibling and renamed, so a failure leaves no partial archive)."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a folder: give the archive's file name, e.g. backup.tar.gz")
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    counts: Counter[str] = Counter()
    created_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        data_path = Path(work) / "data.jsonl"
        with _snapshot(alias):
            migrations = _migrations(alias)
            with data_path.open("w", encoding="utf-8") as out:
                for model in _kept_models():
                    objects = model._default_manager.using(alias).order_by("pk")
                    n = 0
                    for chunk in _chunks(objects.iterator(chunk_size=BATCH), BATCH):
                        serialize_rows(chunk, out)
                        n += len(chunk)
                    if n:
                        counts[model._meta.label_lower] = n
            media = _media_files(media_root)
            files = {
                f"media/{p.relative_to(media_root).as_posix()}": _sha256_file(p) for p in media
            }
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": created_at,
            "database": connections[alias].vendor,
            "migrations": migrations,
            "rows": dict(sorted(counts.items())),
            "files": {"data.jsonl": _sha256_file(data_path), **files},
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            archive.add(data_path, arcname="data.jsonl")
            for p in media:
                archive.add(p, arcname=f"media/{p.relative_to(media_root).as_posix()}")
        partial.replace(path)
    return BackupSummary(path, sum(counts.values()), len(counts), len(files), created_at)


def _chunks(items: Iterable[Model], size: int) -> Iterator[list[Model]]:
    chunk: list[Model] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


# ---- restore ---------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError:
        raise BackupError("not a GreenCluster backup: manifest.json is missing") from None
    if member is None:
        raise BackupError("not a GreenCluster backup: manifest.json is not a file")
    try:
        manifest = json.loads(member.read())
    except ValueError as exc:
        raise BackupError(f"manifest.json is not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"not a GreenCluster backup: manifest format is not '{FORMAT}'")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"backup format version {manifest.get('version')!r} is not supported "
            f"(this GreenCluster reads version {VERSION})"
        )
    if not isinstance(manifest.get("files"), dict) or "data.jsonl" not in manifest["files"]:
        raise BackupError("manifest.json lists no data.jsonl")
    return manifest


def _check_members(archive: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    listed = dict(manifest["files"])
    for member in archive.getmembers():
        name = member.name
        if name == "manifest.json":
            continue
        if not member.isfile():
            raise BackupError(f"{name}: only regular files may be in a backup")
        if name.startswith("/") or ".." in Path(name).parts or name not in listed:
            raise BackupError(f"{name}: not listed in manifest.json")
        handle = archive.extractfile(member)
        assert handle is not None
        if _sha256(handle) != listed.pop(name):
            raise BackupError(f"{name}: checksum does not match manifest.json (damaged archive)")
    if listed:
        raise BackupError(f"missing from the archive: {', '.join(sorted(listed))}")


def _check_migrations(manifest: dict[str, Any], alias: str) -> None:
    theirs = {tuple(m) for m in manifest.get("migrations", [])}
    ours = {tuple(m) for m in _migrations(alias)}
    unknown = sorted(theirs - ours)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:10])
        raise BackupError(
            f"the backup was made by a newer GreenCluster ({len(unknown)} migrations this "
            f"installation does not have, e.g. {names}): upgrade, run migrate, then restore"
        )


def restore(path: Path, *, alias: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Replace all data of the installation with the backup at ``path``, all or nothing."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    media_root = Path(settings.MEDIA_ROOT)
    with _open_archive(path) as archive:
        manifest = _read_manifest(archive)
        _check_members(archive, manifest)
        _check_migrations(manifest, alias)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".restore-media-"))
        try:
            media_members = [m for m in archive.getmembers() if m.name.startswith("media/")]
            archive.extractall(staging, members=media_members, filter="data")
            data = archive.extractfile("data.jsonl")
            assert data is not None
            expected = sum(int(n) for n in manifest.get("rows", {}).values())
            rows = _load_rows(io.TextIOWrapper(data, encoding="utf-8"), alias, expected)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    _swap_media(staging / "media", media_root)
    shutil.rmtree(staging, ignore_errors=True)
    return BackupSummary(
        path,
        rows,
        len(manifest.get("rows", {})),
        len(manifest["files"]) - 1,
        str(manifest.get("created_at", "")),
    )


@contextmanager
def _open_archive(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed below)
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{path}: not a readable .tar.gz archive ({exc})") from None
    try:
        yield archive
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{path}: could not read or unpack the archive ({exc})") from None
    finally:
        archive.close()


def _load_rows(stream: IO[str], alias: str, expected: int) -> int:
    connection = connections[alias]
    models = _kept_models()
    tables = [m._meta.db_table for m in models]
    tables += [
        f.remote_field.through._meta.db_table
        for m in models
        for f in m._meta.local_many_to_many
        if f.remote_field.through._meta.auto_created
    ]
    rows = 0
    with transaction.atomic(using=alias):
        with connection.constraint_checks_disabled():
            with connection.cursor() as cursor:
                for sql in connection.ops.sql_flush(
                    no_style(), [*tables, "django_session"], allow_cascade=True
                ):
                    cursor.execute(sql)
            m2m: list[tuple[Model, dict[str, list[Any]]]] = []
            try:
                # Rows are inserted a run of one model at a time, so that rows referring to
                # earlier ones by natural key (e.g. a user name) find them.
                for first_row, run in _runs(stream):
                    rows = first_row
                    objects = []
                    for item in serializers.deserialize(
                        "jsonl", "".join(run), using=alias, ignorenonexistent=False
                    ):
                        objects.append(item.object)
                        if item.m2m_data:
                            m2m.append((item.object, item.m2m_data))
                        rows += 1
                    _insert(objects, alias)
                for obj, relations in m2m:
                    for name, values in relations.items():
                        getattr(obj, name).set(values)
            except serializers.base.DeserializationError as exc:
                raise BackupError(f"data.jsonl, row {rows + 1}: {exc}") from None
            except DatabaseError as exc:
                raise BackupError(f"data.jsonl does not fit this database: {exc}") from None
        if rows != expected:
            raise BackupError(f"data.jsonl holds {rows} rows but manifest.json counts {expected}")
        try:
            connection.check_constraints(table_names=tables)
        except DatabaseError as exc:
            raise BackupError(f"data.jsonl is inconsistent: {exc}") from None
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    return rows


def _runs(stream: IO[str]) -> Iterator[tuple[int, list[str]]]:
    """Consecutive rows of one model, at most ``BATCH`` at a time, with the number of rows
    before each run."""
    run: list[str] = []
    label = None
    seen = 0
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            model = json.loads(line)["model"]
        except (ValueError, KeyError, TypeError):
            raise BackupError(f"data.jsonl, line {number}: not a serialised row") from None
        if run and (model != label or len(run) >= BATCH):
            yield seen, run
            seen += len(run)
            run = []
        label = model
        run.append(line)
    if run:
        yield seen, run


def _insert(objects: list[Model], alias: str) -> None:
    model = type(objects[0])
    if model._meta.parents:  # multi-table inheritance: no bulk insert
        for obj in objects:
            Model.save_base(obj, using=alias, raw=True)
    else:
        # A raw insert, as loaddata does: values exactly as stored (bulk_create would stamp
        # auto_now fields with the time of the restore).
        model._base_manager.using(alias)._insert(  # type: ignore[attr-defined]
            objects, fields=model._meta.local_concrete_fields, using=alias, raw=True
        )


def _swap_media(new: Path, media_root: Path) -> None:
    new.mkdir(parents=True, exist_ok=True)
    old = None
    if media_root.exists():
        old = media_root.with_name(f".{media_root.name}-before-restore")
        shutil.rmtree(old, ignore_errors=True)
        media_root.replace(old)
    new.replace(media_root)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
