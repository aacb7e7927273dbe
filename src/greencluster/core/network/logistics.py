"""Green logistics: backhaul pairing and milk-run collection of small side streams.

Every road shipment is by lorry, there and back: a trip drives its load from origin to
destination and returns empty. Two ways of sharing transport save empty kilometres:

* **Backhaul pairing**: a lorry that delivered shipment A (a -> b) drives on to the origin c of
  shipment B, delivers it (c -> d) and returns to a. Per paired round the empty legs b -> a and
  d -> c become b -> c and d -> a. Pairs are chosen together so that each shipment joins at most
  one pair and the CO2 saved is largest (a maximum-weight matching solved with OR-Tools CP-SAT).
* **Milk runs**: small side streams (lorries less than half full) going to the same destination
  are collected on shared rounds (a capacitated vehicle-routing problem per destination, solved
  with OR-Tools routing); the rounds run as often as the most frequent of the streams needs.

Road distance is great-circle distance times :data:`~greencluster.core.geo.ROAD_DISTANCE_FACTOR`.
CO2 per vehicle-km is the UK DESNZ 2025 factor for "HGV (all diesel), All HGVs" at 0 %, 50 % and
100 % laden (:data:`HGV_ROWS`), interpolated linearly in the share of the payload on board;
quantities are per year. ``payload_t`` (default :data:`DEFAULT_PAYLOAD_T`) is a planning
parameter the caller sets, not a measured figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from greencluster.core.errors import SolverTimeout
from greencluster.core.geo import ROAD_DISTANCE_FACTOR, great_circle_km
from greencluster.core.network.graph import ClusterGraph

HGV_ROWS = {0.0: "27_304_3137_4_1", 0.5: "27_304_3138_4_1", 1.0: "27_304_3139_4_1"}
"""DESNZ 2025 flat-file rows, kg CO2e per vehicle km, HGV (all diesel), All HGVs, by laden share."""
DEFAULT_PAYLOAD_T = 20.0
"""Load per lorry trip when a shipment does not say (a GreenCluster planning default)."""
SMALL_SHARE = 0.5
DAYS_PER_YEAR = 365


@dataclass(frozen=True, slots=True)
class Shipment:
    """A regular road shipment (per year). ``trips_per_a`` when known, else full loads of
    ``payload_t``; ``from_day``/``until_day`` (day numbers) bound the period it runs in."""

    id: str
    origin: str
    destination: str
    origin_lat: float
    origin_lon: float
    destination_lat: float
    destination_lon: float
    tonnes_per_a: float
    trips_per_a: float | None = None
    from_day: int | None = None
    until_day: int | None = None
    class_id: str = ""


@dataclass(frozen=True, slots=True)
class HgvFactors:
    empty: float
    half: float
    full: float
    source: str

    def kg_per_km(self, laden_share: float) -> float:
        """kg CO2e per vehicle km with ``laden_share`` (0-1) of the payload on board."""
        share = min(max(laden_share, 0.0), 1.0)
        if share <= 0.5:
            return self.empty + (self.half - self.empty) * share / 0.5
        return self.half + (self.full - self.half) * (share - 0.5) / 0.5


@lru_cache(maxsize=1)
def hgv_factors() -> HgvFactors:
    from greencluster.core.matching.scoring import freight_rows

    rows = freight_rows()
    empty, half, full = (
        float(rows[HGV_ROWS[share]]["GHG Conversion Factor 2025"]) for share in (0.0, 0.5, 1.0)
    )
    ids = ", ".join(HGV_ROWS.values())
    return HgvFactors(
        empty, half, full, f"UK DESNZ GHG conversion factors 2025, freighting goods, rows {ids}"
    )


@dataclass(frozen=True, slots=True)
class BackhaulPair:
    first: str
    second: str
    rounds_per_a: float
    separate_km_per_a: float
    paired_km_per_a: float
    tkm_per_a: float
    separate_t_co2e_per_a: float
    paired_t_co2e_per_a: float

    @property
    def saved_km_per_a(self) -> float:
        return self.separate_km_per_a - self.paired_km_per_a

    @property
    def saved_t_co2e_per_a(self) -> float:
        return self.separate_t_co2e_per_a - self.paired_t_co2e_per_a


@dataclass(frozen=True, slots=True)
class MilkRun:
    destination: str
    routes: tuple[tuple[str, ...], ...]
    rounds_per_a: float
    separate_km_per_a: float
    run_km_per_a: float
    separate_tkm_per_a: float
    run_tkm_per_a: float
    separate_t_co2e_per_a: float
    run_t_co2e_per_a: float

    @property
    def saved_t_co2e_per_a(self) -> float:
        return self.separate_t_co2e_per_a - self.run_t_co2e_per_a


@dataclass(frozen=True)
class LogisticsPlan:
    pairs: tuple[BackhaulPair, ...]
    milk_runs: tuple[MilkRun, ...]
    payload_t: float
    factor_source: str = field(default_factory=lambda: hgv_factors().source)

    @property
    def saved_t_co2e_per_a(self) -> float:
        return sum(p.saved_t_co2e_per_a for p in self.pairs) + sum(
            r.saved_t_co2e_per_a for r in self.milk_runs
        )


def road_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return great_circle_km(lat1, lon1, lat2, lon2) * ROAD_DISTANCE_FACTOR


def trips(shipment: Shipment, payload_t: float) -> float:
    if shipment.trips_per_a is not None:
        return shipment.trips_per_a
    return float(max(1, math.ceil(shipment.tonnes_per_a / payload_t)))


def _days(shipment: Shipment) -> tuple[int, int]:
    start = shipment.from_day if shipment.from_day is not None else -(10**9)
    end = shipment.until_day if shipment.until_day is not None else 10**9
    return start, end


def _overlap_share(a: Shipment, b: Shipment) -> tuple[float, float]:
    """Share of each shipment's running period that the other runs too (1 without periods)."""
    (a0, a1), (b0, b1) = _days(a), _days(b)
    both = min(a1, b1) - max(a0, b0)
    if both <= 0:
        return 0.0, 0.0
    return both / max(a1 - a0, 1), both / max(b1 - b0, 1)


def separate_trip(shipment: Shipment, payload_t: float) -> tuple[float, float, float]:
    """(vehicle km, t km, t CO2e) per year of a shipment driven on its own, returning empty."""
    factors = hgv_factors()
    n = trips(shipment, payload_t)
    load = shipment.tonnes_per_a / n
    d = road_km(
        shipment.origin_lat, shipment.origin_lon, shipment.destination_lat, shipment.destination_lon
    )
    kg = n * d * (factors.kg_per_km(load / payload_t) + factors.empty)
    return 2 * n * d, n * d * load, kg / 1000.0


def pair(a: Shipment, b: Shipment, payload_t: float) -> BackhaulPair | None:
    """The pair of ``a`` and ``b`` driven as backhaul rounds a -> b, c -> d, or None when the
    periods do not overlap or pairing saves nothing."""
    share_a, share_b = _overlap_share(a, b)
    rounds = min(trips(a, payload_t) * share_a, trips(b, payload_t) * share_b)
    if rounds <= 0:
        return None
    factors = hgv_factors()
    ab = road_km(a.origin_lat, a.origin_lon, a.destination_lat, a.destination_lon)
    cd = road_km(b.origin_lat, b.origin_lon, b.destination_lat, b.destination_lon)
    bc = road_km(a.destination_lat, a.destination_lon, b.origin_lat, b.origin_lon)
    da = road_km(b.destination_lat, b.destination_lon, a.origin_lat, a.origin_lon)
    saved_km = ab + cd - (bc + da)
    if saved_km <= 1e-9:
        return None
    load_a = a.tonnes_per_a / trips(a, payload_t)
    load_b = b.tonnes_per_a / trips(b, payload_t)
    loaded_kg = ab * factors.kg_per_km(load_a / payload_t) + cd * factors.kg_per_km(
        load_b / payload_t
    )
    separate_kg = rounds * (loaded_kg + (ab + cd) * factors.empty)
    paired_kg = rounds * (loaded_kg + (bc + da) * factors.empty)
    return BackhaulPair(
        first=a.id,
        second=b.id,
        rounds_per_a=rounds,
        separate_km_per_a=rounds * 2 * (ab + cd),
        paired_km_per_a=rounds * (ab + cd + bc + da),
        tkm_per_a=rounds * (ab * load_a + cd * load_b),
        separate_t_co2e_per_a=separate_kg / 1000.0,
        paired_t_co2e_per_a=paired_kg / 1000.0,
    )


def backhaul_pairs(
    shipments: Sequence[Shipment],
    *,
    payload_t: float = DEFAULT_PAYLOAD_T,
    time_limit_s: float = 10.0,
    seed: int = 0,
) -> list[BackhaulPair]:
    """The set of disjoint pairs that saves the most CO2 (CP-SAT, one worker, seeded).

    Raises :class:`SolverTimeout` if no solution is found in ``time_limit_s``."""
    from ortools.sat.python import cp_model

    candidates = [
        found
        for i in range(len(shipments))
        for j in range(i + 1, len(shipments))
        if (found := pair(shipments[i], shipments[j], payload_t)) is not None
    ]
    if not candidates:
        return []
    index = {s.id: k for k, s in enumerate(shipments)}
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"pair_{k}") for k in range(len(candidates))]
    for k in range(len(shipments)):
        model.add_at_most_one(
            chosen[c]
            for c, p in enumerate(candidates)
            if index[p.first] == k or index[p.second] == k
        )
    # kg CO2e saved, in grams so that the integer objective keeps three decimals of kg
    model.maximize(
        sum(round(p.saved_t_co2e_per_a * 1e6) * chosen[c] for c, p in enumerate(candidates))
    )
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise SolverTimeout(f"backhaul pairing found no solution in {time_limit_s} s")
    return [p for c, p in enumerate(candidates) if solver.value(chosen[c])]


def milk_runs(
    shipments: Sequence[Shipment],
    *,
    payload_t: float = DEFAULT_PAYLOAD_T,
    time_limit_s: float = 2.0,
) -> list[MilkRun]:
    """Shared collection rounds for small streams to the same destination, where they save
    CO2 against separate trips."""
    groups: dict[str, list[Shipment]] = {}
    for s in shipments:
        if s.tonnes_per_a / trips(s, payload_t) < SMALL_SHARE * payload_t:
            groups.setdefault(s.destination, []).append(s)
    result = []
    for destination, group in sorted(groups.items()):
        if len(group) < 2:
            continue
        run = _milk_run(destination, group, payload_t, time_limit_s)
        if run is not None and run.saved_t_co2e_per_a > 0:
            result.append(run)
    return result


def _milk_run(
    destination: str, group: Sequence[Shipment], payload_t: float, time_limit_s: float
) -> MilkRun | None:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    rounds = max(trips(s, payload_t) for s in group)
    loads = [s.tonnes_per_a / rounds for s in group]
    if any(load > payload_t for load in loads):
        return None
    depot = (group[0].destination_lat, group[0].destination_lon)
    points = [depot] + [(s.origin_lat, s.origin_lon) for s in group]
    n = len(points)
    km = np.array([[road_km(*points[i], *points[j]) for j in range(n)] for i in range(n)])
    metres = np.rint(km * 1000).astype(np.int64)
    manager = pywrapcp.RoutingIndexManager(n, len(group), 0)
    routing = pywrapcp.RoutingModel(manager)

    def distance(i: int, j: int) -> int:
        return int(metres[manager.IndexToNode(i), manager.IndexToNode(j)])

    transit = routing.RegisterTransitCallback(distance)
    routing.SetArcCostEvaluatorOfAllVehicles(transit)
    kg = [0] + [round(load * 1000) for load in loads]

    def demand(i: int) -> int:
        return int(kg[manager.IndexToNode(i)])

    routing.AddDimensionWithVehicleCapacity(
        routing.RegisterUnaryTransitCallback(demand),
        0,
        [int(payload_t * 1000)] * len(group),
        True,
        "load",
    )
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    params.time_limit.FromMilliseconds(int(time_limit_s * 1000))
    solution = routing.SolveWithParameters(params)
    if solution is None:
        raise SolverTimeout(f"milk-run routing found no solution in {time_limit_s} s")
    factors = hgv_factors()
    routes: list[tuple[str, ...]] = []
    run_km = run_tkm = run_kg = 0.0
    for vehicle in range(len(group)):
        index = routing.Start(vehicle)
        stops: list[int] = []
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            if node:
                stops.append(node)
            index = solution.Value(routing.NextVar(index))
        if not stops:
            continue
        routes.append(tuple(group[s - 1].id for s in stops))
        on_board, previous = 0.0, 0
        for stop in [*stops, 0]:
            leg = float(km[previous, stop])
            run_km += leg
            run_tkm += leg * on_board
            run_kg += leg * factors.kg_per_km(on_board / payload_t)
            if stop:
                on_board += loads[stop - 1]
            previous = stop
    separate = [separate_trip(s, payload_t) for s in group]
    return MilkRun(
        destination=destination,
        routes=tuple(routes),
        rounds_per_a=rounds,
        separate_km_per_a=sum(v[0] for v in separate),
        run_km_per_a=rounds * run_km,
        separate_tkm_per_a=sum(v[1] for v in separate),
        run_tkm_per_a=rounds * run_tkm,
        separate_t_co2e_per_a=sum(v[2] for v in separate),
        run_t_co2e_per_a=rounds * run_kg / 1000.0,
    )


def shipments_from_graph(graph: ClusterGraph) -> list[Shipment]:
    """One shipment per flow edge with tonnes between two located organisations (pipe-borne
    carriers have no tonnes and are left out)."""
    result = []
    for j in np.flatnonzero(graph.is_flow & (graph.tonnes > 0)).tolist():
        a, b = graph.nodes[int(graph.source[j])], graph.nodes[int(graph.target[j])]
        if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
            continue
        code = int(graph.class_code[j])
        result.append(
            Shipment(
                id=f"{a.id}->{b.id}#{j}",
                origin=a.id,
                destination=b.id,
                origin_lat=a.lat,
                origin_lon=a.lon,
                destination_lat=b.lat,
                destination_lon=b.lon,
                tonnes_per_a=float(graph.tonnes[j]),
                class_id=graph.classes[code] if code >= 0 else "",
            )
        )
    return result


def plan_logistics(
    shipments: Sequence[Shipment], *, payload_t: float = DEFAULT_PAYLOAD_T, seed: int = 0
) -> LogisticsPlan:
    """Backhaul pairs over all shipments and milk runs over the small streams not paired."""
    pairs = backhaul_pairs(shipments, payload_t=payload_t, seed=seed)
    paired = {p.first for p in pairs} | {p.second for p in pairs}
    runs = milk_runs([s for s in shipments if s.id not in paired], payload_t=payload_t)
    return LogisticsPlan(tuple(pairs), tuple(runs), payload_t)


def logistics_to_dict(plan: LogisticsPlan, shipments: Sequence[Shipment]) -> dict[str, object]:
    """The plan as JSON-ready data, each shipment named by its origin, destination and class."""
    by_id = {s.id: s for s in shipments}

    def named(shipment_id: str) -> dict[str, str]:
        s = by_id[shipment_id]
        return {"origin": s.origin, "destination": s.destination, "class_id": s.class_id}

    return {
        "payload_t": plan.payload_t,
        "factor_source": plan.factor_source,
        "saved_t_co2e_per_a": round(plan.saved_t_co2e_per_a, 3),
        "pairs": [
            {
                "first": named(p.first),
                "second": named(p.second),
                "rounds_per_a": round(p.rounds_per_a, 2),
                "saved_km_per_a": round(p.saved_km_per_a, 1),
                "tkm_per_a": round(p.tkm_per_a, 1),
                "saved_t_co2e_per_a": round(p.saved_t_co2e_per_a, 3),
            }
            for p in plan.pairs
        ],
        "milk_runs": [
            {
                "destination": r.destination,
                "routes": [[named(s)["origin"] for s in route] for route in r.routes],
                "rounds_per_a": round(r.rounds_per_a, 2),
                "saved_km_per_a": round(r.separate_km_per_a - r.run_km_per_a, 1),
                "separate_tkm_per_a": round(r.separate_tkm_per_a, 1),
                "run_tkm_per_a": round(r.run_tkm_per_a, 1),
                "saved_t_co2e_per_a": round(r.saved_t_co2e_per_a, 3),
            }
            for r in plan.milk_runs
        ],
    }
