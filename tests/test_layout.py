"""Rules of the code base that a reviewer would otherwise have to remember."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = [ROOT / "src", ROOT / "tests", ROOT / "benchmarks"]


def python_files():
    for base in SOURCE_DIRS:
        yield from (p for p in base.rglob("*.py") if ".venv" not in p.parts)


def test_nothing_reads_the_shared_folder_at_run_time_or_in_tests():
    """Reference data ships inside the package; ../shared is only a source for developers."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in python_files()
        if p.name != "test_layout.py"
        and (
            "../shared" in p.read_text(encoding="utf-8")
            or "/work/shared" in p.read_text(encoding="utf-8")
        )
    ]
    assert offenders == []


def test_shipped_data_folders_carry_their_sources():
    data = ROOT / "src" / "greencluster" / "data"
    folders = [d for d in data.iterdir() if d.is_dir() and d.name != "__pycache__"]
    assert folders
    missing = [d.name for d in folders if not (d / "SOURCES.md").exists()]
    assert missing == []
