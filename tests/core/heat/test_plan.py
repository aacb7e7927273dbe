"""Whole-project behaviour: network choice, street routes, sensitivity, result checks."""

from __future__ import annotations

import dataclasses
import json

from greencluster.core.heat import (
    StreetSegment,
    check_result,
    evaluate,
    evaluate_with_sensitivity,
    result_to_dict,
    sensitivity,
    sensitivity_to_dicts,
)
from tests.core.heat.test_reference_case import LAT0, LON0, M_PER_DEG_LAT, reference_project


def test_far_small_customer_is_not_connected_unless_it_must_be() -> None:
    project = reference_project(optimise=True)
    far = dataclasses.replace(
        project.customers[1],
        name="far cabin",
        lat=LAT0 + 3000 / M_PER_DEG_LAT,
        annual_heat_mwh=5.0,
        peak_kw=4.0,
    )
    project = dataclasses.replace(project, customers=(project.customers[0], far))
    result = evaluate(project)
    assert [c.connected for c in result.customers] == [True, False]
    forced = dataclasses.replace(
        project, customers=(project.customers[0], dataclasses.replace(far, must_connect=True))
    )
    result_forced = evaluate(forced)
    assert [c.connected for c in result_forced.customers] == [True, True]
    assert result_forced.economics.npv_eur < result.economics.npv_eur
    assert check_result(result_forced) == []


def test_pipes_follow_the_streets() -> None:
    project = reference_project(optimise=False)
    # an L-shaped street: 150 m east, then 250 m north; buildings stand next to its end
    east = 150.0 / (M_PER_DEG_LAT * 0.4547)  # cos(62.979 deg) = 0.4547
    corner = (LAT0, LON0 + east)
    end = (LAT0 + 250 / M_PER_DEG_LAT, LON0 + east)
    streets = (
        StreetSegment(LAT0, LON0, *corner),
        StreetSegment(*corner, *end),
    )
    network = dataclasses.replace(project.network, route_source="streets", streets=streets)
    result = evaluate(dataclasses.replace(project, network=network))
    # straight line to the day-care is 200 m; along the street it is about 150 + 200 + 150
    assert result.network.trench_length_m > 400
    assert check_result(result) == []


def test_tornado_moves_npv_the_right_way() -> None:
    bars = {b.parameter: b for b in sensitivity(reference_project())}
    assert set(bars) == {"fuel_price", "heat_price", "demand", "investment"}
    assert bars["fuel_price"].npv_high_eur < bars["fuel_price"].npv_base_eur
    assert bars["heat_price"].npv_high_eur > bars["heat_price"].npv_base_eur
    assert bars["investment"].npv_high_eur < bars["investment"].npv_low_eur
    assert bars["demand"].npv_high_eur > bars["demand"].npv_low_eur


def test_result_is_plain_json() -> None:
    data = result_to_dict(evaluate(reference_project()))
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["economics"]["cash_flow"][0]["year"] == 0
    assert data["defaults"] and all(d["source"] for d in data["defaults"])


def test_result_and_tornado_share_one_network_and_are_plain_json() -> None:
    project = reference_project()
    result, bars = evaluate_with_sensitivity(project)
    assert result.economics == evaluate(project).economics
    assert bars == sensitivity(project)
    assert all(b.npv_base_eur == result.economics.npv_eur for b in bars)
    rows = sensitivity_to_dicts(bars)
    assert json.loads(json.dumps(rows, allow_nan=False)) == rows
    assert [r["parameter"] for r in rows] == [b.parameter for b in bars]
    assert set(rows[0]) == {f.name for f in dataclasses.fields(bars[0])}
