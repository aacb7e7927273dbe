"""EWC codes as users type them, alone or inside a description."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.taxonomy import all_classes, classify, parse_ewc
from greencluster.core.taxonomy.ewc import display_code, find_ewc_codes

CODES = sorted(c.ewc for c in all_classes() if c.ewc)


@given(
    st.sampled_from(CODES),
    st.sampled_from(["", " ", ".", "-"]),
    st.sampled_from(["", "*", " *"]),
    st.sampled_from(
        ["", "EWC ", "LoW: ", "AVV ", "EAK ", "EWC-code ", "ewc code: ", "Jätenimike ", "code #"]
    ),
)
def test_any_code_in_any_spelling_is_parsed(code: str, sep: str, star: str, prefix: str) -> None:
    written = prefix + sep.join((code[:2], code[2:4], code[4:])) + star
    assert parse_ewc(written) == code


def test_every_prefix_the_docstring_names_is_accepted() -> None:
    assert parse_ewc("EWC-code 10 01 05") == "100105"
    assert parse_ewc("EWC-CODE: 10 01 05*") == "100105"
    assert parse_ewc("jätenimike 10 01 05") == "100105"
    assert parse_ewc("JÄTENIMIKE: 100105") == "100105"
    assert parse_ewc("jatenimike 10.01.05") == "100105"
    assert parse_ewc("EWC code 10 01 05") == "100105"
    assert parse_ewc("AVV-Code 10 01 05") == "100105"
    assert parse_ewc("code 10 01 05") == "100105"
    assert parse_ewc("EWC") is None and parse_ewc("code") is None
    best = classify("EWC-code 10 01 05").best
    assert best is not None and best.class_id == "ewc.100105"


@given(st.sampled_from(CODES))
def test_typed_codes_classify_to_themselves(code: str) -> None:
    result = classify(display_code(code) + "*")
    assert result.best is not None and result.best.class_id == f"ewc.{code}"
    assert not result.low_confidence


def test_codes_inside_descriptions_are_found_but_quantities_are_not() -> None:
    assert find_ewc_codes("Lentotuhka 10 01 03, n. 500 t/v") == ["100103"]
    assert find_ewc_codes("ca. 2000 t/a, 500 000 m3, tel 040 123 4567") == []
    assert find_ewc_codes("100105") == []  # a bare number in running text is not trusted
    best = classify("Ash from our boiler (10 01 01), 700 t").best
    assert best is not None and best.class_id == "ewc.100101"


def test_codes_the_text_excludes_are_skipped() -> None:
    assert find_ewc_codes("Sludges other than those mentioned in 19 08 11") == []
    assert find_ewc_codes("Schlämme mit Ausnahme derjenigen, die unter 19 08 11 fallen") == []


def test_codes_that_do_not_exist_are_not_recognised() -> None:
    assert parse_ewc("21 01 01") is None
    assert classify("10 99 77").best is None or classify("10 99 77").low_confidence
