"""Which offers can feed which needs, how far, and the avoided emissions' provenance."""

from __future__ import annotations

import pytest

from greencluster.core.taxonomy import all_classes, needs_accepting, uses_for
from greencluster.core.taxonomy.compatibility import BASES, TRANSPORTS, avoided_from_reference


@pytest.mark.parametrize(
    ("offer", "need"),
    [
        ("product.fly-ash", "product.cement-raw-material"),
        ("ewc.100102", "product.cement-raw-material"),
        ("ewc.100105", "product.gypsum"),
        ("ewc.100105", "product.cement-raw-material"),
        ("ewc.170802", "product.gypsum"),
        ("ewc.030105", "product.solid-biofuel"),
        ("ewc.030101", "product.wood-chips"),
        ("ewc.030301", "product.solid-biofuel"),
        ("product.sawdust", "product.solid-biofuel"),
        ("product.bark", "product.solid-biofuel"),
        ("product.recycled-wood", "product.wood-chips"),
        ("ewc.170201", "product.solid-biofuel"),
        ("ewc.191207", "product.solid-biofuel"),
        ("ewc.200138", "product.solid-biofuel"),
        ("ewc.030105", "product.board-raw-material"),
        ("energy.heat", "energy.heat"),
        ("energy.steam", "energy.heat"),
        ("energy.steam", "energy.steam"),
        ("ewc.190805", "product.fertiliser"),
        ("ewc.190805", "product.biogas"),
        ("ewc.030311", "product.biogas"),
        ("product.spent-grain", "product.animal-feed"),
        ("product.yeast", "product.biogas"),
        ("ewc.020704", "product.animal-feed"),
        ("product.slag", "product.aggregate"),
        ("ewc.100202", "product.aggregate"),
        ("gas.co2", "gas.co2"),
        ("ewc.170101", "product.aggregate"),
    ],
)
def test_routes_the_issue_names(offer: str, need: str) -> None:
    use = uses_for(offer, need)
    assert use is not None, (offer, need)
    assert use.transport in TRANSPORTS and use.basis in BASES
    assert use.source and use.use and use.max_distance_km > 0


@pytest.mark.parametrize(
    ("offer", "need"),
    [
        ("gas.co2", "product.animal-feed"),
        ("energy.heat", "product.solid-biofuel"),
        ("product.fly-ash", "product.animal-feed"),
        ("ewc.190805", "product.animal-feed"),
        ("water.wastewater", "energy.steam"),
    ],
)
def test_senseless_routes_do_not_exist(offer: str, need: str) -> None:
    assert uses_for(offer, need) is None


def test_every_class_matches_itself() -> None:
    for cls in all_classes():
        assert uses_for(cls.id, cls.id) is not None, cls.id


def test_product_and_its_ewc_entry_are_the_same_material() -> None:
    assert uses_for("ewc.030105", "product.sawdust") is not None
    assert uses_for("product.fly-ash", "ewc.100103") is not None


def test_pipes_are_short_and_bulk_travels_far() -> None:
    for carrier in ("energy.heat", "energy.steam", "water.cooling", "water.process"):
        use = uses_for(carrier, carrier)
        assert use is not None and use.transport == "pipe" and use.max_distance_km <= 10
    bulk = uses_for("product.slag", "product.aggregate")
    assert bulk is not None and bulk.transport == "road" and bulk.max_distance_km >= 50


def test_avoided_emissions_are_computed_from_the_shipped_factors() -> None:
    # DESNZ 2025 material use, aggregates: primary 7.79306, closed-loop 3.21835 kg CO2e/t.
    assert avoided_from_reference("material:Aggregates") == pytest.approx(
        7.79306 - 3.21835, abs=1e-3
    )
    # IPCC 2006: wood 15.6 GJ/t displacing peat at 28.9 kg C/GJ.
    assert avoided_from_reference("fuel:peat:isw_wood") == pytest.approx(
        15.6 * 28.9 * 44 / 12, abs=1e-3
    )
    # Natural gas 15.3 kg C/GJ per MWh of heat (3.6 GJ).
    assert avoided_from_reference("heat:natural_gas") == pytest.approx(
        15.3 * 44 / 12 * 3.6, abs=1e-3
    )
    heat = uses_for("energy.heat", "energy.heat")
    assert heat is not None and heat.basis == "MWh"
    assert heat.avoided_kg_co2e_per_t == pytest.approx(201.96)
    with pytest.raises(ValueError, match="unknown avoided-emission reference"):
        avoided_from_reference("guess:42")


def test_no_figure_where_no_source_has_one() -> None:
    use = uses_for("product.fly-ash", "product.cement-raw-material")
    assert use is not None and use.avoided_kg_co2e_per_t is None
    same = uses_for("ewc.170504", "ewc.170504")
    assert same is not None and same.avoided_kg_co2e_per_t is None


@pytest.mark.parametrize(
    "offer",
    ["ewc.030105", "product.fly-ash", "energy.steam", "ewc.190805", "ewc.100105", "gas.co2",
     "product.spent-grain", "ewc.1001", "energy", "ewc.200301"],
)  # fmt: skip
def test_needs_accepting_is_exactly_what_uses_for_allows(offer: str) -> None:
    needs = set(needs_accepting(offer))
    assert offer in needs
    for cls in all_classes():
        assert (uses_for(offer, cls.id) is not None) == (cls.id in needs), cls.id


def test_unknown_classes_are_key_errors() -> None:
    with pytest.raises(KeyError):
        uses_for("product.unobtainium", "product.gypsum")
    with pytest.raises(KeyError):
        needs_accepting("ewc.999999")


def test_a_need_for_a_whole_group_accepts_its_members() -> None:
    ash = uses_for("ewc.100103", "ewc.1001")  # "we need ash" accepts biomass fly ash
    assert ash is not None and ash.use.startswith("same material")
    assert uses_for("product.fly-ash", "ewc.1001") is not None
    steam = uses_for("energy.steam", "energy")
    assert steam is not None and steam.transport == "pipe"
    assert uses_for("ewc.1001", "product.fly-ash") is None  # unspecified ash is not fly ash
    assert uses_for("product.wood-chips", "product") is None  # "any product" means nothing
