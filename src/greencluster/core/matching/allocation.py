"""Global allocation over the whole network, and the pairwise greedy baseline.

Model (a transportation LP, solved with HiGHS): one variable per candidate offer-need pair,
its yearly quantity ``x_p`` (basis units per year, 0 <= x_p <= what can flow); for every offer
and every need with a stated quantity the pairs touching it share that quantity
(``sum x_p <= q``). Two lexicographic objectives (see :func:`allocate_optimal`): first the
proven net CO2e saving, then the share of needs covered. Pairs whose quantity cannot be known
(no quantity on either side, or units that differ) are left out.

The greedy baseline is what pairwise matchers do: take pairs best score first and give each
as much as is still free on both sides, whatever that does to the rest of the network.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from greencluster.core.errors import InfeasibleError, SolverTimeout
from greencluster.core.highs import new_highs
from greencluster.core.matching.scoring import ScoredPairs

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class PairSet:
    """Unique offer-need pairs (no direction) with their per-unit figures."""

    offer: IntArray
    need: IntArray
    upper_per_a: FloatArray  # what can flow
    net_t_co2e_per_unit: FloatArray  # NaN where unknown
    transport_per_unit: FloatArray  # t CO2e per basis unit; NaN where unknown
    score: FloatArray
    index: IntArray  # row in the ScoredPairs it came from


@dataclass(frozen=True, eq=False)
class Allocation:
    """Chosen quantities per pair (only pairs with a positive quantity)."""

    method: str
    offer: IntArray
    need: IntArray
    quantity_per_a: FloatArray
    net_t_co2e_per_a: FloatArray  # NaN where the pair's saving is unknown
    index: IntArray  # row in the ScoredPairs
    status: str
    seconds: float

    def __len__(self) -> int:
        return len(self.offer)

    @property
    def total_net_t_co2e_per_a(self) -> float:
        return float(np.nansum(self.net_t_co2e_per_a))


def unique_pairs(scored: ScoredPairs) -> PairSet:
    """The distinct offer-need pairs whose flow is known (a pair suggested to both sides
    appears once)."""
    known = ~np.isnan(scored.flow_per_a) & (scored.flow_per_a > 0)
    rows = np.flatnonzero(known)
    key = scored.offer[rows].astype(np.int64) * (int(scored.need.max(initial=0)) + 1)
    key += scored.need[rows]
    _, first = np.unique(key, return_index=True)
    rows = rows[np.sort(first)]
    flow = scored.flow_per_a[rows].astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        net_per_unit = scored.net_t_co2e_per_a[rows].astype(np.float64) / flow
        transport_per_unit = scored.transport_t_co2e_per_a[rows].astype(np.float64) / flow
    return PairSet(
        offer=scored.offer[rows],
        need=scored.need[rows],
        upper_per_a=flow,
        net_t_co2e_per_unit=net_per_unit,
        transport_per_unit=transport_per_unit,
        score=scored.score[rows].astype(np.float64),
        index=rows.astype(np.int32),
    )


def allocate_optimal(
    scored: ScoredPairs,
    quantity_per_a: FloatArray,
    *,
    method: str = "flow",
    time_limit_s: float = 60.0,
    threads: int = 1,
    seed: int = 0,
) -> Allocation:
    """The network allocation in two lexicographic stages:

    1. maximise the proven net CO2e saving (pairs with a sourced avoided figure);
    2. keeping that saving, cover as much of the needs as possible (each need's covered
       share), also with exchanges whose benefit has no sourced figure, shorter transport
       first (a tie-breaker of at most 0.1 %).

    ``method="flow"`` (default, for large networks): OR-Tools min-cost flow, stage 1 exactly
    optimal on quantities in 1/1000 of a basis unit (kg, kWh, litre) with costs in mg CO2e;
    stage 2 then fills the capacity stage 1 left free (optimal for that remainder).
    ``method="lp"``: HiGHS LP, both stages exact (stage 2 may also rearrange stage 1's flows
    among equally good options), with ``time_limit_s``, ``threads`` and ``seed``; raises
    :class:`SolverTimeout` at the time limit.

    Pairs whose known net saving is not positive are never allocated. ``quantity_per_a`` is
    every listing's quantity (NaN: unlimited).
    """
    if method not in ("flow", "lp"):
        raise ValueError(f"method must be 'flow' or 'lp', not {method!r}")
    start = time.perf_counter()
    pairs = unique_pairs(scored)
    known = ~np.isnan(pairs.net_t_co2e_per_unit)
    eligible = np.flatnonzero(~known | (pairs.net_t_co2e_per_unit > 0))
    x = np.zeros(len(pairs.offer))
    status = "optimal"
    if len(eligible) and method == "flow":
        x[eligible] = _solve_flow(pairs, eligible, quantity_per_a)
    elif len(eligible):
        x[eligible], status = _solve_two_stage(
            pairs, eligible, quantity_per_a, time_limit_s, threads, seed
        )
    return _result(f"optimal ({method})", pairs, x, status, time.perf_counter() - start)


def _solve_two_stage(
    pairs: PairSet,
    eligible: IntArray | npt.NDArray[np.intp],
    quantity_per_a: FloatArray,
    time_limit_s: float,
    threads: int,
    seed: int,
) -> tuple[FloatArray, str]:
    net = np.nan_to_num(pairs.net_t_co2e_per_unit[eligible])
    upper = pairs.upper_per_a[eligible]
    need_q = quantity_per_a[pairs.need[eligible]]
    share_per_unit = 1.0 / np.where(np.isnan(need_q) | (need_q <= 0), upper, need_q)
    with np.errstate(invalid="ignore", divide="ignore"):
        transport = np.nan_to_num(pairs.transport_per_unit[eligible])
    heaviest = float(transport.max(initial=0.0)) or 1.0
    coverage = share_per_unit * (1.0 - 1e-3 * transport / heaviest)
    highs = _build_lp(
        pairs.offer[eligible],
        pairs.need[eligible],
        upper,
        net,
        quantity_per_a,
        time_limit_s,
        threads,
        seed,
    )
    best_net = 0.0
    if np.any(net > 0):
        _run(highs, time_limit_s)
        best_net = float(highs.getInfo().objective_function_value)
    # Stage 2: keep (almost all of) the proven saving, maximise covered needs.
    floor = best_net - 1e-7 * abs(best_net) - 1e-6
    columns = np.flatnonzero(net != 0).astype(np.int32)
    highs.addRow(floor, highs_inf(), len(columns), columns, net[columns])
    highs.changeColsCost(len(coverage), np.arange(len(coverage), dtype=np.int32), coverage)
    _run(highs, time_limit_s)
    values = np.clip(np.asarray(highs.getSolution().col_value, dtype=np.float64), 0, upper)
    return values, "optimal"


def allocate_greedy(scored: ScoredPairs, quantity_per_a: FloatArray) -> Allocation:
    """Pairwise greedy: best score first, each pair takes what is still free on both sides."""
    start = time.perf_counter()
    pairs = unique_pairs(scored)
    order = np.lexsort(
        (pairs.need, pairs.offer, -np.nan_to_num(pairs.net_t_co2e_per_unit), -pairs.score)
    )
    remaining = np.where(np.isnan(quantity_per_a), np.inf, quantity_per_a).tolist()
    offers = pairs.offer.tolist()
    needs = pairs.need.tolist()
    upper = pairs.upper_per_a.tolist()
    x = np.zeros(len(offers))
    for p in order.tolist():
        o, n = offers[p], needs[p]
        amount = min(remaining[o], remaining[n], upper[p])
        if amount > 0:
            x[p] = amount
            remaining[o] -= amount
            remaining[n] -= amount
    return _result("greedy", pairs, x, "heuristic", time.perf_counter() - start)


def _result(method: str, pairs: PairSet, x: FloatArray, status: str, seconds: float) -> Allocation:
    chosen = np.flatnonzero(x > 1e-9)
    return Allocation(
        method=method,
        offer=pairs.offer[chosen],
        need=pairs.need[chosen],
        quantity_per_a=x[chosen],
        net_t_co2e_per_a=x[chosen] * pairs.net_t_co2e_per_unit[chosen],
        index=pairs.index[chosen],
        status=status,
        seconds=seconds,
    )


FLOW_UNITS_PER_BASIS_UNIT = 1000
"""Min-cost flow quantities are integers: 1 unit = 1 kg, 1 kWh or 1 litre."""
MG_PER_T = 1_000_000
COVER_SCALE = 10**9
"""Stage-2 value of covering a whole need (integer cost units)."""


def _solve_flow(
    pairs: PairSet,
    eligible: IntArray | npt.NDArray[np.intp],
    quantity_per_a: FloatArray,
) -> FloatArray:
    from ortools.graph.python import min_cost_flow

    offer, need = pairs.offer[eligible], pairs.need[eligible]
    upper = np.floor(pairs.upper_per_a[eligible] * FLOW_UNITS_PER_BASIS_UNIT).astype(np.int64)
    net = np.nan_to_num(pairs.net_t_co2e_per_unit[eligible])
    # Net t CO2e per basis unit = kg per kg (kWh, litre) -> mg CO2e per flow unit.
    stage1 = np.round(net * MG_PER_T).astype(np.int64)
    listings, local = np.unique(np.concatenate([offer, need]), return_inverse=True)
    o_node, n_node = local[: len(offer)] + 2, local[len(offer) :] + 2
    q = quantity_per_a[listings]
    incident = np.bincount(local, weights=np.r_[upper, upper], minlength=len(listings))
    cap = np.where(np.isnan(q), incident, np.floor(np.nan_to_num(q) * FLOW_UNITS_PER_BASIS_UNIT))
    cap = np.minimum(cap, incident).astype(np.int64)
    is_offer_node = np.zeros(len(listings), dtype=bool)
    is_offer_node[local[: len(offer)]] = True
    nodes = np.arange(len(listings)) + 2

    def solve(
        arcs: npt.NDArray[np.intp],
        arc_cost: npt.NDArray[np.int64],
        arc_cap: npt.NDArray[np.int64],
        node_cap: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.int64]:
        """Min-cost flow over the pair ``arcs`` (a bypass arc lets flow skip every pair)."""
        result = np.zeros(len(offer), dtype=np.int64)
        if len(arcs) == 0:
            return result
        flow = min_cost_flow.SimpleMinCostFlow()
        n_offers = int(is_offer_node.sum())
        supply = int(node_cap[is_offer_node].sum())
        flow.add_arcs_with_capacity_and_unit_cost(
            np.r_[np.zeros(n_offers, np.int64), o_node[arcs], nodes[~is_offer_node], 0],
            np.r_[nodes[is_offer_node], n_node[arcs], np.ones(len(nodes) - n_offers, np.int64), 1],
            np.r_[node_cap[is_offer_node], arc_cap[arcs], node_cap[~is_offer_node], supply],
            np.r_[
                np.zeros(n_offers, np.int64),
                arc_cost[arcs],
                np.zeros(len(nodes) - n_offers, np.int64),
                0,
            ],
        )
        flow.set_nodes_supplies(np.array([0, 1]), np.array([supply, -supply]))
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise InfeasibleError(f"min-cost flow ended with status {status}")
        result[arcs] = flow.flows(np.arange(n_offers, n_offers + len(arcs)))
        return result

    x1 = solve(np.flatnonzero(stage1 > 0), -stage1, upper, cap)
    # Stage 2 on what stage 1 left free: covered share of each need, shorter transport first.
    used = np.bincount(local, weights=np.r_[x1, x1], minlength=len(listings)).astype(np.int64)
    free = cap - used
    need_units = np.where(
        np.isnan(quantity_per_a[need]), upper, quantity_per_a[need] * FLOW_UNITS_PER_BASIS_UNIT
    )
    transport = np.nan_to_num(pairs.transport_per_unit[eligible])
    heaviest = float(transport.max(initial=0.0)) or 1.0
    share = COVER_SCALE / np.maximum(need_units, 1.0) * (1.0 - 1e-3 * transport / heaviest)
    room = upper - x1
    open_arcs = np.flatnonzero((room > 0) & (free[o_node - 2] > 0) & (free[n_node - 2] > 0))
    x2 = solve(open_arcs, -np.round(share).astype(np.int64), room, free)
    values: FloatArray = (x1 + x2).astype(np.float64) / FLOW_UNITS_PER_BASIS_UNIT
    return values


def _build_lp(
    offer: IntArray,
    need: IntArray,
    upper: FloatArray,
    cost: FloatArray,
    quantity_per_a: FloatArray,
    time_limit_s: float,
    threads: int,
    seed: int,
) -> Any:
    """HiGHS holding: max cost.x, 0 <= x <= upper, sum of x per offer and per need <= q."""
    import highspy

    n_pairs = len(offer)
    listings = np.unique(np.concatenate([offer, need]))
    bounded = listings[~np.isnan(quantity_per_a[listings])]
    row_of = np.full(len(quantity_per_a), -1, dtype=np.int64)
    row_of[bounded] = np.arange(len(bounded))
    # Column-wise matrix: each pair column has an entry in its offer row and its need row.
    rows = np.stack([row_of[offer], row_of[need]], axis=1)
    present = rows >= 0
    start = np.zeros(n_pairs + 1, dtype=np.int32)
    np.cumsum(present.sum(axis=1), out=start[1:])
    index = rows[present].astype(np.int32)

    lp = highspy.HighsLp()
    lp.num_col_ = n_pairs
    lp.num_row_ = len(bounded)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = cost.astype(np.float64)
    lp.col_lower_ = np.zeros(n_pairs)
    lp.col_upper_ = upper.astype(np.float64)
    lp.row_lower_ = np.full(len(bounded), -highspy.kHighsInf)
    lp.row_upper_ = quantity_per_a[bounded].astype(np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = np.ones(len(index))
    highs = new_highs(time_limit_s=time_limit_s, threads=threads, seed=seed)
    highs.passModel(lp)
    return highs


def highs_inf() -> float:
    import highspy

    return float(highspy.kHighsInf)


def _run(highs: Any, time_limit_s: float) -> None:
    import highspy

    highs.run()
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return
    if status == highspy.HighsModelStatus.kTimeLimit:
        raise SolverTimeout(f"HiGHS reached the time limit of {time_limit_s:g} s")
    raise InfeasibleError(f"HiGHS ended with status {highs.modelStatusToString(status)}")
