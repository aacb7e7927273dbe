"""The cluster graph as arrays: one row per edge, nodes by index.

Every analysis reads the same :class:`ClusterGraph`; it is built once from
:class:`~greencluster.core.network.edges.Edge` objects (:func:`build_graph`) or, for very
large networks, straight from arrays (:meth:`ClusterGraph.from_arrays`).

How strongly an edge ties two organisations together (its *strength*) is the kind's weight
times the edge's own ``weight`` (a match score, 1 by default). The kind weights are
GreenCluster defaults (docs/network.md), ordered by how much a relation commits the two:

============== ======
realised flow  1.0
agreement      0.8
potential flow 0.5
meeting        0.4
mini-cluster   0.3
NACE relation  0.1
============== ======
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

import igraph
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from greencluster.core.network.edges import Edge, EdgeKind
from greencluster.core.network.problem import Node

KINDS: tuple[EdgeKind, ...] = tuple(EdgeKind)
KIND_STRENGTH: Mapping[EdgeKind, float] = MappingProxyType(
    {
        EdgeKind.REALISED_FLOW: 1.0,
        EdgeKind.AGREEMENT: 0.8,
        EdgeKind.POTENTIAL_FLOW: 0.5,
        EdgeKind.MEETING: 0.4,
        EdgeKind.MINI_CLUSTER: 0.3,
        EdgeKind.NACE_IO: 0.1,
    }
)
FLOW_KINDS = frozenset({EdgeKind.POTENTIAL_FLOW, EdgeKind.REALISED_FLOW})

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
KindArray = npt.NDArray[np.int8]


def kind_code(kind: EdgeKind) -> int:
    return KINDS.index(kind)


_STRENGTH_BY_CODE = np.array([KIND_STRENGTH[k] for k in KINDS], dtype=np.float64)
_FLOW_CODES = np.array([k in FLOW_KINDS for k in KINDS], dtype=bool)


@dataclass(frozen=True, eq=False)
class ClusterGraph:
    """Nodes and edges as columns. ``class_code`` indexes ``classes`` (-1: none);
    ``label_code`` indexes ``labels`` (-1: none), e.g. the mini-cluster an edge stands for."""

    nodes: tuple[Node, ...]
    source: IntArray
    target: IntArray
    kind: KindArray
    weight: FloatArray
    tonnes: FloatArray
    mwh: FloatArray
    value_eur: FloatArray
    class_code: IntArray
    classes: tuple[str, ...]
    directed: BoolArray
    label_code: IntArray = field(default_factory=lambda: np.empty(0, np.int32))
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        m = len(self.source)
        for name in ("target", "kind", "weight", "tonnes", "mwh", "value_eur", "class_code"):
            if len(getattr(self, name)) != m:
                raise ValueError(f"column {name} has {len(getattr(self, name))} rows, not {m}")
        if len(self.label_code) != m:
            object.__setattr__(self, "label_code", np.full(m, -1, np.int32))

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return len(self.source)

    @cached_property
    def index(self) -> Mapping[str, int]:
        return MappingProxyType({node.id: i for i, node in enumerate(self.nodes)})

    @cached_property
    def strength(self) -> FloatArray:
        """How strongly each edge ties its two ends (kind weight x the edge's own weight)."""
        result: FloatArray = _STRENGTH_BY_CODE[self.kind] * np.clip(self.weight, 0.0, None)
        return result

    @cached_property
    def is_flow(self) -> BoolArray:
        result: BoolArray = _FLOW_CODES[self.kind]
        return result

    @cached_property
    def in_scope(self) -> BoolArray:
        return np.array([node.in_scope for node in self.nodes], dtype=bool)

    @cached_property
    def ties(self) -> sp.csr_matrix:
        """Symmetric n x n matrix of summed strengths between distinct nodes (no self
        loops); the undirected weighted graph communities and paths are found on."""
        keep = self.source != self.target
        s, t, w = self.source[keep], self.target[keep], self.strength[keep]
        matrix = sp.coo_matrix(
            (np.concatenate([w, w]), (np.concatenate([s, t]), np.concatenate([t, s]))),
            shape=(self.n, self.n),
        ).tocsr()
        matrix.sum_duplicates()
        matrix.eliminate_zeros()
        return matrix

    @cached_property
    def igraph(self) -> igraph.Graph:
        """:attr:`ties` as an undirected igraph graph (weights in ``weight``), built once."""
        return igraph_of(self.ties)

    def kind_mask(self, kinds: frozenset[EdgeKind] | set[EdgeKind]) -> BoolArray:
        codes = np.array([k in kinds for k in KINDS], dtype=bool)
        result: BoolArray = codes[self.kind]
        return result

    @classmethod
    def from_arrays(
        cls,
        nodes: Sequence[Node],
        source: npt.ArrayLike,
        target: npt.ArrayLike,
        kind: npt.ArrayLike,
        *,
        weight: npt.ArrayLike | None = None,
        tonnes: npt.ArrayLike | None = None,
        mwh: npt.ArrayLike | None = None,
        value_eur: npt.ArrayLike | None = None,
        class_code: npt.ArrayLike | None = None,
        classes: Sequence[str] = (),
        directed: npt.ArrayLike | None = None,
    ) -> ClusterGraph:
        """A graph from columns (``kind`` as codes into :data:`KINDS`); missing columns take
        the :class:`Edge` defaults."""
        src = np.asarray(source, dtype=np.int32)
        m = len(src)

        def column(values: npt.ArrayLike | None, default: float) -> FloatArray:
            return np.full(m, default) if values is None else np.asarray(values, np.float64)

        return cls(
            nodes=tuple(nodes),
            source=src,
            target=np.asarray(target, dtype=np.int32),
            kind=np.asarray(kind, dtype=np.int8),
            weight=column(weight, 1.0),
            tonnes=column(tonnes, 0.0),
            mwh=column(mwh, 0.0),
            value_eur=column(value_eur, 0.0),
            class_code=np.full(m, -1, np.int32)
            if class_code is None
            else np.asarray(class_code, np.int32),
            classes=tuple(classes),
            directed=np.ones(m, bool) if directed is None else np.asarray(directed, bool),
        )


def igraph_of(ties: sp.csr_matrix) -> igraph.Graph:
    """The undirected igraph graph of a symmetric tie matrix, with weights as ``weight``."""
    upper = sp.triu(ties, k=1).tocoo()
    graph = igraph.Graph(
        n=ties.shape[0], edges=np.column_stack([upper.row, upper.col]), directed=False
    )
    graph.es["weight"] = upper.data.tolist()
    return graph


def build_graph(nodes: Sequence[Node], edges: Sequence[Edge]) -> ClusterGraph:
    """The graph of ``nodes`` and ``edges``; a node id that only an edge names is added as an
    out-of-scope node. Duplicate node ids keep the first."""
    all_nodes: list[Node] = []
    index: dict[str, int] = {}
    for node in nodes:
        if node.id not in index:
            index[node.id] = len(all_nodes)
            all_nodes.append(node)

    def node_of(node_id: str) -> int:
        found = index.get(node_id)
        if found is None:
            found = index[node_id] = len(all_nodes)
            all_nodes.append(Node(node_id, in_scope=False))
        return found

    m = len(edges)
    src = np.empty(m, np.int32)
    dst = np.empty(m, np.int32)
    kind = np.empty(m, np.int8)
    numbers = np.empty((m, 4), np.float64)
    class_code = np.empty(m, np.int32)
    label_code = np.empty(m, np.int32)
    directed = np.empty(m, bool)
    classes: dict[str, int] = {}
    labels: dict[str, int] = {}
    codes = {k: i for i, k in enumerate(KINDS)}
    for j, edge in enumerate(edges):
        src[j] = node_of(edge.source)
        dst[j] = node_of(edge.target)
        kind[j] = codes[EdgeKind(edge.kind)]
        numbers[j] = (edge.weight, edge.tonnes, edge.mwh, edge.value_eur)
        class_code[j] = classes.setdefault(edge.class_code, len(classes)) if edge.class_code else -1
        label_code[j] = labels.setdefault(edge.label, len(labels)) if edge.label else -1
        directed[j] = edge.directed
    return ClusterGraph(
        nodes=tuple(all_nodes),
        source=src,
        target=dst,
        kind=kind,
        weight=numbers[:, 0].copy(),
        tonnes=numbers[:, 1].copy(),
        mwh=numbers[:, 2].copy(),
        value_eur=numbers[:, 3].copy(),
        class_code=class_code,
        classes=tuple(classes),
        directed=directed,
        label_code=label_code,
        labels=tuple(labels),
    )
