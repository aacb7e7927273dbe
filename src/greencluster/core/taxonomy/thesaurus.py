"""The multilingual thesaurus: the words people use for side streams, mapped to classes.

``greencluster/data/taxonomy/thesaurus.csv`` has the columns ``term, lang, class_id, role,
notes``:

* ``term``: a word or phrase as written ("puuhake", "Holzhackschnitzel", "fly ash"); it is
  folded like the input, so "sågspån" also matches "sagspan";
* ``lang``: en, fi, sv, nb, et or de (governs which inflection endings may follow it);
* ``class_id``: a class of :mod:`greencluster.core.taxonomy.classes`;
* ``role``: ``term`` (names the material), ``weak`` (a generic word that names it only
  loosely, e.g. "tuhka"/"ash" alone) or ``context`` (a word that makes a class more likely
  once something has named it, e.g. "biomass" for fly ash from untreated wood);
* ``notes``: free text (e.g. the inflected stem a line stands for).

Several lines may share a term (one word, several classes); the classifier then lets the other
words of a description decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from greencluster.core.taxonomy.classes import LANGUAGES, data_rows, has_class
from greencluster.core.taxonomy.normalise import normalised

ROLES = ("term", "weak", "context")
THESAURUS_FILE = "thesaurus.csv"


class ThesaurusError(ValueError):
    """A thesaurus line that cannot be used (unknown class, language or role)."""


@dataclass(frozen=True, slots=True)
class Term:
    """One thesaurus line; ``pattern`` is the folded form searched for."""

    term: str
    lang: str
    class_id: str
    role: str
    pattern: str


def build_terms(rows: Iterable[dict[str, str]]) -> tuple[Term, ...]:
    """Validate thesaurus rows (line 1 = header) and fold their terms."""
    terms: list[Term] = []
    problems: list[str] = []
    for line, row in enumerate(rows, start=2):
        term = (row.get("term") or "").strip()
        lang = (row.get("lang") or "").strip()
        class_id = (row.get("class_id") or "").strip()
        role = (row.get("role") or "term").strip() or "term"
        pattern = normalised(term)
        if len(pattern) < 3:
            problems.append(f"line {line}: term '{term}' is shorter than 3 letters")
        elif lang not in LANGUAGES:
            problems.append(f"line {line}: language '{lang}' is not one of {LANGUAGES}")
        elif not has_class(class_id):
            problems.append(f"line {line}: unknown class '{class_id}'")
        elif role not in ROLES:
            problems.append(f"line {line}: role '{role}' is not one of {ROLES}")
        else:
            terms.append(Term(term, lang, class_id, role, pattern))
    if problems:
        raise ThesaurusError("thesaurus: " + "; ".join(problems))
    return tuple(terms)


@cache
def thesaurus() -> Sequence[Term]:
    """The shipped thesaurus, validated."""
    return build_terms(data_rows(THESAURUS_FILE))
