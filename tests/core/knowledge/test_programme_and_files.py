"""Training programmes from modules, and which files may be attached."""

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.knowledge.files import KINDS, AttachmentRefused, check_attachment
from greencluster.core.knowledge.programme import (
    ModuleSpec,
    Part,
    ProgrammeError,
    build_programme,
    check_programme,
)

MONDAY = dt.date(2027, 5, 10)
MODULES = [
    ModuleSpec("M1", 1, ("en", "de")),
    ModuleSpec("M2", 1.5, ("en", "de")),
    ModuleSpec("M3", 0.5, ("en", "de", "fi")),
    ModuleSpec("M4", 2, ("de",)),
]


def test_a_week_laid_out_on_half_days_from_thursday_skips_the_weekend():
    programme = build_programme(MODULES, start=dt.date(2027, 5, 13), language="de", max_days=5)
    layout = [(i.module_code, i.date.isoformat(), i.part) for i in programme.items]
    assert layout == [
        ("M1", "2027-05-13", Part.FULL_DAY),
        ("M2", "2027-05-14", Part.FULL_DAY),
        ("M2", "2027-05-17", Part.MORNING),
        ("M3", "2027-05-17", Part.AFTERNOON),
        ("M4", "2027-05-18", Part.FULL_DAY),
        ("M4", "2027-05-19", Part.FULL_DAY),
    ]
    assert programme.days == 5 and programme.end == dt.date(2027, 5, 19)
    assert check_programme(programme, MODULES) == []


def test_language_length_and_duplicates_are_refused_with_the_reason():
    with pytest.raises(ProgrammeError, match="M4 is not taught in 'en'"):
        build_programme(MODULES, start=MONDAY, language="en")
    with pytest.raises(ProgrammeError, match="take 5 days but the group stays 4"):
        build_programme(MODULES, start=MONDAY, language="de", max_days=4)
    with pytest.raises(ProgrammeError, match="chosen twice"):
        build_programme([MODULES[0], MODULES[0]], start=MONDAY, language="en")
    with pytest.raises(ProgrammeError, match="half a day"):
        build_programme([ModuleSpec("X", 0.3, ("en",))], start=MONDAY, language="en")
    with pytest.raises(ProgrammeError):
        build_programme([], start=MONDAY, language="en")


@given(
    halves=st.lists(st.integers(1, 6), min_size=1, max_size=8),
    offset=st.integers(0, 13),
)
def test_any_programme_passes_the_independent_check(halves, offset):
    modules = [ModuleSpec(f"M{i}", h / 2, ("en",)) for i, h in enumerate(halves)]
    programme = build_programme(modules, start=MONDAY + dt.timedelta(days=offset), language="en")
    assert check_programme(programme, modules) == []
    assert programme.days == (sum(halves) + 1) // 2


def test_the_checker_catches_a_missing_half_day():
    programme = build_programme(MODULES[:2], start=MONDAY, language="en")
    shortened = type(programme)(programme.start, "en", programme.items[:-1])
    assert check_programme(shortened, MODULES[:2])


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_documents_and_images_are_accepted_by_content():
    assert check_attachment("report.PDF", b"%PDF-1.7 ...") == "application/pdf"
    assert check_attachment("photo.jpg", b"\xff\xd8\xff\xe0rest").startswith("image/")
    assert "wordprocessingml" in check_attachment("plan.docx", _docx())
    assert check_attachment("notes.txt", "Lämpö".encode()) == "text/plain"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("tool.exe", b"MZ...", "not accepted"),
        ("fake.pdf", b"<html>", "not a PDF"),
        ("fake.docx", b"PK not really", "office document"),
        ("page.txt", b"<!DOCTYPE html><script>", "not plain text"),
        ("empty.pdf", b"", "empty"),
        ("big.pdf", b"%PDF-" + b"0" * 2000, "limit"),
    ],
)
def test_other_files_are_refused_with_the_reason(name, data, reason):
    with pytest.raises(AttachmentRefused, match=reason):
        check_attachment(name, data, max_bytes=1000)


# Leading bytes that make some random files acceptable, so that both outcomes occur.
HEADS = st.sampled_from([b"", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"plain text, "])


@given(
    st.tuples(HEADS, st.binary(max_size=200)).map(b"".join),
    st.sampled_from(["a.pdf", "a.png", "a.docx", "a.csv", "a.odt"]),
)
def test_check_attachment_only_ever_accepts_or_refuses(data, name):
    try:
        media_type = check_attachment(name, data)
    except AttachmentRefused as exc:
        assert name in str(exc)
        return
    # Accepted: the media type of the name, and content that really is of that kind.
    extension = name.rsplit(".", 1)[1]
    assert media_type == {k.extension: k.media_type for k in KINDS}[extension]
    assert data
    if extension == "pdf":
        assert data.startswith(b"%PDF-")
    elif extension == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif extension == "csv":
        assert "\x00" not in data.decode("utf-8-sig")
    else:
        assert zipfile.is_zipfile(io.BytesIO(data))
