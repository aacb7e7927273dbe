"""Project lineage: generations, trees, cycle guard, and the independent checker."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.knowledge.lineage import (
    LineageError,
    check_lineage,
    count_by_generation,
    generations,
    lineage_forest,
    subtree,
    would_create_cycle,
)

# 1 -> 2 -> 4, 1 -> 3; 5 alone; 6 -> 7
PARENTS = {1: None, 2: 1, 3: 1, 4: 2, 5: None, 6: None, 7: 6}


def test_generations_and_counts_of_a_small_programme():
    assert generations(PARENTS) == {1: 1, 2: 2, 3: 2, 4: 3, 5: 1, 6: 1, 7: 2}
    assert count_by_generation(PARENTS) == {1: 3, 2: 3, 3: 1}


def test_trees_put_children_under_parents_in_date_order():
    order = {2: "2010-01-01", 3: "2008-01-01"}
    forest = lineage_forest(PARENTS, order)
    assert [t.project_id for t in forest] == [1, 5, 6]
    assert [c.project_id for c in forest[0].children] == [3, 2]
    assert check_lineage(forest, PARENTS) == []
    assert [n.project_id for n in subtree(PARENTS, 4)[0].walk()] == [1, 2, 4, 3]


def test_cycles_and_unknown_parents_are_refused():
    with pytest.raises(LineageError, match="own ancestor"):
        generations({1: 2, 2: 1})
    with pytest.raises(LineageError, match="not known"):
        generations({1: 99})
    assert would_create_cycle(PARENTS, 1, 4)  # 1 under its grandchild
    assert would_create_cycle(PARENTS, 2, 2)
    assert not would_create_cycle(PARENTS, 5, 4)


def test_the_checker_notices_a_wrong_tree():
    forest = lineage_forest(PARENTS)
    broken = lineage_forest({**PARENTS, 3: None})
    problems = check_lineage(broken, PARENTS)
    assert any("3" in p for p in problems)
    assert check_lineage(forest[:1], PARENTS)  # projects missing


@st.composite
def forests(draw):
    n = draw(st.integers(1, 25))
    parents = {}
    for project in range(1, n + 1):
        parent = draw(st.one_of(st.none(), st.integers(1, project - 1))) if project > 1 else None
        parents[project] = parent
    return parents


@given(forests())
def test_any_forest_renders_correctly(parents):
    forest = lineage_forest(parents)
    assert check_lineage(forest, parents) == []
    gens = generations(parents)
    for project, parent in parents.items():
        assert gens[project] == (1 if parent is None else gens[parent] + 1)
    assert sum(count_by_generation(parents).values()) == len(parents)
    for project in parents:
        for descendant in parents:
            # linking a project under its own descendant is always a cycle
            node, is_descendant = descendant, False
            while node is not None:
                if node == project:
                    is_descendant = True
                node = parents[node]
            assert would_create_cycle(parents, project, descendant) == is_descendant
