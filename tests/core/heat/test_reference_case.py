"""Hand-worked reference case: a village school and a day-care centre heated by a wood-chip
boiler next to the school, pipes along the road (detour factor 1.0), no indexation.

Inputs: school 400 MWh/a, 200 kW, oil heated; day-care 100 MWh/a, 50 kW, oil heated, 100 m
beyond the school, which is 100 m from the boiler house. Pipes 200 EUR/m, 20 W/m. Boiler
300 kW, efficiency 0.85. Chips from own forest 30 km away, 40 % moisture, 25 EUR/MWh. Boiler
400 EUR/kW, building 80,000 EUR, connections 3,000 EUR each, aid 20 %, O&M 1 %/a of investment,
200 h/a labour at 30 EUR/h, energy charge 90 EUR/MWh, 15 years at 5 %.

Hand arithmetic (sources in docs/heat.md and data/heat/SOURCES.md):
- trench 100 + 100 = 200 m; loss 20 W/m x 200 m x 8760 h = 35.04 MWh/a; to network 535.04 MWh.
- diversity of 2 (Winter et al. 2001): 0.4497 + 0.5512 / (1 + (2/53.84)^1.7627) = 0.99926;
  plant peak 250 x 0.99926 + 20 W/m x 200 m = 253.81 kW.
- chips (Alakangas et al. 2016, q_net,d 19.2 MJ/kg; EN ISO 18125 moisture formula):
  19.2 x 0.6 - 2.443 x 0.4 = 10.5428 MJ/kg = 2.92856 MWh/t;
  fuel 535.04 / 0.85 = 629.459 MWh -> 214.94 t; 150 kg dry per loose m3 -> 0.25 t/m3 ->
  0.73214 MWh/m3 -> 859.75 loose m3.
- investment 300 x 400 + 80,000 + 200 x 200 + 2 x 3,000 = 246,000 EUR; aid 49,200.
- yearly cash flow 90 x 500 - 25 x 629.459 - 2,460 - 6,000 = 20,803.53 EUR;
  annuity factor (1 - 1.05^-15) / 0.05 = 10.37966; NPV = -196,800 + 20,803.53 x 10.37966
  = 19,133.5 EUR; payback 196,800 / 20,803.53 = 9.46 years.
- LCOH = (196,800 + 24,196.47 x 10.37966) / (500 x 10.37966) = 86.31 EUR/MWh, equal to the
  minimum energy charge at a 5 % target (NPV = 0).
- CO2 of oil heating (IPCC 2006: 20.2 kg C/GJ; DESNZ 2025 WTT 0.06291 kg/kWh; EU 813/2013
  efficiency 0.86): (20.2 x 44.009/12.011 x 3.6 + 62.91) / 0.86 = 382.98 kg/MWh -> 191.49 t/a.
  New supply: WTT chips 0.00792 kg/kWh x 629,459 kWh = 4,985 kg; trucks 214.94 t x 30 km x
  0.10163 kg/tkm = 655 kg; total 5.64 t/a; avoided 185.85 t/a.
- oil replaced: 500 MWh / 0.86 / (0.62665 / 0.06291 kWh/l) = 58,367 litres/a.
"""

from __future__ import annotations

import math

import pytest

from greencluster.core.heat import (
    Customer,
    Economics,
    FuelSource,
    HeatProject,
    NetworkSpec,
    Plant,
    check_result,
    evaluate,
)

LAT0, LON0 = 62.9790, 23.0060
M_PER_DEG_LAT = math.pi / 180 * 6_371_008.8


def reference_project(optimise: bool = False) -> HeatProject:
    north = 100.0 / M_PER_DEG_LAT
    return HeatProject(
        name="reference village",
        customers=(
            Customer("school", LAT0 + north, LON0, 400.0, 200.0, "oil"),
            Customer("day-care", LAT0 + 2 * north, LON0, 100.0, 50.0, "oil"),
        ),
        plant=Plant(lat=LAT0, lon=LON0, boiler_efficiency=0.85, boiler_capacity_kw=300.0),
        fuel_sources=(FuelSource("own forest", "wood_chips", "own_forest", 30.0, 25.0, 40.0),),
        network=NetworkSpec(
            cost_eur_per_m=200.0, heat_loss_w_per_m=20.0, detour_factor=1.0, optimise=optimise
        ),
        economics=Economics(
            contract_years=15,
            discount_rate_pct=5.0,
            energy_charge_eur_per_mwh=90.0,
            boiler_cost_eur_per_kw=400.0,
            building_cost_eur=80_000.0,
            connection_cost_eur_per_customer=3_000.0,
            investment_aid_pct=20.0,
            om_pct_of_investment_per_a=1.0,
            labour_h_per_a=200.0,
            labour_cost_eur_per_h=30.0,
        ),
    )


@pytest.mark.parametrize("optimise", [False, True])
def test_reference_case_is_reproduced(optimise: bool) -> None:
    result = evaluate(reference_project(optimise))
    approx = lambda x: pytest.approx(x, rel=2e-3)  # noqa: E731 - hand figures are rounded
    assert [c.connected for c in result.customers] == [True, True]
    assert result.network.trench_length_m == approx(200.0)
    e = result.energy
    assert e.network_loss_mwh_per_a == approx(35.04)
    assert e.diversity_factor == approx(0.99926)
    assert e.plant_peak_kw == approx(253.81)
    assert e.boiler_fuel_mwh_per_a == approx(629.459)
    assert result.fuel[0].mwh_per_t == approx(2.92856)
    assert e.fuel_tonnes_per_a == approx(214.94)
    assert e.fuel_loose_m3_per_a == approx(859.75)
    money = result.economics
    assert money.total_investment_eur == approx(246_000)
    assert money.aid_eur == approx(49_200)
    assert money.cash_flow[1].project_cash_flow_eur == approx(20_803.53)
    assert money.npv_eur == approx(19_133.5)
    assert money.payback_years == approx(9.46)
    assert money.lcoh_eur_per_mwh == approx(86.31)
    assert money.min_energy_charge_eur_per_mwh == approx(86.31)
    co2 = result.emissions
    assert co2.current_t_co2e_per_a == approx(191.49)
    assert co2.new_supply_t_co2e_per_a == approx(5.64)
    assert co2.avoided_t_co2e_per_a == approx(185.85)
    assert co2.oil_litres_replaced_per_a == approx(58_367)
    assert check_result(result) == []
