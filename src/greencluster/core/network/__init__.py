"""The cluster graph: locomotive companies, value networks, gaps and shared logistics."""

from greencluster.core.network.edges import Edge, EdgeKind

__all__ = ["Edge", "EdgeKind"]
