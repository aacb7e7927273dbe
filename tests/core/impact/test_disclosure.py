from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from greencluster.core.impact import aggregate, aggregate_parts, exposed_groups
from tests.core.impact.disclosure_oracle import small_groups

values = st.dictionaries(
    st.text(min_size=1, max_size=4), st.one_of(st.none(), st.floats(0, 1e6)), max_size=8
)


@given(values, st.integers(1, 5))
def test_an_aggregate_is_shown_only_from_enough_non_zero_contributors(members, k):
    agg = aggregate(members, k)
    non_zero = [v for v in members.values() if v]
    if agg.value is not None:
        assert len(non_zero) >= k
    assert agg.contributors == len(non_zero)


def test_zero_reporters_do_not_count_towards_the_group():
    agg = aggregate({"a": 10.0, "b": 0.0, "c": 0.0}, 3)
    assert agg.suppressed and agg.value is None


@given(st.dictionaries(st.sampled_from("ABCD"), values, min_size=1, max_size=4), st.integers(2, 4))
def test_no_suppressed_part_can_be_recovered_by_subtraction(parts, k):
    # Members are keyed per part so that parts partition them, as organisation types do.
    parts = {p: {f"{p}{m}": v for m, v in members.items()} for p, members in parts.items()}
    total, out = aggregate_parts(parts, k)
    hidden = [n for n, a in out.items() if a.suppressed]
    if total.value is not None and hidden:
        # total minus the shown parts is the sum over the hidden parts' members: >= k of them
        assert sum(out[n].contributors for n in hidden) >= k
    for a in out.values():
        if a.value is not None:
            assert a.contributors >= k


def test_a_single_small_part_drags_the_next_one_into_suppression():
    parts = {
        "company": {"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0},
        "research": {"e": 5.0, "f": 6.0, "g": 7.0},
        "public": {"h": 8.0},
    }
    total, out = aggregate_parts(parts, 3)
    assert out["public"].suppressed
    assert out["research"].suppressed  # else public = total - company - research
    assert total.value == sum(range(1, 9))


def _minimal(groups):
    return sorted((g for g in groups if not any(h < g for h in groups)), key=sorted)


cells = st.sets(st.tuples(st.sampled_from("abcdef"), st.sampled_from("xyz")), max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from("FGHIJ"), cells.map(frozenset), max_size=5), st.integers(2, 4)
)
def test_exposed_groups_agree_with_trying_every_group(figures, k):
    assert _minimal(exposed_groups(figures, k)) == sorted(small_groups(figures, k), key=sorted)


def test_a_type_total_minus_a_scope_isolates_a_member():
    """Research members d, e only burn fuel (scope 1); d also buys materials (scope 3).
    Research total minus scope 1 is d's scope 3, though each figure has 2+ members."""
    figures = {
        "scope1": frozenset({("d", "s1"), ("e", "s1")}),
        "scope3": frozenset({("a", "s3"), ("b", "s3"), ("d", "s3")}),
        "research": frozenset({("d", "s1"), ("e", "s1"), ("d", "s3")}),
        "company": frozenset({("a", "s3"), ("b", "s3")}),
    }
    assert exposed_groups(figures, 2) == [frozenset({"d"})]
    assert small_groups(figures, 2) == [frozenset({"d"})]
    without_types = {n: figures[n] for n in ("scope1", "scope3")}
    assert exposed_groups(without_types, 2) == []
