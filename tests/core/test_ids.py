"""Business id validators: real ids pass, every single-digit change of a check digit fails."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.ids import InvalidBusinessId, validate_business_id

REAL_IDS = [
    ("FI", "0112038-9", "0112038-9"),  # Nokia Oyj
    ("FI", "112038-9", "0112038-9"),  # leading zero left out
    ("FI", "FI01120389", "0112038-9"),  # VAT form
    ("NO", "923 609 016", "923609016"),  # Equinor ASA
    ("NO", "NO923609016MVA", "923609016"),
    ("SE", "556012-5790", "556012-5790"),  # AB Volvo
    ("SE", "5560125790", "556012-5790"),
    ("SE", "SE556012579001", "556012-5790"),
    ("EE", "10421629", "10421629"),  # Eesti Energia AS (second weight round)
    ("DK", "24256790", "24256790"),  # Novo Nordisk A/S
]


@pytest.mark.parametrize(("country", "raw", "normalised"), REAL_IDS)
def test_real_ids_are_accepted_and_normalised(country, raw, normalised):
    assert validate_business_id(country, raw) == normalised


@pytest.mark.parametrize(("country", "raw", "normalised"), REAL_IDS)
def test_a_wrong_check_digit_is_rejected(country, raw, normalised):
    digits = [c for c in normalised if c.isdigit()]
    last = int(digits[-1])
    for wrong in range(10):
        if wrong == last:
            continue
        candidate = normalised[:-1] + str(wrong)
        with pytest.raises(InvalidBusinessId):
            validate_business_id(country, candidate)


def test_error_names_what_the_register_expects():
    with pytest.raises(InvalidBusinessId) as info:
        validate_business_id("FI", "0112038-8")
    assert "check digit should be 9" in str(info.value)
    assert "Y-tunnus" in str(info.value)
    with pytest.raises(InvalidBusinessId, match="9 digits"):
        validate_business_id("NO", "12345")


def test_other_countries_accept_plain_register_ids():
    assert validate_business_id("DE", "HRB 12345") == "HRB 12345"
    with pytest.raises(InvalidBusinessId):
        validate_business_id("DE", "!!")


@given(st.text(max_size=20), st.sampled_from(["FI", "NO", "SE", "EE", "DK", "DE", "LV"]))
def test_any_text_is_either_normalised_or_rejected_cleanly(text, country):
    try:
        result = validate_business_id(country, text)
    except InvalidBusinessId:
        return
    # A normalised id validates again to itself.
    assert validate_business_id(country, result) == result


@given(st.integers(min_value=0, max_value=9_999_999))
def test_finnish_ids_have_exactly_one_valid_check_digit_or_none(body):
    base = f"{body:07d}"
    valid = []
    for check in range(10):
        try:
            validate_business_id("FI", f"{base}-{check}")
            valid.append(check)
        except InvalidBusinessId:
            pass
    assert len(valid) <= 1
