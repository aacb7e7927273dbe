"""Good-practice search across languages and practice-file reading.

Workload A (search): 2,000 synthetic public practices (seeded) recorded in English with a
domain, one to three wood types, a scale and a sustainability potential, stored in a fresh
SQLite database as the product stores them (search columns filled by
``knowledge.services.practice_index``); 1,200 queries of the form ``<field label in language
X>: <term in language Y>`` over all 36 language pairs, each run through the practice search
page's own selector (``knowledge.selectors.practice_search``) and evaluated. The right answer
of a query is every practice holding that term. Times are per query, database included.

Baseline A: a plain keyword search as most sites have it, given the term alone (the words
after the colon): every word must occur in the record's English summary, case-insensitively
(``icontains`` on the same table).

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
import os
import random
import tempfile
import time
from typing import Any

from benchmarks.harness import measure_in_process
from greencluster.core.knowledge.records import read_practices
from greencluster.core.knowledge.vocabulary import FIELDS_BY_NAME, LANGUAGES
from greencluster.core.tables import Field, parse_records, read_table, text

SEED = 20261126
VOCAB_FIELDS = ("domain", "wood_types", "scale", "sustainability_potential")


def _practices(n: int, rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        record: dict[str, Any] = {"id": i}
        for name in VOCAB_FIELDS:
            vocabulary = FIELDS_BY_NAME[name].vocabulary
            assert vocabulary is not None
            codes = [t.code for t in vocabulary.terms]
            count = rng.randint(1, 3) if name == "wood_types" else 1
            record[name] = sorted(rng.sample(codes, count))
        english = " ".join(
            FIELDS_BY_NAME[name].vocabulary.get(code).label("en")  # type: ignore[union-attr]
            for name in VOCAB_FIELDS
            for code in record[name]
        )
        record["summary"] = f"Practice {i} about {english}"
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


def _database(practices: list[dict[str, Any]], var_dir: str) -> None:
    """A fresh SQLite database under ``var_dir`` holding ``practices`` (public, one
    cluster), indexed by the product's own indexing code."""
    os.environ["GREENCLUSTER_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "greencluster.web.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from greencluster.web.knowledge.models import Practice
    from greencluster.web.knowledge.services import practice_index
    from greencluster.web.registry.models import Cluster

    call_command("migrate", verbosity=0)
    cluster = Cluster.objects.create(name="Bench", slug="bench", country="FI")
    rows = []
    for p in practices:
        single = {"domain": p["domain"][0], "scale": p["scale"][0]}
        practice = Practice(
            cluster=cluster,
            ref=f"GP-{p['id']}",
            slug=f"gp-{p['id']}",
            texts={"title": {"en": f"Practice {p['id']}"}, "summary": {"en": p["summary"]}},
            wood_types=p["wood_types"],
            sustainability_potential=p["sustainability_potential"][0],
            is_public=True,
            **single,
        )
        practice_index(practice, [])
        rows.append(practice)
    Practice.objects.bulk_create(rows, batch_size=500)


def _run_searches(
    practices: list[dict[str, Any]], queries: list[tuple[str, str, str]]
) -> dict[str, tuple[list[set[int]], float]]:
    """Both searches over the database: the hits of every query (practice ids) and the mean
    seconds per query, for ours and the baseline."""
    with tempfile.TemporaryDirectory(prefix="gc-bench-knowledge-") as var_dir:
        _database(practices, var_dir)
        from django.db import connections

        try:
            return _timed_searches(queries)
        finally:
            connections.close_all()


def _timed_searches(
    queries: list[tuple[str, str, str]],
) -> dict[str, tuple[list[set[int]], float]]:
    from greencluster.web.accounts.permissions import ANONYMOUS
    from greencluster.web.knowledge.models import Practice
    from greencluster.web.knowledge.selectors import PracticeFilters, practice_search

    def ours(query: str) -> set[int]:
        found = practice_search(ANONYMOUS, PracticeFilters(q=query)).practices
        return {int(ref.removeprefix("GP-")) for ref in found.values_list("ref", flat=True)}

    def baseline(query: str) -> set[int]:
        qs = Practice.objects.filter(is_public=True)
        for word in query.split(":", 1)[1].split():  # the user types the term only
            qs = qs.filter(texts__summary__en__icontains=word)
        return {int(ref.removeprefix("GP-")) for ref in qs.values_list("ref", flat=True)}

    out = {}
    for name, search in (("ours", ours), ("baseline", baseline)):
        search(queries[0][0])  # warm the connection and caches
        start = time.perf_counter()
        hits = [search(query) for query, _name, _code in queries]
        out[name] = (hits, (time.perf_counter() - start) / len(queries))
    return out


def _score(
    hits: list[set[int]], practices: list[dict[str, Any]], queries: list[tuple[str, str, str]]
) -> dict[str, float]:
    tp = fp = fn = 0
    for found, (_query, name, code) in zip(hits, queries, strict=True):
        truth = {p["id"] for p in practices if code in p[name]}
        tp += len(found & truth)
        fp += len(found - truth)
        fn += len(truth - found)
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
    }


def search_section() -> str:
    rng = random.Random(SEED)
    practices = _practices(2000, rng)
    queries = _queries(1200, rng)
    runs = measure_in_process(_run_searches, practices, queries).value
    ours, base = (
        {**_score(runs[name][0], practices, queries), "ms": 1000 * runs[name][1]}
        for name in ("ours", "baseline")
    )
    same = [q for q in queries if q[0].split(":")[0] == FIELDS_BY_NAME[q[1]].label("en")]
    return "\n".join(
        [
            "### A. Search by field label and term in any language",
            "",
            "| | precision | recall | ms per query (2,000 practices, SQLite) |",
            "| --- | --- | --- | --- |",
            f"| GreenCluster search (`selectors.practice_search`) | {ours['precision']:.3f} | "
            f"{ours['recall']:.3f} | {ours['ms']:.2f} |",
            f"| Baseline keyword search | {base['precision']:.3f} | {base['recall']:.3f} | "
            f"{base['ms']:.2f} |",
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
