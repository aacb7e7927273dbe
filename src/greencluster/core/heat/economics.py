"""Money: investment, aid, loan, yearly cash flow over the contract, NPV, IRR, payback, levelised
cost of heat and the minimum energy charge for a target return.

Conventions: nominal euros; year 0 is the investment year, years 1..N the contract years; prices
and costs are given for year 1 and indexed yearly ((1 + i)^(t-1)); no income tax (a heat
entrepreneur's taxes depend on the company form and are left to the accountant). The project
cash flow is before financing; the equity cash flow subtracts the loan's annuity.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.optimize import brentq

from greencluster.core.heat.problem import Economics


@dataclass(frozen=True, slots=True)
class AnnualQuantities:
    """What the plant sells and spends in year 1 (before indexation)."""

    heat_sold_mwh: float
    contracted_peak_kw: float
    n_customers: int
    fuel_cost_eur: float
    backup_fuel_cost_eur: float
    electricity_cost_eur: float


@dataclass(frozen=True, slots=True)
class CashFlowYear:
    year: int
    revenue_energy_eur: float
    revenue_fixed_eur: float
    fuel_eur: float
    backup_fuel_eur: float
    electricity_eur: float
    om_eur: float
    labour_eur: float
    investment_eur: float
    aid_eur: float
    residual_value_eur: float
    project_cash_flow_eur: float
    loan_interest_eur: float
    loan_principal_eur: float
    equity_cash_flow_eur: float
    cumulative_project_eur: float


@dataclass(frozen=True, slots=True)
class EconomicResult:
    investment_eur: dict[str, float]
    total_investment_eur: float
    aid_eur: float
    loan_eur: float
    equity_eur: float
    cash_flow: tuple[CashFlowYear, ...]
    npv_eur: float
    irr_pct: float | None
    equity_npv_eur: float
    equity_irr_pct: float | None
    payback_years: float | None
    lcoh_eur_per_mwh: float | None
    min_energy_charge_eur_per_mwh: float | None
    target_return_pct: float


def npv(rate_pct: float, flows: Sequence[float]) -> float:
    """Net present value of ``flows`` (index = year, year 0 undiscounted)."""
    factor = 1.0 + rate_pct / 100.0
    return sum(flow / factor**year for year, flow in enumerate(flows))


def irr_pct(flows: Sequence[float]) -> float | None:
    """Internal rate of return in per cent, or None when NPV does not change sign on -99..1000 %."""
    low, high = -99.0, 1000.0
    f_low, f_high = npv(low, flows), npv(high, flows)
    if not (math.isfinite(f_low) and math.isfinite(f_high)) or f_low * f_high > 0:
        return None
    return float(brentq(lambda r: npv(r, flows), low, high, xtol=1e-9))


def payback_years(flows: Sequence[float]) -> float | None:
    """Simple (undiscounted) payback time in years, interpolated within the year it happens."""
    cumulative = 0.0
    for year, flow in enumerate(flows):
        previous = cumulative
        cumulative += flow
        if year > 0 and cumulative >= 0 > previous:
            return year - 1 + (-previous / flow if flow else 1.0)
        if year == 0 and cumulative >= 0:
            return 0.0
    return None


def annuity_payment(principal: float, rate_pct: float, years: int) -> float:
    if principal <= 0 or years <= 0:
        return 0.0
    rate = rate_pct / 100.0
    if rate == 0:
        return principal / years
    return principal * rate / (1.0 - (1.0 + rate) ** -years)


def _index(pct: float, year: int) -> float:
    return float((1.0 + pct / 100.0) ** (year - 1))


def cash_flow(
    econ: Economics, investment: dict[str, float], annual: AnnualQuantities
) -> tuple[CashFlowYear, ...]:
    """Yearly cash flow over the contract (year 0 = investment)."""
    total = sum(investment.values())
    aid = total * econ.investment_aid_pct / 100.0
    loan = total * econ.loan_share_pct / 100.0
    payment = annuity_payment(loan, econ.loan_interest_pct, econ.loan_years)
    balance = loan
    rows: list[CashFlowYear] = []
    year0 = -total + aid
    rows.append(
        CashFlowYear(0, 0, 0, 0, 0, 0, 0, 0, total, aid, 0, year0, 0, 0, year0 + loan, year0)
    )
    cumulative = year0
    for year in range(1, econ.contract_years + 1):
        price_index = _index(econ.heat_price_indexation_pct_per_a, year)
        fuel_index = _index(econ.fuel_price_indexation_pct_per_a, year)
        cost_index = _index(econ.cost_indexation_pct_per_a, year)
        energy = econ.energy_charge_eur_per_mwh * annual.heat_sold_mwh * price_index
        fixed = (
            econ.fixed_fee_eur_per_kw_a * annual.contracted_peak_kw
            + econ.fixed_fee_eur_per_customer_a * annual.n_customers
        ) * price_index
        fuel = annual.fuel_cost_eur * fuel_index
        backup = annual.backup_fuel_cost_eur * fuel_index
        electricity = annual.electricity_cost_eur * cost_index
        om = total * econ.om_pct_of_investment_per_a / 100.0 * cost_index
        labour = econ.labour_h_per_a * econ.labour_cost_eur_per_h * cost_index
        residual = total * econ.residual_value_pct / 100.0 if year == econ.contract_years else 0.0
        project = energy + fixed - fuel - backup - electricity - om - labour + residual
        interest = principal = 0.0
        if balance > 1e-9 and year <= econ.loan_years:
            interest = balance * econ.loan_interest_pct / 100.0
            principal = min(balance, payment - interest)
            balance -= principal
        cumulative += project
        rows.append(
            CashFlowYear(
                year,
                energy,
                fixed,
                fuel,
                backup,
                electricity,
                om,
                labour,
                0.0,
                0.0,
                residual,
                project,
                interest,
                principal,
                project - interest - principal,
                cumulative,
            )
        )
    return tuple(rows)


def evaluate_economics(
    econ: Economics, investment: dict[str, float], annual: AnnualQuantities
) -> EconomicResult:
    """Cash flow and every money figure of the project."""
    rows = cash_flow(econ, investment, annual)
    project = [r.project_cash_flow_eur for r in rows]
    equity = [r.equity_cash_flow_eur for r in rows]
    total = sum(investment.values())
    aid = rows[0].aid_eur
    loan = total * econ.loan_share_pct / 100.0
    rate = econ.discount_rate_pct
    heat_pv = npv(rate, [0.0] + [annual.heat_sold_mwh] * econ.contract_years)
    costs = [
        r.investment_eur
        - r.aid_eur
        + r.fuel_eur
        + r.backup_fuel_eur
        + r.electricity_eur
        + r.om_eur
        + r.labour_eur
        - r.residual_value_eur
        for r in rows
    ]
    lcoh = npv(rate, costs) / heat_pv if heat_pv > 0 else None
    target = econ.target_pct
    sold_indexed = [0.0] + [
        annual.heat_sold_mwh * _index(econ.heat_price_indexation_pct_per_a, y)
        for y in range(1, econ.contract_years + 1)
    ]
    sold_pv_target = npv(target, sold_indexed)
    min_charge = None
    if sold_pv_target > 0:
        min_charge = econ.energy_charge_eur_per_mwh - npv(target, project) / sold_pv_target
    return EconomicResult(
        investment_eur=dict(investment),
        total_investment_eur=total,
        aid_eur=aid,
        loan_eur=loan,
        equity_eur=total - aid - loan,
        cash_flow=rows,
        npv_eur=npv(rate, project),
        irr_pct=irr_pct(project),
        equity_npv_eur=npv(rate, equity),
        equity_irr_pct=irr_pct(equity),
        payback_years=payback_years(project),
        lcoh_eur_per_mwh=lcoh,
        min_energy_charge_eur_per_mwh=min_charge,
        target_return_pct=target,
    )


def present_value_factor(rate_pct: float, years: int, indexation_pct: float = 0.0) -> float:
    """Present value at ``rate_pct`` of 1 EUR a year for ``years`` years, indexed yearly."""
    return npv(rate_pct, [0.0] + [_index(indexation_pct, y) for y in range(1, years + 1)])
