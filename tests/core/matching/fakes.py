"""A tiny stand-in for the taxonomy's compatibility rules, for engine unit tests only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FakeUse:
    offer_class: str
    need_class: str
    use: str
    transport: str
    max_distance_km: float
    avoided_kg_co2e_per_t: float | None
    basis: str
    quality_note: str = ""
    source: str = "test rule"


class FakeCompatibility:
    """Rules given as a list; a class always matches itself (road, 300 km, no figure)."""

    def __init__(self, rules: list[FakeUse]) -> None:
        self.rules = {(r.offer_class, r.need_class): r for r in rules}

    def uses_for(self, offer_class_id: str, need_class_id: str) -> FakeUse | None:
        rule = self.rules.get((offer_class_id, need_class_id))
        if rule is None and offer_class_id == need_class_id:
            basis = "MWh" if offer_class_id.startswith("energy.") else "t"
            transport = "pipe" if offer_class_id.startswith(("energy.", "water.")) else "road"
            limit = 10.0 if transport == "pipe" else 300.0
            rule = FakeUse(
                offer_class_id, need_class_id, "same material", transport, limit, None, basis
            )
            self.rules[(offer_class_id, need_class_id)] = rule
        return rule

    def needs_accepting(self, offer_class_id: str) -> tuple[str, ...]:
        found = {n for (o, n) in self.rules if o == offer_class_id}
        return tuple(sorted(found | {offer_class_id}))


RULES = [
    FakeUse("ewc.100102", "product.fly-ash", "cement additive", "road", 300.0, 600.0, "t"),
    FakeUse("ewc.100105", "product.gypsum", "plasterboard", "road", 300.0, 100.0, "t"),
    # A second, shorter rule into the same need class: partners with different limits.
    FakeUse("ewc.100102", "product.gypsum", "filler", "road", 60.0, None, "t"),
    FakeUse("product.sawdust", "product.solid-biofuel", "solid fuel", "road", 150.0, 300.0, "t"),
    FakeUse("energy.heat", "energy.heat", "district heat", "pipe", 5.0, 200.0, "MWh"),
]


def fake() -> FakeCompatibility:
    return FakeCompatibility(list(RULES))
