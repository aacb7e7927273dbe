"""Suggested partners for a partnering day: reciprocal, so both sides should want the meeting.

How much participant *a* wants to meet *b* (``interest(a, b)`` in [0, 1]) combines

* text: the TF-IDF cosine similarity of what *a* seeks with what *b* offers
  (:mod:`.text`), weight ``TEXT_WEIGHT``;
* resources: 1 when a resource class *b* offers can serve a class *a* seeks by the
  compatibility rules of the side-stream matching (:mod:`greencluster.core.taxonomy`,
  through :class:`greencluster.core.matching.TaxonomyCompatibility`), weight
  ``RESOURCE_WEIGHT``;
* cooperation: 1 when they name a common cooperation type (:mod:`.cooperation`), weight
  ``COOPERATION_WEIGHT``.

The pair's score is the harmonic mean of ``interest(a, b)`` and ``interest(b, a)``: high only
when both sides want it, zero when either does not at all (the usual way to make a
recommendation reciprocal). Pairs of the same organisation and excluded pairs ("met before",
"no thanks", already requested) are never suggested.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from greencluster.core.matching.problem import Compatibility, TaxonomyCompatibility
from greencluster.core.partnering.text import pair_similarity
from greencluster.core.taxonomy import LOW_CONFIDENCE, classify

TEXT_WEIGHT = 0.5
RESOURCE_WEIGHT = 0.35
COOPERATION_WEIGHT = 0.15
MIN_SCORE = 0.05


@dataclass(frozen=True, slots=True)
class PartnerProfile:
    """What a participant offers and seeks. ``offer_classes``/``seek_classes`` are resource
    class ids (see :func:`resource_classes`); ``cooperation`` are cooperation-type codes."""

    participant: str
    organisation: str
    offers: str = ""
    seeks: str = ""
    cooperation: frozenset[str] = field(default_factory=frozenset)
    offer_classes: frozenset[str] = field(default_factory=frozenset)
    seek_classes: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Interest:
    value: float
    text: float
    resources: tuple[tuple[str, str], ...]  # (offered class, sought class) pairs that fit
    cooperation: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartnerSuggestion:
    """``partner`` suggested to ``participant``: ``score`` is the reciprocal score, ``wants``
    how well the partner meets the participant's needs and ``wanted`` the other way round."""

    participant: str
    partner: str
    score: float
    wants: Interest
    wanted: Interest


def resource_classes(text: str, *, language: str | None = None) -> frozenset[str]:
    """Resource classes named in ``text``, one line or sentence at a time, kept when the
    classifier is confident (at least ``LOW_CONFIDENCE``)."""
    found = set()
    for part in _parts(text):
        best = classify(part, lang=language).best
        if best is not None and best.confidence >= LOW_CONFIDENCE:
            found.add(best.class_id)
    return frozenset(found)


def _parts(text: str) -> list[str]:
    parts = []
    for line in text.replace(";", "\n").splitlines():
        line = line.strip(" -•*\t")
        if len(line) >= 3:
            parts.append(line)
    return parts


def _fitting(
    offered: Iterable[str], sought: Iterable[str], compatibility: Compatibility
) -> tuple[tuple[str, str], ...]:
    return tuple(
        (o, s)
        for o in sorted(offered)
        for s in sorted(sought)
        if compatibility.uses_for(o, s) is not None
    )


def _interest(
    seeker: PartnerProfile, provider: PartnerProfile, text: float, compatibility: Compatibility
) -> Interest:
    fits = _fitting(provider.offer_classes, seeker.seek_classes, compatibility)
    common = tuple(sorted(seeker.cooperation & provider.cooperation))
    value = (
        TEXT_WEIGHT * text
        + RESOURCE_WEIGHT * (1.0 if fits else 0.0)
        + COOPERATION_WEIGHT * (1.0 if common else 0.0)
    )
    return Interest(round(value, 4), round(text, 4), fits, common)


def reciprocal(x: float, y: float) -> float:
    """Harmonic mean: 0 when either side is 0."""
    return 0.0 if x <= 0 or y <= 0 else 2 * x * y / (x + y)


def suggest_partners(
    profiles: Sequence[PartnerProfile],
    *,
    participants: Collection[str] | None = None,
    exclude: Collection[frozenset[str]] = (),
    limit: int = 10,
    min_score: float = MIN_SCORE,
    compatibility: Compatibility | None = None,
) -> dict[str, list[PartnerSuggestion]]:
    """The best ``limit`` partners of each participant (of ``participants`` when given), best
    first (ties by partner id). ``exclude`` holds pairs ``frozenset({a, b})`` never to suggest."""
    compatibility = compatibility or TaxonomyCompatibility()
    chosen = set(participants) if participants is not None else None
    indexes = [i for i, p in enumerate(profiles) if chosen is None or p.participant in chosen]
    # wants[k, j]: how well j's offers meet the k-th chosen participant's needs;
    # wanted[k, j]: how well the k-th chosen participant's offers meet j's needs.
    wants_text, wanted_text = pair_similarity(
        [p.seeks for p in profiles], [p.offers for p in profiles], indexes
    )
    result: dict[str, list[PartnerSuggestion]] = {}
    for k, i in enumerate(indexes):
        a = profiles[i]
        found = []
        for j, b in enumerate(profiles):
            if (
                i == j
                or a.organisation == b.organisation
                or frozenset({a.participant, b.participant}) in exclude
            ):
                continue
            wants = _interest(a, b, float(wants_text[k, j]), compatibility)
            wanted = _interest(b, a, float(wanted_text[k, j]), compatibility)
            score = reciprocal(wants.value, wanted.value)
            if score >= min_score:
                found.append(PartnerSuggestion(a.participant, b.participant, score, wants, wanted))
        found.sort(key=lambda s: (-s.score, s.partner))
        result[a.participant] = found[:limit]
    return result
