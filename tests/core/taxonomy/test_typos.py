"""One typo in a word is tolerated, and only where it cannot turn one word into another."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.taxonomy import classify
from greencluster.core.taxonomy.typos import TypoIndex, within_one_edit


def osa_distance(a: str, b: str) -> int:
    """Reference optimal-string-alignment distance (dynamic programming)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@given(st.text("abcde", max_size=8), st.text("abcde", max_size=8))
def test_within_one_edit_agrees_with_the_reference_distance(a: str, b: str) -> None:
    assert within_one_edit(a, b) == (osa_distance(a, b) <= 1)
    assert within_one_edit(a, b) == within_one_edit(b, a)


def test_index_finds_slips_and_endings_but_not_short_words() -> None:
    index = TypoIndex(["sawdust", "lentotuhka", "ash", "fly ash"])
    assert index.lookup("sawdsut") == {"sawdust"}
    assert index.lookup("sawdsuts") == {"sawdust"}
    assert index.lookup("sawdusts") == set()  # plain inflection: exact matcher
    assert index.lookup("lentotuhak") == {"lentotuhka"}
    assert index.lookup("lentotuhakssa") == {"lentotuhka"}
    assert index.lookup("asj") == set()
    assert index.lookup("sawdust") == set()  # exact words are the exact matcher's job


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sawdsut 300 m3", "product.sawdust"),
        ("lentotuhak", "product.fly-ash"),
        ("Hackschnitzl", "product.wood-chips"),
        ("Biertrebr", "product.spent-grain"),
    ],
)
def test_misspelt_descriptions_are_understood(text: str, expected: str) -> None:
    best = classify(text).best
    assert best is not None and best.class_id == expected


def test_a_typo_weighs_less_than_the_word_spelt_right() -> None:
    right = classify("sawdust").best
    slip = classify("sawdsut").best
    assert right is not None and slip is not None
    assert slip.confidence < right.confidence
