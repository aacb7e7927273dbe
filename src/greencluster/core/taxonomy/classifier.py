"""Classify free-text side-stream descriptions (six languages) into resource classes.

problem: a text such as "kuivaa koivuhaketta n. 500 i-m3 vuodessa" or "10 01 05*";
model:   the thesaurus compiled into an index of folded patterns (:mod:`.matcher`) and an
         index over the official EWC labels (:mod:`.labels`);
solve:   find every term in the text (inside compounds too), add up the weights per class,
         let origin words refine, add official-label evidence;
result:  :class:`Classification` with ranked :class:`Suggestion` s and a calibrated confidence.

An EWC code typed by the user wins outright. The confidence of the best suggestion is a
logistic function of its score and its lead over the runner-up, fitted on the development
part of the evaluation set and the official labels (see :data:`CALIBRATION`); an answer from
official labels alone is capped by its match. ``low_confidence`` is set below
:data:`LOW_CONFIDENCE`, where the web form asks the user to pick.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from greencluster.core.taxonomy.classes import (
    ResourceClass,
    ancestors,
    equivalents,
    get_class,
    has_class,
)
from greencluster.core.taxonomy.ewc import find_ewc_codes, parse_ewc
from greencluster.core.taxonomy.labels import label_matches
from greencluster.core.taxonomy.language import detect_language
from greencluster.core.taxonomy.matcher import Hit, find_hits
from greencluster.core.taxonomy.normalise import normalised

# Logistic calibration of the best suggestion's confidence, weights of :func:`features`.
# Fitted on the "dev" split of data/taxonomy/evaluation.csv and the official labels
# (`python -m greencluster.core.taxonomy.calibration`); the held-out split only reports.
CALIBRATION = (2.473, 0.601, -3.082, -0.332)
LOW_CONFIDENCE = 0.5
CODE_CONFIDENCE = 0.99  # an EWC code typed inside a longer text
LABEL_WEIGHT = 4.5  # an official label matched almost word for word outweighs one term
LABEL_MIN_RECALL = 0.75  # most of the label's informative words must be in the text
LABEL_MIN_F1 = 0.6
LABEL_TIE = 0.02
LABEL_MIN_WORDS = 3  # one- or two-word labels ("Wood", "Glass") are the thesaurus's job

_KIND_ORDER = {"product": 0, "carrier": 1, "waste": 2, "sub-chapter": 3, "chapter": 4}


@dataclass(frozen=True, slots=True)
class Suggestion:
    class_id: str
    ewc: str | None
    label: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Classification:
    text: str
    suggestions: tuple[Suggestion, ...]
    low_confidence: bool
    language: str | None

    @property
    def best(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None


def _with_labels(scores: dict[str, float], folded: str) -> dict[str, float]:
    """Add official-label evidence; fall back to it (capped confidence) when nothing else."""
    if not scores:
        return {m.class_id: LABEL_WEIGHT * m.f1 for m in label_matches(folded) if m.f1 > 0}
    matches = label_matches(folded, minimum_words=LABEL_MIN_WORDS)
    merged = dict(scores)
    strong = [
        m
        for m in matches
        if m.f1 >= LABEL_MIN_F1 and m.recall >= LABEL_MIN_RECALL and m.words >= LABEL_MIN_WORDS
    ]
    for match in strong:
        # The same wording ("sludges from on-site effluent treatment") recurs in many
        # sub-chapters; evidence shared by several classes is split between them.
        twins = sum(1 for m in matches if m.f1 >= match.f1 - LABEL_TIE)
        merged[match.class_id] = merged.get(match.class_id, 0.0) + LABEL_WEIGHT * match.f1 / twins
    return merged


def _scores(text: str, lang: str | None) -> tuple[dict[str, float], list[Hit]]:
    hits = find_hits(text, lang)
    named: dict[str, float] = defaultdict(float)
    context: dict[str, float] = defaultdict(float)
    counted: set[tuple[str, str]] = set()
    weak_only = True
    for hit in hits:
        key = (hit.entry.term.class_id, hit.entry.pattern)
        if key in counted:
            continue
        counted.add(key)
        role = hit.entry.term.role
        target = context if role == "context" else named
        target[hit.entry.term.class_id] += hit.weight
        weak_only = weak_only and role != "term"
    generic = max(named.values(), default=0.0) if weak_only else 0.0
    refined = False
    for class_id, extra in context.items():
        own = _refinable(class_id, named)
        if own or generic:
            named[class_id] = (own or generic) + extra
            refined = refined or not own
    if refined:
        # "sludge from the dairy": the generic words were read as the refined class; the
        # generic reading ("sludge" = industrial sludge) is no rival to it.
        named = {c: v for c, v in named.items() if c in context}
    return dict(named), hits


def _refinable(class_id: str, named: dict[str, float]) -> float:
    """Score of what a context word may refine into ``class_id``.

    Context refines the class itself, a named product into one of its EWC entries
    ("Flugasche" + "Biomassekessel" -> fly ash from peat and untreated wood) or a named group
    into a member ("ash" + "biomass boiler"). When only generic words name anything ("sludge
    from the dairy"), the caller lets context refine those as well.
    """
    related_ids = (class_id, *equivalents(class_id), *ancestors(class_id)[1:])
    return max((named.get(other, 0.0) for other in related_ids), default=0.0)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def features(found: Evidence) -> tuple[float, float, float, float]:
    """What the confidence is a logistic function of: lead, score, 1, label-only flag."""
    return (found.lead, found.score, 1.0, 1.0 if found.fallback else 0.0)


def calibrated_confidence(found: Evidence) -> float:
    return _sigmoid(sum(w * x for w, x in zip(CALIBRATION, features(found), strict=True)))


def _suggestion(cls: ResourceClass, confidence: float, lang: str | None) -> Suggestion:
    return Suggestion(cls.id, cls.ewc, cls.label(lang or "en"), round(confidence, 4))


def _rank(scores: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(
        scores.items(), key=lambda kv: (-kv[1], _KIND_ORDER[get_class(kv[0]).kind], kv[0])
    )


def related(a: str, b: str) -> bool:
    """Do two classes name the same material (equivalents, or one contains the other)?"""
    return b in equivalents(a) or a in equivalents(b) or a in ancestors(b) or b in ancestors(a)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the confidence is computed from: the best class, its score and lead."""

    best: str | None
    score: float
    lead: float  # over the best class that is not the same material
    fallback: bool  # only official labels matched


def _evidence(ranked: list[tuple[str, float]], fallback: bool) -> Evidence:
    if not ranked:
        return Evidence(None, 0.0, 0.0, fallback)
    best_id, best = ranked[0]
    rival = next((score for cid, score in ranked[1:] if not related(best_id, cid)), 0.0)
    return Evidence(best_id, best, best - rival, fallback)


def _suggestions(
    ranked: list[tuple[str, float]], evidence: Evidence, top: int, lang: str | None
) -> list[Suggestion]:
    if evidence.best is None:
        return []
    first = calibrated_confidence(evidence)
    if evidence.fallback:
        # Only official wording matched: never surer than the match itself (its F1, squared),
        # so a description that shares one rare word with a label stays a question.
        first = min(first, (evidence.score / LABEL_WEIGHT) ** 2)
    shown = ranked[:top]
    rest_mass = sum(score for _, score in shown[1:])
    result = [_suggestion(get_class(evidence.best), first, lang)]
    for class_id, score in shown[1:]:
        # The runners-up share what the best leaves, never more than the best itself.
        share = min(first, (1.0 - first) * score / rest_mass)
        result.append(_suggestion(get_class(class_id), share, lang))
    return result


def _coded(text: str, lang: str | None) -> Classification | None:
    code = parse_ewc(text)
    confidence = 1.0
    if code is None:
        codes = [c for c in find_ewc_codes(text) if has_class(f"ewc.{c}")]
        if not codes:
            return None
        code, confidence = codes[0], CODE_CONFIDENCE
    if not has_class(f"ewc.{code}"):
        return None
    cls = get_class(f"ewc.{code}")
    return Classification(text, (_suggestion(cls, confidence, lang),), False, lang)


def _ranked(text: str, lang: str | None) -> tuple[list[tuple[str, float]], bool, str | None]:
    folded = normalised(text)
    scores, hits = _scores(folded, lang)
    language = lang or detect_language(text, [h.entry.term.lang for h in hits], folded=folded)
    fallback = not scores
    return _rank(_with_labels(scores, folded)), fallback, language


def evidence(text: str, *, lang: str | None = None) -> Evidence:
    """The raw evidence behind a classification (for calibration and diagnostics)."""
    ranked, fallback, _ = _ranked(text, lang)
    return _evidence(ranked, fallback)


def classify(text: str, *, lang: str | None = None, top: int = 5) -> Classification:
    """Rank the classes a description most likely means; see the module docstring."""
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    coded = _coded(text, lang)
    if coded is not None:
        return coded
    ranked, fallback, language = _ranked(text, lang)
    suggestions = _suggestions(ranked, _evidence(ranked, fallback), top, language)
    low = not suggestions or suggestions[0].confidence < LOW_CONFIDENCE
    return Classification(text, tuple(suggestions), low, language)


@lru_cache(maxsize=32_768)
def _classify_cached(text: str, lang: str | None, top: int) -> Classification:
    return classify(text, lang=lang, top=top)


def classify_many(
    texts: Sequence[str], *, lang: str | None = None, top: int = 5
) -> list[Classification]:
    """Classify many descriptions; repeated texts are classified once (registers repeat a lot)."""
    return [_classify_cached(text, lang, top) for text in texts]
