"""Project lineage: which project grew out of which. A first-generation project has no parent;
a project's generation is its parent's plus one. The parent links must form a forest (no
cycles, parents that exist); :func:`check_lineage` verifies that independently of the code
that builds trees, and :func:`would_create_cycle` guards a new link before it is saved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field


class LineageError(ValueError):
    """The parent links do not form a forest (a cycle or a missing parent)."""


@dataclass(frozen=True, slots=True)
class LineageNode:
    project_id: int
    generation: int
    children: tuple[LineageNode, ...] = field(default=())

    def walk(self) -> list[LineageNode]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def generations(parents: Mapping[int, int | None]) -> dict[int, int]:
    """Generation (1, 2, 3, ...) of every project from ``{project: parent or None}``."""
    result: dict[int, int] = {}
    for start in parents:
        path: list[int] = []
        seen: set[int] = set()
        node: int | None = start
        while node is not None and node not in result:
            if node in seen:
                raise LineageError(f"project {node} is its own ancestor")
            if node not in parents:
                raise LineageError(f"project {path[-1]} names a parent {node} that is not known")
            seen.add(node)
            path.append(node)
            node = parents[node]
        base = 0 if node is None else result[node]
        for depth, project in enumerate(reversed(path), start=1):
            result[project] = base + depth
    return result


def lineage_forest(
    parents: Mapping[int, int | None], order: Mapping[int, object] | None = None
) -> list[LineageNode]:
    """The lineage as trees rooted at first-generation projects; children sorted by
    ``order[project]`` (e.g. start date) and then id."""
    gens = generations(parents)
    kids: dict[int | None, list[int]] = {}
    for project, parent in parents.items():
        kids.setdefault(parent, []).append(project)

    def key(project: int) -> tuple[str, int]:
        return (str(order.get(project, "")) if order else "", project)

    def build(project: int) -> LineageNode:
        children = tuple(build(c) for c in sorted(kids.get(project, []), key=key))
        return LineageNode(project, gens[project], children)

    return [build(root) for root in sorted(kids.get(None, []), key=key)]


def subtree(parents: Mapping[int, int | None], root: int) -> list[LineageNode]:
    """The lineage tree that contains ``root`` (from its first-generation ancestor)."""
    top = root
    seen = {top}
    while parents.get(top) is not None:
        top = parents[top]  # type: ignore[assignment]
        if top in seen:
            raise LineageError(f"project {top} is its own ancestor")
        seen.add(top)
    return [tree for tree in lineage_forest(parents) if tree.project_id == top]


def would_create_cycle(parents: Mapping[int, int | None], project: int, parent: int) -> bool:
    """Whether making ``parent`` the parent of ``project`` would make a project its own
    ancestor."""
    node: int | None = parent
    steps = 0
    while node is not None:
        if node == project:
            return True
        node = parents.get(node)
        steps += 1
        if steps > len(parents) + 1:
            return True
    return False


def count_by_generation(parents: Mapping[int, int | None]) -> dict[int, int]:
    """Number of projects in each generation, ``{1: n1, 2: n2, ...}`` in order."""
    counts = Counter(generations(parents).values())
    return dict(sorted(counts.items()))


def check_lineage(forest: list[LineageNode], parents: Mapping[int, int | None]) -> list[str]:
    """Problems with ``forest`` as a rendering of ``parents`` (empty when it is right): every
    project exactly once, children under their parent, generations counted from the roots."""
    problems = []
    seen: Counter[int] = Counter()

    def visit(node: LineageNode, parent: int | None, depth: int) -> None:
        seen[node.project_id] += 1
        if parents.get(node.project_id) != parent:
            problems.append(f"project {node.project_id} is placed under {parent}")
        if node.generation != depth:
            problems.append(f"project {node.project_id} has generation {node.generation}")
        for child in node.children:
            visit(child, node.project_id, depth + 1)

    for tree in forest:
        visit(tree, None, 1)
    for project in parents:
        if seen[project] != 1:
            problems.append(f"project {project} appears {seen[project]} times")
    return problems
