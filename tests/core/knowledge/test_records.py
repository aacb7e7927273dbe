"""Reading good-practice files: headers in any language, merging language versions, and
every problem reported with its row and column."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.errors import InputError
from greencluster.core.knowledge.records import export_columns, read_practices
from greencluster.core.knowledge.vocabulary import LANGUAGES, WOOD_TYPES
from greencluster.core.tables import read_table


def table(text: str, name: str = "gp.csv"):
    return read_table(text.encode("utf-8"), name=name)


def test_finnish_headers_english_text_and_terms_in_german():
    csv = (
        "Tunnus,Otsikko,Puulaji,Mittakaava,Aloitusvuosi,Päättymisvuosi,Julkinen\n"
        'GP-1,Village heat,"Birke; Fichte",Lokal,2008,2012,kyllä\n'
    )
    [record] = read_practices(table(csv))
    assert record.texts["title"] == {"en": "Village heat"}
    assert record.wood_types == ("birch", "spruce")
    assert record.scale == "local"
    assert (record.year_start, record.year_end, record.public) == (2008, 2012, True)


def test_rows_with_the_same_ref_become_language_versions():
    csv = (
        "ref,language,title,summary,domain\n"
        "GP-1,en,Village heat,Wood chips,renewable-heat\n"
        "GP-1,fi,Kylälämpö,Hakelämpö,\n"
        "GP-2,de,Holzbau,,wood-products\n"
    )
    first, second = read_practices(table(csv))
    assert first.texts == {
        "title": {"en": "Village heat", "fi": "Kylälämpö"},
        "summary": {"en": "Wood chips", "fi": "Hakelämpö"},
    }
    assert first.domain == "renewable-heat" and first.languages == ("en", "fi")
    assert second.texts["title"] == {"de": "Holzbau"}


def test_every_problem_is_listed_with_row_and_column():
    csv = (
        "ref,title,wood_types,year_start,year_end,language,country\n"
        "GP-1,A,banana,2010,2009,fi,FI\n"
        "GP-2,,birch,x,,en,FI\n"
        "GP-3,C,birch,,,xx,Finland\n"
        "GP-4,D,,,,fi,\n"
        "GP-4,D2,,,,fi,\n"
    )
    with pytest.raises(InputError) as caught:
        read_practices(table(csv))
    found = {(e.row, e.column) for e in caught.value.errors}
    assert (2, "wood_types") in found
    assert (3, "year_start") in found
    assert (4, "language") in found and (4, "country") in found
    assert (6, "title") in found  # a different fi title for the same ref
    assert "birch" in next(e.message for e in caught.value.errors if e.column == "wood_types")


def test_end_before_start_and_missing_title_are_errors():
    with pytest.raises(InputError) as caught:
        read_practices(table("ref,title,year_start,year_end\nA,T,2012,2010\nB,,,\n"))
    assert {(e.row, e.column) for e in caught.value.errors} == {(2, "year_end"), (3, "title")}


def test_a_missing_ref_column_and_an_empty_file_are_refused():
    with pytest.raises(InputError) as caught:
        read_practices(table("title\nX\n"))
    assert caught.value.errors[0].row == 1 and caught.value.errors[0].column == "ref"
    with pytest.raises(InputError):
        read_practices(table("ref,title\n"))


def test_json_rows_may_name_fields_in_different_languages():
    rows = [
        {"ref": "A", "title": "One", "scale": "local"},
        {"tunnus": "B", "otsikko": "Kaksi", "kieli": "fi", "mittakaava": "alueellinen"},
        {"ref": "C", "title": "Three", "skala": "regional", "scale": "local"},
    ]
    with pytest.raises(InputError) as caught:
        read_practices(table(json.dumps(rows), "gp.json"))
    assert [(e.row, e.column) for e in caught.value.errors] == [(4, "scale")]
    a, b = read_practices(table(json.dumps(rows[:2]), "gp.json"))
    assert a.scale == "local"
    assert b.texts["title"] == {"fi": "Kaksi"} and b.scale == "regional"


def test_export_columns_cover_every_language_version():
    columns = export_columns()
    assert columns[0] == "ref"
    assert {f"title_{lang}" for lang in LANGUAGES} <= set(columns)
    assert len(columns) == len(set(columns))


@given(
    codes=st.lists(st.sampled_from(WOOD_TYPES.terms), min_size=1, max_size=4, unique=True),
    lang=st.sampled_from(LANGUAGES),
)
def test_wood_types_written_in_any_language_read_as_codes(codes, lang):
    cell = "; ".join(t.label(lang) for t in codes)
    [record] = read_practices(table(f'ref,title,wood_types\nA,T,"{cell}"\n'))
    assert record.wood_types == tuple(t.code for t in codes)
