"""European List of Waste (EWC) codes as people type them.

The List of Waste (Commission Decision 2000/532/EC as amended by 2014/955/EU) numbers wastes
with six digits in three pairs: chapter, sub-chapter, entry ("10 01 05"); hazardous entries
carry an asterisk ("10 01 04*"). Users type them with spaces, dots, dashes or nothing between
the pairs, sometimes with an "EWC", "LoW", "AVV", "EAK" or "jätenimike" prefix, with or
without "code" ("EWC-code 10 01 05").
"""

from __future__ import annotations

import re

# Six digits written as three pairs separated by at most one space, dot, dash or slash each,
# optionally followed by the hazard asterisk. Digits must not continue on either side.
_CODE = re.compile(r"(?<![\d.])(\d{2})[ .\-/]?(\d{2})[ .\-/]?(\d{2})(?![\d])\s*(\*?)")
# An optional list name, then an optional "code" ("EWC-code", "EWC code", "LoW: ", "code").
_WHOLE = re.compile(
    r"^\s*(?:(?:ewc|low|avv|eak|j[äa]tenimike)[\s:#-]*)?(?:code[\s:#-]*)?(.*?)\s*$",
    re.IGNORECASE,
)


def _valid(code: str) -> bool:
    chapter = int(code[:2])
    return 1 <= chapter <= 20


def parse_ewc(text: str) -> str | None:
    """Return the six-digit code if ``text`` is nothing but an EWC code, else None.

    >>> parse_ewc("10 01 05*")
    '100105'
    >>> parse_ewc("10.01.05")
    '100105'
    >>> parse_ewc("fly ash") is None
    True

    The code is only checked for shape (chapter 01-20); whether it exists in the list is for
    :func:`greencluster.core.taxonomy.classes.get_class` to say.
    """
    match = _WHOLE.match(text)
    body = match.group(1) if match else text
    found = _CODE.fullmatch(body)
    if found is None:
        return None
    code = "".join(found.group(1, 2, 3))
    return code if _valid(code) else None


# Words that introduce a code the text is *not* about: "other than those mentioned in 10 01 04",
# "mit Ausnahme derjenigen, die unter 10 01 04 fallen", "muut kuin nimikkeessä 10 01 04".
_EXCLUDING = re.compile(
    r"(other than|mentioned in|except|excluding|ausnahme|unter|muut kuin|lukuun ottamatta|"
    r"andra än|annat än|förutom|utom|unntatt|andre enn|välja arvatud|v\.a\.)[^\d]{0,40}$",
    re.IGNORECASE,
)


_LIST_GLUE = re.compile(
    r"[\s,;]*(?:or|and|to|und|oder|bis|tai|ja|eller|og|või|sowie|–|-)?[\s,;]*", re.I
)


def find_ewc_codes(text: str) -> list[str]:
    """Every EWC-shaped code inside free text, in order ("tuhka 10 01 03, n. 500 t" -> 100103).

    Only codes written as separated pairs ("10 01 03", "10.01.03", "10-01-03") or with a hazard
    asterisk count inside running text; a bare six-digit number there is more likely a quantity,
    a postcode or a phone number. Codes the text excludes ("other than 10 01 04") are skipped.
    """
    codes: list[str] = []
    excluded_until = -1  # end of the last excluded code: a list after it is excluded too
    for found in _CODE.finditer(text):
        listed = excluded_until >= 0 and _LIST_GLUE.fullmatch(text[excluded_until : found.start()])
        if listed or _EXCLUDING.search(text[: found.start()]):
            excluded_until = found.end()
            continue
        excluded_until = -1
        raw = found.group(0)
        separated = not raw.rstrip("* ").isdigit()
        if not (separated or found.group(4)):
            continue
        code = "".join(found.group(1, 2, 3))
        if _valid(code) and code not in codes:
            codes.append(code)
    return codes


def display_code(code: str) -> str:
    """'100105' -> '10 01 05' (the way the List of Waste prints it)."""
    return " ".join(code[i : i + 2] for i in range(0, len(code), 2))
