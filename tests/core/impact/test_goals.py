from __future__ import annotations

import pytest

from greencluster.core.impact import Goal, GoalError, avoided_emissions, default_table, progress
from greencluster.core.impact.avoided import RealisedExchange


def test_minus_20_percent_path_and_progress():
    goal = Goal("co2_total_t", 2024, 2029, "percent", -20.0)
    points = progress(goal, {2024: 1000.0, 2025: 950.0, 2026: 980.0})
    assert [p.year for p in points] == list(range(2024, 2030))
    assert points[-1].path == pytest.approx(800.0)
    assert points[1].path == pytest.approx(960.0)  # one fifth of the way
    assert points[1].on_track is True and points[1].change_pct == pytest.approx(-5.0)
    assert points[2].on_track is False  # 980 > 920
    assert points[3].actual is None and points[3].on_track is None


def test_growth_goal_in_absolute_terms():
    goal = Goal("turnover_eur", 2024, 2028, "absolute", 2_000_000.0)
    points = progress(goal, {2024: 1_000_000.0, 2025: 1_300_000.0})
    assert points[1].path == pytest.approx(1_250_000.0) and points[1].on_track


def test_goal_without_base_year_value_or_with_bad_years():
    with pytest.raises(GoalError):
        progress(Goal("co2_total_t", 2024, 2029, "percent", -20), {2025: 1.0})
    with pytest.raises(GoalError):
        Goal("co2_total_t", 2029, 2024, "percent", -20)


def test_avoided_emissions_count_an_exchange_once():
    # 100 t wood displacing primary wood: 100 x 269.50416 kg = 26.950416 t;
    # minus 5 000 t.km x 0.10163 kg = 0.50815 t transport -> 26.442266 t avoided.
    ex = RealisedExchange(
        "deal-1",
        "a",
        "b",
        2025,
        100,
        "t",
        "material.wood.primary_material_production",
        transport_t_km=5000,
    )
    figures = avoided_emissions([ex, ex], default_table())
    assert len(figures) == 1
    assert figures[0].avoided_t_co2e == pytest.approx(26.950416 - 0.50815)
