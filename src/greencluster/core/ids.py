"""Business identifiers of Nordic and Baltic registers, with their check digits.

- FI Y-tunnus (Business ID): ``NNNNNNN-C``, weights 7 9 10 5 8 4 2, mod 11
  (Finnish Patent and Registration Office / Tax Administration specification).
- NO organisasjonsnummer: 9 digits, weights 3 2 7 6 5 4 3 2, mod 11 (Brønnøysundregistrene).
- SE organisationsnummer: 10 digits ``NNNNNN-NNNN``, Luhn check digit (Skatteverket SKV 709).
- EE registrikood: 8 digits, weights 1..7 then 3..9 when the first remainder is 10, mod 11
  (Estonian Centre of Registers and Information Systems).
- DK CVR-nummer: 8 digits, weights 2 7 6 5 4 3 2 1, sum divisible by 11 (Erhvervsstyrelsen).
Other countries: any identifier of 2 to 40 letters, digits, spaces, dots, slashes or hyphens.
"""

from __future__ import annotations

import re

__all__ = ["InvalidBusinessId", "business_id_label", "validate_business_id"]


class InvalidBusinessId(ValueError):
    """The identifier does not have the form or check digit its country requires."""


_LABELS = {
    "FI": "Y-tunnus (Business ID), e.g. 0112038-9",
    "NO": "organisasjonsnummer, 9 digits, e.g. 923609016",
    "SE": "organisationsnummer, 10 digits, e.g. 556012-5790",
    "EE": "registrikood, 8 digits, e.g. 10421629",
    "DK": "CVR-nummer, 8 digits, e.g. 24256790",
}


def business_id_label(country: str) -> str:
    """What a business id of ``country`` looks like, for error messages and form help."""
    return _LABELS.get(country.upper(), "business or register id")


def _digits(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value)


def _fi(value: str) -> str:
    compact = _digits(value)
    if compact.upper().startswith("FI"):
        compact = compact[2:]
    if not re.fullmatch(r"\d{7,8}", compact):
        raise InvalidBusinessId("expected 7 digits, a hyphen and a check digit")
    if len(compact) == 7:  # old ids written without the leading zero
        compact = "0" + compact
    body, check = compact[:7], int(compact[7])
    remainder = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        raise InvalidBusinessId("no valid Y-tunnus has these first seven digits")
    expected = 0 if remainder == 0 else 11 - remainder
    if check != expected:
        raise InvalidBusinessId(f"check digit should be {expected}, not {check}")
    return f"{body}-{check}"


def _no(value: str) -> str:
    compact = _digits(value)
    if compact.upper().startswith("NO"):
        compact = compact[2:]
    compact = compact.removesuffix("MVA").removesuffix("mva")
    if not re.fullmatch(r"\d{9}", compact):
        raise InvalidBusinessId("expected 9 digits")
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(compact[:8], weights, strict=True)) % 11
    expected = 0 if remainder == 0 else 11 - remainder
    if expected == 10:
        raise InvalidBusinessId("no valid organisasjonsnummer has these first eight digits")
    if int(compact[8]) != expected:
        raise InvalidBusinessId(f"check digit should be {expected}, not {compact[8]}")
    return compact


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        d = int(char)
        if index % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _se(value: str) -> str:
    compact = _digits(value)
    if compact.upper().startswith("SE"):
        compact = compact[2:]
        if len(compact) == 12 and compact.endswith("01"):  # VAT number SE + orgnr + 01
            compact = compact[:10]
    if len(compact) == 12 and compact.startswith(("16", "19", "20")):
        compact = compact[2:]
    if not re.fullmatch(r"\d{10}", compact):
        raise InvalidBusinessId("expected 10 digits (NNNNNN-NNNN)")
    if not _luhn_ok(compact):
        raise InvalidBusinessId("the Luhn check digit does not match")
    return f"{compact[:6]}-{compact[6:]}"


def _ee(value: str) -> str:
    compact = _digits(value)
    if compact.upper().startswith("EE"):
        compact = compact[2:]
    if not re.fullmatch(r"\d{8}", compact):
        raise InvalidBusinessId("expected 8 digits")
    body = [int(d) for d in compact[:7]]
    remainder = sum(d * w for d, w in zip(body, range(1, 8), strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(body, range(3, 10), strict=True)) % 11
        if remainder == 10:
            remainder = 0
    if int(compact[7]) != remainder:
        raise InvalidBusinessId(f"check digit should be {remainder}, not {compact[7]}")
    return compact


def _dk(value: str) -> str:
    compact = _digits(value)
    if compact.upper().startswith("DK"):
        compact = compact[2:]
    if not re.fullmatch(r"\d{8}", compact):
        raise InvalidBusinessId("expected 8 digits")
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    if sum(int(d) * w for d, w in zip(compact, weights, strict=True)) % 11:
        raise InvalidBusinessId("the mod-11 check does not hold")
    return compact


_VALIDATORS = {"FI": _fi, "NO": _no, "SE": _se, "EE": _ee, "DK": _dk}


def validate_business_id(country: str, value: str) -> str:
    """Return the normalised id of ``value`` for ``country`` (ISO 3166 alpha-2).

    Raises :class:`InvalidBusinessId` naming what the country's register expects.
    """
    value = value.strip()
    if not value:
        raise InvalidBusinessId("is empty")
    validator = _VALIDATORS.get(country.strip().upper())
    if validator is None:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ./\-]{1,39}", value):
            raise InvalidBusinessId(
                "expected 2 to 40 letters, digits, spaces, dots, slashes or hyphens"
            )
        return value.upper()
    try:
        return validator(value)
    except InvalidBusinessId as exc:
        raise InvalidBusinessId(f"{exc} ({business_id_label(country)})") from None
