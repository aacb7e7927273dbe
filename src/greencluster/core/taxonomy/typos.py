"""Tolerating one typo in a word ("sawdsut", "lentotuhak", "Hackschnitzl").

Only words the exact matcher left unexplained are looked up, and only against thesaurus words
of at least :data:`MIN_LENGTH` letters, where one slip rarely turns one real word into another.
The index stores every pattern and every pattern with one letter deleted (the symmetric-delete
idea), so a lookup costs a few dictionary probes per word; candidates are confirmed by an
optimal-string-alignment distance of one (insertion, deletion, substitution or swap of two
neighbouring letters). A typed word may also carry an inflection ending after the slip.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from greencluster.core.taxonomy.normalise import FOLDED_SUFFIXES

MIN_LENGTH = 6
_MAX_ENDING = 4
_REMEMBERED = 200_000


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Optimal string alignment distance of at most one between ``a`` and ``b``."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = [*diff, -1, -1][:2]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


class TypoIndex:
    """Words of the thesaurus reachable from a misspelt word."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self._index: dict[str, set[str]] = defaultdict(set)
        for pattern in patterns:
            if " " in pattern or len(pattern) < MIN_LENGTH:
                continue
            self._index[pattern].add(pattern)
            for variant in _deletes(pattern):
                self._index[variant].add(pattern)
        self._seen: dict[str, frozenset[str]] = {}
        self._ending_set = frozenset(
            e for group in FOLDED_SUFFIXES.values() for e in group if 0 < len(e) <= _MAX_ENDING
        )

    def _near(self, word: str) -> set[str]:
        found = set(self._index.get(word, ()))
        for variant in _deletes(word):
            found |= self._index.get(variant, set())
        return {p for p in found if p != word and within_one_edit(p, word)}

    def lookup(self, word: str) -> frozenset[str]:
        """Patterns one slip away from ``word`` or from ``word`` without an ending."""
        if len(word) < MIN_LENGTH:
            return frozenset()
        known = self._seen.get(word)
        if known is None:
            known = self._lookup(word)
            if len(self._seen) < _REMEMBERED:  # the same unexplained words recur in registers
                self._seen[word] = known
        return known

    def _lookup(self, word: str) -> frozenset[str]:
        found = self._near(word)
        for size in range(1, _MAX_ENDING + 1):
            base = word[:-size]
            if word[-size:] in self._ending_set and len(base) >= MIN_LENGTH:
                found |= self._near(base)
        return frozenset(p for p in found if p != word and not self._inflected(word, p))

    def _inflected(self, word: str, pattern: str) -> bool:
        """Is ``word`` just ``pattern`` plus an ending (the exact matcher's case)?"""
        return word.startswith(pattern) and word[len(pattern) :] in self._ending_set
