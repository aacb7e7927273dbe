"""No figure a cluster year hides can be worked out from the figures it shows.

Every CO2 figure of :func:`selectors.cluster_year` (total, scopes 1+2 and 1-3, scope 3
categories, totals per organisation type) is a sum over cells *(member, category)*. Shown
figures are known numbers; any sum or difference of them is known too. The checks here
treat each figure as the 0/1 vector of the non-zero cells it adds up and ask, with exact
linear algebra, whether

1. a hidden figure of fewer than ``k`` members lies in the span of the shown ones
   (subtracting shown figures gives it),
2. any combination of shown figures adds up cells of fewer than ``k`` members.

No database: members are unsaved organisations.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from greencluster.core.impact import Inventory, MemberReport
from greencluster.web.impact.selectors import (
    SCOPE_CATEGORIES,
    SCOPE_METRIC,
    ClusterYear,
    MemberYear,
    cluster_year,
)
from greencluster.web.registry.models import Cluster, Organisation
from tests.core.impact.disclosure_oracle import Cell, derivable, small_groups

CATEGORY_SCOPE = {c: s for s, names in SCOPE_CATEGORIES.items() for c in names}
CATEGORIES = tuple(CATEGORY_SCOPE)
METRIC_SCOPES = {
    **{metric: (scope,) for scope, metric in SCOPE_METRIC.items()},
    "co2_scope12_t": ("1", "2"),
    "co2_total_t": ("1", "2", "3"),
}


def member_year(pk: int, org_type: str, categories: dict[str, float]) -> MemberYear:
    """A member-year whose CO2 values add up from its categories as the accounting's do."""
    org = Organisation(pk=pk, name=f"m{pk}", slug=f"m{pk}", org_type=org_type)
    scope = {s: sum(categories.get(c, 0.0) for c in SCOPE_CATEGORIES[s]) for s in SCOPE_METRIC}
    values: dict[str, float | None] = {m: scope[s] for s, m in SCOPE_METRIC.items()}
    values["co2_scope12_t"] = scope["1"] + scope["2"]
    values["co2_total_t"] = scope["1"] + scope["2"] + scope["3"]
    report = MemberReport(organisation=org.slug, year=2025, country="FI")
    return MemberYear(org, values, dict(categories), Inventory(report, (), "test"))


def _year(rows: list[MemberYear], k: int) -> ClusterYear:
    with override_settings(GREENCLUSTER={**django_settings.GREENCLUSTER, "MIN_GROUP_SIZE": k}):
        return cluster_year(Cluster(pk=1, slug="c", name="c"), 2025, rows)


def _figures(rows: list[MemberYear], cy: ClusterYear) -> dict[str, tuple[bool, frozenset[Cell]]]:
    """name -> (shown, the non-zero cells it adds up) for every CO2 figure with reporters."""
    cells = {(str(r.organisation.pk), c) for r in rows for c, v in r.categories.items() if v}
    out: dict[str, tuple[bool, frozenset[Cell]]] = {}
    for metric, scopes in METRIC_SCOPES.items():
        agg = cy.metrics[metric]
        if agg.reporters:
            out[metric] = (
                agg.value is not None,
                frozenset(x for x in cells if CATEGORY_SCOPE[x[1]] in scopes),
            )
    for category, agg in cy.categories.items():
        if agg.reporters:
            out[category] = (agg.value is not None, frozenset(x for x in cells if x[1] == category))
    for org_type, agg in cy.by_type.items():
        pks = {str(r.organisation.pk) for r in rows if r.organisation.org_type == org_type}
        out[f"type:{org_type}"] = (
            agg.value is not None,
            frozenset(x for x in cells if x[0] in pks),
        )
    return out


def derivable_hidden(figures: dict[str, tuple[bool, frozenset[Cell]]], k: int) -> list[str]:
    """Hidden figures of fewer than ``k`` members that are a combination of shown ones.

    (A figure of ``k`` or more members hidden only to protect another may be derivable: the
    protection hides what the other would reveal, e.g. scope 1 when it equals the total.)"""
    shown = [cells for is_shown, cells in figures.values() if is_shown]
    return [
        name
        for name, (is_shown, cells) in figures.items()
        if not is_shown and 0 < len({m for m, _ in cells}) < k and derivable(shown, cells)
    ]


def exposed(figures: dict[str, tuple[bool, frozenset[Cell]]], k: int) -> list[frozenset[str]]:
    return small_groups({n: cells for n, (is_shown, cells) in figures.items() if is_shown}, k)


amounts = st.one_of(st.just(0.0), st.integers(1, 50).map(float))
members = st.lists(
    st.tuples(
        st.sampled_from(["company", "research", "public"]),
        st.dictionaries(st.sampled_from(CATEGORIES), amounts, max_size=4),
    ),
    min_size=1,
    max_size=7,
)


@settings(max_examples=400, deadline=None)
@given(members, st.integers(2, 4))
def test_no_hidden_co2_figure_can_be_derived_from_shown_ones(people, k):
    rows = [member_year(i + 1, t, cats) for i, (t, cats) in enumerate(people)]
    figures = _figures(rows, _year(rows, k))
    assert derivable_hidden(figures, k) == []
    assert exposed(figures, k) == []


def test_scope_3_of_one_member_is_not_total_minus_scopes_1_and_2():
    """The case that leaked: five members, one of them with 5 t of scope 3."""
    people = [{"stationary_combustion": 2.0 + i, "electricity_location": 1.0} for i in range(5)]
    people[0]["3.1_purchased_goods"] = 5.0
    rows = [member_year(i + 1, "company", cats) for i, cats in enumerate(people)]
    cy = _year(rows, 3)
    m = {name: agg.value for name, agg in cy.metrics.items()}
    assert cy.metrics["co2_scope3_t"].suppressed
    shown = [v for v in (m["co2_total_t"], m["co2_scope12_t"]) if v is not None]
    assert len(shown) < 2, "total - scopes 1+2 would be the one member's scope 3"
    assert m["co2_total_t"] == sum(sum(p.values()) for p in people)
    assert derivable_hidden(_figures(rows, cy), 3) == []


def test_the_checker_finds_the_old_leak():
    """Guard on the checks themselves: total and scopes 1+2 shown with scope 3 hidden."""
    a, b = ("1", "stationary_combustion"), ("2", "stationary_combustion")
    c = ("3", "3.1_purchased_goods")
    figures = {
        "co2_total_t": (True, frozenset({a, b, c})),
        "co2_scope12_t": (True, frozenset({a, b})),
        "co2_scope3_t": (False, frozenset({c})),
    }
    assert derivable_hidden(figures, 2) == ["co2_scope3_t"]
    assert exposed(figures, 2) == [frozenset({"3"})]


def test_the_breakdown_by_type_is_left_out_when_a_type_minus_a_scope_isolates_a_member():
    """Research members only burn fuel, one of them also buys materials: research minus
    scopes 1+2 would be that member's scope 3 (every figure has 3+ members)."""
    people = [
        ("company", {"3.3_fuel_upstream": 4.0}),
        ("company", {"3.3_fuel_upstream": 5.0}),
        ("company", {"3.3_fuel_upstream": 6.0}),
        ("research", {"stationary_combustion": 7.0, "3.1_purchased_goods": 2.0}),
        ("research", {"stationary_combustion": 8.0}),
        ("research", {"stationary_combustion": 9.0}),
    ]
    rows = [member_year(i + 1, t, cats) for i, (t, cats) in enumerate(people)]
    cy = _year(rows, 3)
    assert cy.metrics["co2_scope12_t"].value == 24.0
    assert cy.by_type == {}
    assert exposed(_figures(rows, cy), 3) == []
    # Without the materials line the breakdown is safe and shown.
    people[3][1].pop("3.1_purchased_goods")
    rows = [member_year(i + 1, t, cats) for i, (t, cats) in enumerate(people)]
    cy = _year(rows, 3)
    assert {t: a.value for t, a in cy.by_type.items()} == {"company": 15.0, "research": 24.0}
