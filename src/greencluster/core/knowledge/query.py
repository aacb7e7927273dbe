"""Search queries over good practices: free words plus ``field label: value`` filters, where
the label may be written in any of the six languages and a vocabulary value may be any
language's name of the term.

    >>> q = parse_query("heat puulaji: koivu Größenordnung: lokal")
    >>> q.words, [(f.field, f.codes) for f in q.filters]
    (('heat',), [('wood_types', ('birch',)), ('scale', ('local',))])

A colon whose preceding words are not a field label is ordinary text (``"CO2: -20 %"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from greencluster.core.knowledge.vocabulary import (
    FIELDS_BY_NAME,
    UnknownTerm,
    field_for_label,
    fold,
)

MAX_LABEL_WORDS = 4
_TOKEN = re.compile(r'"[^"]*"|[^\s"]+')


@dataclass(frozen=True, slots=True)
class FieldFilter:
    """``field`` must match ``value``. For vocabulary fields ``codes`` holds the matching
    terms (empty: no term matches, so no record can); for text fields it is empty."""

    field: str
    value: str
    codes: tuple[str, ...] = ()

    @property
    def is_vocabulary(self) -> bool:
        """Whether the field takes vocabulary terms (else free text)."""
        return FIELDS_BY_NAME[self.field].vocabulary is not None


@dataclass(frozen=True, slots=True)
class PracticeQuery:
    words: tuple[str, ...]
    filters: tuple[FieldFilter, ...]

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.filters

    @property
    def unmatched(self) -> tuple[FieldFilter, ...]:
        """Vocabulary filters whose value names no term (shown to the user as a hint)."""
        return tuple(f for f in self.filters if f.is_vocabulary and not f.codes)


def _tokens(text: str) -> list[str]:
    """Split on white space, keeping quoted phrases whole and detaching colons from words so
    that ``puulaji:koivu`` and ``puulaji : koivu`` read the same."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token.startswith('"'):
            tokens.append(token)
            continue
        parts = re.split(r"(:)", token)
        tokens.extend(p for p in parts if p)
    return tokens


def parse_query(text: str) -> PracticeQuery:
    tokens = _tokens(text)
    # Positions of colons that follow a field label: (colon index, label start, field name).
    marks: list[tuple[int, int, str]] = []
    for i, token in enumerate(tokens):
        if token != ":":
            continue
        floor = marks[-1][0] + 1 if marks else 0
        for size in range(min(MAX_LABEL_WORDS, i - floor), 0, -1):
            label_tokens = tokens[i - size : i]
            if ":" in label_tokens:
                continue
            spec = field_for_label(" ".join(t.strip('"') for t in label_tokens))
            if spec is not None:
                marks.append((i, i - size, spec.name))
                break
    words: list[str] = []
    filters: list[FieldFilter] = []
    start = 0
    for n, (colon, label_start, name) in enumerate(marks):
        words.extend(_words(tokens[start:label_start]))
        end = marks[n + 1][1] if n + 1 < len(marks) else len(tokens)
        value_tokens = [t.strip('"') for t in tokens[colon + 1 : end] if t != ":"]
        start = end
        if value_tokens:
            found, rest = _filter(name, value_tokens)
            filters.append(found)
            words.extend(_words(rest))
    words.extend(_words(tokens[start:]))
    return PracticeQuery(tuple(words), tuple(filters))


def _words(tokens: list[str]) -> list[str]:
    out = []
    for token in tokens:
        word = fold(token.strip('"'))
        if word and word != ":":
            out.append(word)
    return out


def _filter(name: str, tokens: list[str]) -> tuple[FieldFilter, list[str]]:
    """The filter on ``name`` and the tokens left over as free words. A text field takes the
    whole value; a vocabulary field takes the longest run of tokens naming terms (``koivu;
    mänty`` or ``forest residues``), else the first token matched as part of a term name."""
    spec = field_for_label(name)
    assert spec is not None
    if spec.vocabulary is None:
        return FieldFilter(name, fold(" ".join(tokens))), []
    for size in range(len(tokens), 0, -1):
        value = " ".join(tokens[:size])
        try:
            codes = [spec.vocabulary.resolve(p).code for p in _parts(value)]
        except UnknownTerm:
            continue
        if codes:
            return FieldFilter(name, fold(value), tuple(dict.fromkeys(codes))), tokens[size:]
    first = tokens[0]
    codes = [c for p in _parts(first) for c in spec.vocabulary.matching(p)]
    return FieldFilter(name, fold(first), tuple(dict.fromkeys(codes))), tokens[1:]


def _parts(value: str) -> list[str]:
    return [p for p in value.replace(",", ";").split(";") if p.strip()]
