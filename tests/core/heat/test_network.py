"""Network optimisation: exact answers on small graphs, presolve keeps the optimum, checks."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from greencluster.core.heat import optimise_network, presolve
from greencluster.core.heat.checks import check_solution, is_tree_connected_to_root
from greencluster.core.heat.network import PCSTInstance, tree_from_edges, tree_objective
from greencluster.core.heat.network_milp import solve_milp


def random_instance(seed: int, n: int = 7, flow: bool = True) -> PCSTInstance:
    rng = np.random.default_rng(seed)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.45]
    pairs += [(i - 1, i) for i in range(1, n) if (i - 1, i) not in pairs]
    u = np.array([p[0] for p in pairs])
    v = np.array([p[1] for p in pairs])
    prize = np.where(rng.random(n) < 0.7, rng.uniform(0, 100, n), 0.0)
    prize[0] = 0.0
    demand = np.where(prize > 0, rng.uniform(5, 50, n), 0.0)
    return PCSTInstance(
        root=0,
        prize=prize,
        demand_kw=demand,
        must=np.eye(1, n, 0, dtype=bool)[0],
        edge_u=u,
        edge_v=v,
        fixed=rng.uniform(5, 60, len(u)),
        flow_cost=rng.uniform(0, 0.5, len(u)) if flow else np.zeros(len(u)),
    )


def brute_force(inst: PCSTInstance) -> float:
    best = 0.0 + float(inst.prize[inst.root])
    for k in range(1, inst.n_nodes):
        for edges in itertools.combinations(range(inst.n_edges), k):
            pairs = [(int(inst.edge_u[e]), int(inst.edge_v[e])) for e in edges]
            if is_tree_connected_to_root(inst.n_nodes, inst.root, pairs):
                best = max(best, tree_objective(inst, tree_from_edges(inst, list(edges))))
    return best


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_milp_matches_brute_force_and_bounds_hold(seed: int, flow: bool) -> None:
    inst = random_instance(seed, flow=flow)
    best = brute_force(inst)
    exact = optimise_network(inst, method="milp", time_limit_s=10)
    assert exact.proven_optimal
    assert abs(exact.objective_eur - best) < 1e-6 * max(1.0, abs(best))
    assert check_solution(inst, exact.nodes, exact.edges) == []
    quick = optimise_network(inst, method="heuristic", time_limit_s=10)
    assert quick.objective_eur <= best + 1e-6
    assert quick.bound_eur >= best - 1e-6
    assert check_solution(inst, quick.nodes, quick.edges) == []


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_presolve_keeps_the_optimum(seed: int, flow: bool) -> None:
    inst = random_instance(seed, n=9, flow=flow)
    reduced = presolve(inst)
    assert reduced.n_nodes <= inst.n_nodes
    raw = solve_milp(inst, time_limit_s=10)
    after = solve_milp(reduced, time_limit_s=10)
    assert raw.optimal and after.optimal
    assert raw.objective is not None and after.objective is not None
    assert abs(raw.objective - after.objective) < 1e-6 * max(1.0, abs(raw.objective))
    if not flow:
        # without flow-dependent costs the plain flow baseline is exact too; with them it may
        # split flow around cycles and is only a relaxation
        baseline = optimise_network(inst, method="plain_flow", time_limit_s=10)
        assert abs(raw.objective - baseline.objective_eur) < 1e-6 * max(1.0, raw.bound)


def test_unprofitable_building_is_left_out_and_must_connect_is_kept() -> None:
    inst = PCSTInstance(
        root=0,
        prize=np.array([0.0, 100.0, 5.0]),
        demand_kw=np.array([0.0, 10.0, 10.0]),
        must=np.array([True, False, False]),
        edge_u=np.array([0, 1]),
        edge_v=np.array([1, 2]),
        fixed=np.array([20.0, 50.0]),
        flow_cost=np.zeros(2),
    )
    sol = optimise_network(inst, method="milp", time_limit_s=5)
    assert set(sol.nodes) == {0, 1}
    assert sol.objective_eur == 80.0
    forced = PCSTInstance(**{**inst.__dict__, "must": np.array([True, False, True])})
    sol = optimise_network(forced, method="milp", time_limit_s=5)
    assert set(sol.nodes) == {0, 1, 2}
    assert sol.objective_eur == 35.0


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=8))
def test_tree_check_rejects_cycles_and_islands(pairs: list[tuple[int, int]]) -> None:
    ok = is_tree_connected_to_root(6, 0, pairs)
    seen = {0} | {x for p in pairs for x in p}
    expected = len(pairs) == len(seen) - 1 and all(a != b for a, b in pairs)
    if expected:
        # n - 1 edges on n nodes is a tree iff connected
        adj: dict[int, set[int]] = {}
        for a, b in pairs:
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)
        stack, reach = [0], {0}
        while stack:
            for w in adj.get(stack.pop(), ()):
                if w not in reach:
                    reach.add(w)
                    stack.append(w)
        expected = reach == seen
    assert ok == expected


def test_highs_writes_nothing_on_stdout() -> None:
    """HiGHS' start-up banner would corrupt the JSON the CLI prints and the web server's log;
    it is printed once per process, so a fresh process shows it."""
    code = (
        "from tests.core.heat.test_network import random_instance\n"
        "from greencluster.core.heat.network_milp import solve_milp\n"
        "solve_milp(random_instance(1), time_limit_s=5)\n"
        "solve_milp(random_instance(2), time_limit_s=5, relax=True)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[3],
    )
    assert run.stdout == ""
