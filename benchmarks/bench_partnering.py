"""Partner suggestions for a partnering day: do they find the people who want each other, and
how long does a participant's suggestions page take?

Workload: synthetic partnering days (seeded) of 300 and 1,000 participants. Each offers one
and seeks another of 24 topics (side streams, services, know-how), each topic written in one of
three Finnish forms as members write them: the base word, a partitive and a genitive phrase
("koivuhake", "koivuhaketta", "koivuhakkeen toimitus"). A pair is a *true match* when each
offers a topic the other seeks. Only the text is used (no resource classes, no cooperation
types), so that the text similarity alone is measured.

Measured over up to 200 participants (seeded sample) with a true match: whether a true
match is among their top 5 suggestions (hit@5); and the time to suggest partners for one
participant, which is what the participants page computes.

Baseline: exact word overlap as a plain search would do it (Jaccard similarity of the word
sets of one's needs and the other's offers), made reciprocal in the same way (harmonic mean).
"""

from __future__ import annotations

import random
import time

from benchmarks.harness import measure_in_process
from greencluster.core.partnering import PartnerProfile, suggest_partners
from greencluster.core.partnering.suggest import reciprocal
from greencluster.core.partnering.text import fold

SEED = 20261126
SIZES = (300, 1000)
TOP = 5
SAMPLE = 200
PER_SIDE = 1
TOPICS = [
    ("koivuhake", "koivuhaketta", "koivuhakkeen toimitus"),
    ("puutuhka", "puutuhkaa", "puutuhkan hyötykäyttö"),
    ("sahanpuru", "sahanpurua", "sahanpurun myynti"),
    ("kattilahuolto", "kattilahuoltoa", "kattilahuollon palvelut"),
    ("biohiili", "biohiiltä", "biohiilen valmistus"),
    ("hukkalämpö", "hukkalämpöä", "hukkalämmön hyödyntäminen"),
    ("kierrätysmuovi", "kierrätysmuovia", "kierrätysmuovin käsittely"),
    ("jätevesiliete", "jätevesilietettä", "jätevesilietteen kuivaus"),
    ("betonimurske", "betonimursketta", "betonimurskeen käyttö"),
    ("metalliromu", "metalliromua", "metalliromun keräys"),
    ("kuljetuspalvelu", "kuljetuspalvelua", "kuljetuspalvelun tarjous"),
    ("energiakatselmus", "energiakatselmusta", "energiakatselmuksen teko"),
    ("puupelletti", "puupellettiä", "puupelletin tuotanto"),
    ("lantabiokaasu", "lantabiokaasua", "lantabiokaasun jalostus"),
    ("kalanperkuujäte", "kalanperkuujätettä", "kalanperkuujätteen käsittely"),
    ("kipsisivutuote", "kipsisivutuotetta", "kipsisivutuotteen hyödyntäminen"),
    ("lasimurske", "lasimursketta", "lasimurskeen jalostus"),
    ("automaatiosuunnittelu", "automaatiosuunnittelua", "automaatiosuunnittelun palvelut"),
    ("hiilidioksidi", "hiilidioksidia", "hiilidioksidin talteenotto"),
    ("höyryntuotanto", "höyryntuotantoa", "höyryntuotannon ylijäämä"),
    ("koulutuspalvelu", "koulutuspalvelua", "koulutuspalvelun tuottaja"),
    ("rahoitusneuvonta", "rahoitusneuvontaa", "rahoitusneuvonnan asiantuntija"),
    ("pakkausjäte", "pakkausjätettä", "pakkausjätteen kierrätys"),
    ("tekstiilijäte", "tekstiilijätettä", "tekstiilijätteen lajittelu"),
]


def _day(n: int, seed: int) -> tuple[list[PartnerProfile], dict[str, set[str]]]:
    rng = random.Random(seed)
    picks = []
    profiles = []
    for i in range(n):
        offers = rng.sample(range(len(TOPICS)), PER_SIDE)
        seeks = rng.sample([t for t in range(len(TOPICS)) if t not in offers], PER_SIDE)
        picks.append((set(offers), set(seeks)))
        profiles.append(
            PartnerProfile(
                participant=f"p{i}",
                organisation=f"o{i}",
                offers="\n".join(rng.choice(TOPICS[t]) for t in offers),
                seeks="\n".join(rng.choice(TOPICS[t]) for t in seeks),
            )
        )
    truth: dict[str, set[str]] = {}
    for i, (offers_i, seeks_i) in enumerate(picks):
        for j, (offers_j, seeks_j) in enumerate(picks):
            if i != j and offers_j & seeks_i and offers_i & seeks_j:
                truth.setdefault(f"p{i}", set()).add(f"p{j}")
    return profiles, truth


def _words(text: str) -> set[str]:
    return {w for w in fold(text).replace("\n", " ").split() if w}


def _baseline(profiles: list[PartnerProfile], me: str) -> list[str]:
    seeks = {p.participant: _words(p.seeks) for p in profiles}
    offers = {p.participant: _words(p.offers) for p in profiles}

    def jaccard(a: set[str], b: set[str]) -> float:
        return len(a & b) / len(a | b) if a | b else 0.0

    scored = []
    for p in profiles:
        if p.participant == me:
            continue
        score = reciprocal(
            jaccard(seeks[me], offers[p.participant]), jaccard(seeks[p.participant], offers[me])
        )
        if score > 0:
            scored.append((-score, p.participant))
    return [pid for _, pid in sorted(scored)[:TOP]]


def _hit_rate(found: dict[str, list[str]], truth: dict[str, set[str]]) -> float:
    hits = sum(1 for pid, partners in truth.items() if set(found.get(pid, [])) & partners)
    return hits / len(truth)


def evaluate(n: int) -> dict[str, float]:
    profiles, truth = _day(n, SEED + n)
    sample = sorted(random.Random(SEED).sample(sorted(truth), min(SAMPLE, len(truth))))
    start = time.perf_counter()
    ours = suggest_partners(profiles, participants=sample, limit=TOP, min_score=0.0)
    ours_seconds = time.perf_counter() - start
    start = time.perf_counter()
    base = {pid: _baseline(profiles, pid) for pid in sample}
    base_seconds = time.perf_counter() - start
    start = time.perf_counter()
    suggest_partners(profiles, participants=[sample[0]], limit=TOP, min_score=0.0)
    one_seconds = time.perf_counter() - start
    checked = {pid: truth[pid] for pid in sample}
    return {
        "with_match": len(truth),
        "ours_hit": _hit_rate({k: [s.partner for s in v] for k, v in ours.items()}, checked),
        "base_hit": _hit_rate(base, checked),
        "one_ms": one_seconds * 1000,
        "ours_s": ours_seconds,
        "base_s": base_seconds,
    }


def run() -> str:
    lines = [
        "## Partnering: reciprocal partner suggestions",
        "",
        (__doc__ or "").strip(),
        "",
        "| participants | with a true match | hit@5 ours | hit@5 baseline | one page (ms) "
        "| sample ours (s) | sample baseline (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in SIZES:
        r = measure_in_process(evaluate, n).value
        lines.append(
            f"| {n:,} | {r['with_match']:,} | {r['ours_hit']:.1%} | {r['base_hit']:.1%} "
            f"| {r['one_ms']:.0f} | {r['ours_s']:.1f} | {r['base_s']:.1f} |"
        )
    lines += [
        "",
        "Reproduce: `python -m benchmarks.run partnering`.",
        "",
    ]
    return "\n".join(lines)
