"""A hand-made reference network: a pulp mill (the obvious locomotive) with the sawmills that
feed it and the firms that take its ash and sludge, and a separate metal-recycling chain; one
partnering meeting links the two. Coordinates are around Tampere and Pori (Finland)."""

from __future__ import annotations

from greencluster.core.network import Edge, EdgeKind
from greencluster.core.network.problem import Node

BIO = ("mill", "saw1", "saw2", "saw3", "cement", "farm", "biogas")
METAL = ("scrap1", "scrap2", "scrap3", "smelter", "roads")


def nodes() -> list[Node]:
    def node(id_: str, nace: str, lat: float, lon: float) -> Node:
        return Node(id_, name=id_.title(), nace_codes=(nace,), lat=lat, lon=lon, region="Pirkanmaa")

    return [
        node("mill", "17.11", 61.50, 23.76),
        node("saw1", "16.10", 61.60, 23.60),
        node("saw2", "16.10", 61.40, 23.90),
        node("saw3", "16.10", 61.70, 24.00),
        node("cement", "23.51", 61.45, 23.50),
        node("farm", "01.11", 61.55, 23.95),
        node("biogas", "35.21", 61.48, 23.70),
        node("scrap1", "38.32", 61.48, 21.80),
        node("scrap2", "38.32", 61.50, 21.70),
        node("scrap3", "38.32", 61.45, 21.75),
        node("smelter", "24.10", 61.49, 21.79),
        node("roads", "42.11", 61.47, 21.85),
    ]


def edges() -> list[Edge]:
    flow = EdgeKind.REALISED_FLOW
    return [
        Edge("saw1", "mill", flow, tonnes=20_000, class_code="product.wood-chips"),
        Edge("saw2", "mill", flow, tonnes=15_000, class_code="product.wood-chips"),
        Edge("saw3", "mill", flow, tonnes=12_000, class_code="product.wood-chips"),
        Edge("mill", "cement", flow, tonnes=3_000, class_code="product.fly-ash"),
        Edge("mill", "farm", flow, tonnes=1_000, class_code="ewc.100101"),
        Edge("mill", "biogas", flow, tonnes=4_000, class_code="ewc.030311"),
        Edge("saw1", "saw2", EdgeKind.MEETING, directed=False),
        Edge("scrap1", "smelter", flow, tonnes=2_000, class_code="product.scrap-metal"),
        Edge("scrap2", "smelter", flow, tonnes=1_500, class_code="product.scrap-metal"),
        Edge("scrap3", "smelter", flow, tonnes=1_200, class_code="product.scrap-metal"),
        Edge("smelter", "roads", flow, tonnes=900, class_code="product.slag"),
        Edge("scrap1", "scrap2", EdgeKind.MINI_CLUSTER, directed=False, label="Metals"),
        Edge("mill", "smelter", EdgeKind.MEETING, directed=False),
    ]
