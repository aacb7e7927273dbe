"""Good-practice search across languages and practice-file reading.

Workload A (search): 2,000 synthetic practices (seeded) recorded in English with a domain, one
to three wood types, a scale and a sustainability potential; 1,200 queries of the form
``<field label in language X>: <term in language Y>`` over all 36 language pairs. The right
answer of a query is every practice holding that term.

Baseline A: a plain keyword search as most sites have it, given the term alone (the words
after the colon): every word must occur in the record's (English) text, case-insensitively.

Workload B (reading): a 20,000-row practice file (10,000 practices, each an English and a
Finnish row) with Finnish column names and vocabulary values in mixed languages, read and
validated all or nothing.

Baseline B: the generic table reader (``greencluster.core.tables.parse_records``) on the same
rows with English column names and every cell read as plain text: no language handling, no
vocabulary check, no merging of language versions.
"""

from __future__ import annotations

import csv
import io
import random
import time

from benchmarks.harness import measure_in_process
from greencluster.core.knowledge.query import parse_query
from greencluster.core.knowledge.records import read_practices
from greencluster.core.knowledge.vocabulary import FIELDS_BY_NAME, LANGUAGES, fold
from greencluster.core.tables import Field, parse_records, read_table, text

SEED = 20261126
VOCAB_FIELDS = ("domain", "wood_types", "scale", "sustainability_potential")


def _practices(n: int, rng: random.Random) -> list[dict[str, object]]:
    out = []
    for i in range(n):
        record: dict[str, object] = {"id": i}
        for name in VOCAB_FIELDS:
            vocabulary = FIELDS_BY_NAME[name].vocabulary
            assert vocabulary is not None
            codes = [t.code for t in vocabulary.terms]
            count = rng.randint(1, 3) if name == "wood_types" else 1
            record[name] = set(rng.sample(codes, count))
        english = " ".join(
            FIELDS_BY_NAME[name].vocabulary.get(code).label("en")  # type: ignore[union-attr]
            for name in VOCAB_FIELDS
            for code in sorted(record[name])  # type: ignore[call-overload]
        )
        record["text"] = fold(f"Practice {i} about {english}")
        out.append(record)
    return out


def _queries(n: int, rng: random.Random) -> list[tuple[str, str, str]]:
    queries = []
    for _ in range(n):
        name = rng.choice(VOCAB_FIELDS)
        spec = FIELDS_BY_NAME[name]
        assert spec.vocabulary is not None
        term = rng.choice(spec.vocabulary.terms)
        label_lang, value_lang = rng.choice(LANGUAGES), rng.choice(LANGUAGES)
        queries.append((f"{spec.label(label_lang)}: {term.label(value_lang)}", name, term.code))
    return queries


def _ours(query: str, practices: list[dict[str, object]]) -> set[int]:
    parsed = parse_query(query)
    hits = set()
    for p in practices:
        ok = all(set(f.codes) & p[f.field] for f in parsed.filters)  # type: ignore[operator]
        ok = ok and all(w in p["text"] for w in parsed.words)  # type: ignore[operator]
        if ok:
            hits.add(p["id"])
    return hits  # type: ignore[return-value]


def _baseline(query: str, practices: list[dict[str, object]]) -> set[int]:
    words = fold(query.split(":", 1)[1]).split()  # the user types the term only
    return {p["id"] for p in practices if all(w in p["text"] for w in words)}  # type: ignore[misc, operator]


def _score(search: object, practices: list[dict[str, object]], queries: list) -> dict[str, float]:
    tp = fp = fn = 0
    start = time.perf_counter()
    for query, name, code in queries:
        truth = {p["id"] for p in practices if code in p[name]}  # type: ignore[operator]
        found = search(query, practices)  # type: ignore[operator]
        tp += len(found & truth)
        fp += len(found - truth)
        fn += len(truth - found)
    seconds = time.perf_counter() - start
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "ms_per_query": 1000 * seconds / len(queries),
    }


def search_section() -> str:
    rng = random.Random(SEED)
    practices = _practices(2000, rng)
    queries = _queries(1200, rng)
    ours = _score(_ours, practices, queries)
    base = _score(_baseline, practices, queries)
    same = [q for q in queries if q[0].split(":")[0] == FIELDS_BY_NAME[q[1]].label("en")]
    return "\n".join(
        [
            "### A. Search by field label and term in any language",
            "",
            "| | precision | recall | ms per query (2,000 practices, in memory) |",
            "| --- | --- | --- | --- |",
            f"| GreenCluster query (`parse_query`) | {ours['precision']:.3f} | "
            f"{ours['recall']:.3f} | {ours['ms_per_query']:.2f} |",
            f"| Baseline keyword search | {base['precision']:.3f} | {base['recall']:.3f} | "
            f"{base['ms_per_query']:.2f} |",
            "",
            f"{len(queries)} queries ({len(same)} with the English field label). The baseline "
            "finds a term only when it is written in English or in a language that spells it the "
            "same way (e.g. *Regional*).",
        ]
    )


def _file(rows: int, headers: list[str], rng: random.Random) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    wood = FIELDS_BY_NAME["wood_types"].vocabulary
    scale = FIELDS_BY_NAME["scale"].vocabulary
    assert wood is not None and scale is not None
    for i in range(rows // 2):
        woods = "; ".join(t.label(rng.choice(LANGUAGES)) for t in rng.sample(wood.terms, 2))
        scale_term = rng.choice(scale.terms).label(rng.choice(LANGUAGES))
        writer.writerow([f"GP-{i}", "en", f"Practice {i}", woods, scale_term, "2010", "2015"])
        writer.writerow([f"GP-{i}", "fi", f"Käytäntö {i}", "", "", "", ""])
    return buffer.getvalue().encode("utf-8")


FINNISH = ["Tunnus", "Kieli", "Otsikko", "Puulaji", "Mittakaava", "Aloitusvuosi", "Päättymisvuosi"]
ENGLISH = ["ref", "language", "title", "wood_types", "scale", "year_start", "year_end"]


def _read_ours(data: bytes) -> int:
    return len(read_practices(read_table(data, name="practices.csv")))


def _read_baseline(data: bytes) -> int:
    return len(
        parse_records(read_table(data, name="practices.csv"), [Field(c, text) for c in ENGLISH])
    )


def reading_section() -> str:
    rows = 20_000
    ours = measure_in_process(_read_ours, _file(rows, FINNISH, random.Random(SEED)))
    base = measure_in_process(_read_baseline, _file(rows, ENGLISH, random.Random(SEED)))
    return "\n".join(
        [
            "### B. Reading a practice file (20,000 rows, Finnish headers, mixed-language terms)",
            "",
            "| | result | seconds | peak RSS MiB |",
            "| --- | --- | --- | --- |",
            f"| GreenCluster `read_practices` | {ours.value} practices, two languages each | "
            f"{ours.seconds:.2f} | {ours.peak_rss_mib:.0f} |",
            f"| Baseline `parse_records`, plain text | {base.value} rows, unmerged | "
            f"{base.seconds:.2f} | {base.peak_rss_mib:.0f} |",
        ]
    )


def run() -> str:
    return "\n\n".join(
        [
            "## Knowledge: good-practice search and files",
            __doc__.strip() if __doc__ else "",
            search_section(),
            reading_section(),
        ]
    )
