"""A slow, independent oracle for disclosure checks: figures as sets of cells, exact ranks
over the rationals, every member group tried. Used by the core and web disclosure tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from itertools import combinations

Cell = tuple[str, str]  # (member, part)


def rank(vectors: Iterable[frozenset[Cell]], columns: Iterable[Cell]) -> int:
    """Rank of the 0/1 vectors restricted to ``columns`` (Gaussian elimination, Fractions)."""
    cols = sorted(set(columns))
    matrix = [[Fraction(int(c in v)) for c in cols] for v in vectors]
    r = 0
    for j in range(len(cols)):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][j]), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        for i in range(len(matrix)):
            if i != r and matrix[i][j]:
                f = matrix[i][j] / matrix[r][j]
                matrix[i] = [a - f * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        r += 1
    return r


def derivable(shown: Iterable[frozenset[Cell]], figure: frozenset[Cell]) -> bool:
    """Whether ``figure`` is a sum or difference of the ``shown`` figures."""
    shown = list(shown)
    columns = {x for v in [*shown, figure] for x in v}
    return rank([*shown, figure], columns) == rank(shown, columns)


def small_groups(shown: Mapping[str, frozenset[Cell]], k: int) -> list[frozenset[str]]:
    """The smallest groups of fewer than ``k`` members that some combination of the shown
    figures is confined to: restricting the figures to the other members' cells loses rank."""
    vectors = list(shown.values())
    cells = {x for v in vectors for x in v}
    members = sorted({m for m, _ in cells})
    base = rank(vectors, cells)
    found: list[frozenset[str]] = []
    for size in range(1, min(k, len(members) + 1)):
        for group in map(frozenset, combinations(members, size)):
            if any(f <= group for f in found):
                continue
            if rank(vectors, {x for x in cells if x[0] not in group}) < base:
                found.append(group)
    return found
