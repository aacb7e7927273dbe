"""Street-like test maps for benchmarks, tests and demos (seeded, no real data).

``village``: a main road with side roads branching off and a few cross links (mostly a tree);
``town``: a jittered street grid with some blocks merged (many cycles). Buildings stand along
the streets a few tens of metres from them, with detached-house-sized and a few larger demands.
The figures are a workload for the optimiser, not facts about any place.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SyntheticMap:
    plant_xy: tuple[float, float]
    segments_xy: np.ndarray
    buildings_xy: np.ndarray
    annual_mwh: np.ndarray
    peak_kw: np.ndarray


def _buildings_along(
    rng: np.random.Generator, segments: np.ndarray, n_buildings: int
) -> np.ndarray:
    lengths = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    picks = rng.choice(len(segments), size=n_buildings, p=lengths / lengths.sum())
    t = rng.uniform(0.05, 0.95, n_buildings)
    ax, ay = segments[picks, 0], segments[picks, 1]
    dx, dy = segments[picks, 2] - ax, segments[picks, 3] - ay
    norm = np.hypot(dx, dy)
    side = rng.choice([-1.0, 1.0], n_buildings) * rng.uniform(8.0, 35.0, n_buildings)
    return np.column_stack([ax + t * dx - dy / norm * side, ay + t * dy + dx / norm * side])


def _demands(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    large = rng.random(n) < 0.06
    annual = np.where(large, rng.uniform(80, 600, n), rng.uniform(12, 35, n))
    hours = rng.uniform(1800, 2600, n)
    return annual, annual * 1000.0 / hours


def village(n_buildings: int = 200, seed: int = 0) -> SyntheticMap:
    """A village: main road, side roads every 100-250 m, some side roads joined."""
    rng = np.random.default_rng(seed)
    length_m = max(800.0, 18.0 * n_buildings)
    xs = np.arange(0.0, length_m, 80.0)
    main = np.column_stack([xs[:-1], np.zeros(len(xs) - 1), xs[1:], np.zeros(len(xs) - 1)])
    main[:, 1] += rng.normal(0, 5, len(main)).cumsum()
    main[:, 3] = np.append(main[1:, 1], main[-1, 1])
    segments = [main]
    tips = []
    x = 0.0
    while x < length_m - 100:
        x += rng.uniform(100, 250)
        base_idx = min(int(x // 80), len(main) - 1)
        bx, by = main[base_idx, 0], main[base_idx, 1]
        direction = rng.choice([-1.0, 1.0])
        pieces = int(rng.integers(2, 6))
        px, py = bx, by
        for _ in range(pieces):
            nx, ny = px + rng.normal(0, 15), py + direction * rng.uniform(60, 110)
            segments.append(np.array([[px, py, nx, ny]]))
            px, py = nx, ny
        tips.append((px, py, direction))
    for (ax, ay, ad), (bx, by, bd) in itertools.pairwise(tips):
        if ad == bd and rng.random() < 0.3:
            segments.append(np.array([[ax, ay, bx, by]]))
    seg = np.vstack(segments)
    buildings = _buildings_along(rng, seg, n_buildings)
    annual, peak = _demands(rng, n_buildings)
    plant = (float(length_m * rng.uniform(0.3, 0.6)), float(rng.uniform(-40, 40)))
    return SyntheticMap(plant, seg, buildings, annual, peak)


def town(n_buildings: int = 2000, seed: int = 0, block_m: float = 110.0) -> SyntheticMap:
    """A town: a jittered grid of streets (about 4 buildings per 100 m of street)."""
    rng = np.random.default_rng(seed)
    side = max(3, int(np.ceil(np.sqrt(n_buildings / 9.0))))
    gx, gy = np.meshgrid(np.arange(side + 1) * block_m, np.arange(side + 1) * block_m)
    jx = gx + rng.normal(0, block_m * 0.12, gx.shape)
    jy = gy + rng.normal(0, block_m * 0.12, gy.shape)
    segments = []
    for i in range(side + 1):
        for j in range(side + 1):
            if j < side and rng.random() > 0.08:
                segments.append((jx[i, j], jy[i, j], jx[i, j + 1], jy[i, j + 1]))
            if i < side and rng.random() > 0.08:
                segments.append((jx[i, j], jy[i, j], jx[i + 1, j], jy[i + 1, j]))
    seg = np.array(segments)
    buildings = _buildings_along(rng, seg, n_buildings)
    annual, peak = _demands(rng, n_buildings)
    centre = side * block_m / 2
    plant = (float(centre + rng.normal(0, block_m)), float(centre + rng.normal(0, block_m)))
    return SyntheticMap(plant, seg, buildings, annual, peak)
