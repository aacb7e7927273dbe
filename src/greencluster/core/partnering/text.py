"""Text similarity between what one participant offers and what another seeks.

TF-IDF over character 4-grams inside words (plus the whole words) with cosine similarity, as
in information retrieval: 4-grams inside word boundaries let Finnish and Estonian compounds
and inflected forms meet their parts ("metsähakkeen" shares "hake" with "hakelämpö"), which
plain word matching misses. Term frequencies are dampened (1 + log tf), inverse document
frequencies smoothed (log((1 + n) / (1 + df)) + 1) and vectors normalised to unit length, so
the similarity is in [0, 1]. Very common function words of the six interface languages are
left out. Pure numpy/scipy; a few hundred profiles take milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy import sparse

NGRAM = 4
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOPWORDS = {
    "en": "a an and are as at be by for from in is it of on or our the to we with",
    "fi": "ja tai on ovat se me meidän myös sekä kanssa",
    "sv": "och att av för med på som är vi till en ett det den",
    "nb": "og å av for med på som er vi til en et det den",
    "et": "ja või on me meie ka koos",
    "de": "und oder der die das den dem ein eine für mit von zu wir ist sind im in auf",
}
STOPWORDS = frozenset(word for words in _STOPWORDS.values() for word in words.split())


def fold(text: str) -> str:
    """Lower case, compatibility-normalised (ligatures, full-width forms), letters such as ä, ö,
    å, õ kept: they distinguish words in the Nordic and Baltic languages."""
    return unicodedata.normalize("NFKC", text).casefold()


def features(text: str) -> Counter[str]:
    """The words of ``text`` (two letters or more, no stop words) and their character
    4-grams with word boundaries marked, e.g. "hake" -> "hake", "<hak", "hake", "ake>"."""
    found: Counter[str] = Counter()
    for word in _WORD.findall(fold(text)):
        if len(word) < 2 or word in STOPWORDS:
            continue
        found[f"w:{word}"] += 1
        padded = f"<{word}>"
        if len(padded) <= NGRAM:
            found[padded] += 1
            continue
        for i in range(len(padded) - NGRAM + 1):
            found[padded[i : i + NGRAM]] += 1
    return found


def tfidf(documents: Sequence[str]) -> sparse.csr_matrix:
    """Unit-length TF-IDF rows of ``documents`` (an empty document is a zero row)."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    counts: list[int] = []
    for r, found in enumerate(features(d) for d in documents):
        ids = [vocabulary.setdefault(term, len(vocabulary)) for term in found]
        cols.extend(ids)
        counts.extend(found.values())
        rows.extend([r] * len(ids))
    n = len(documents)
    column = np.asarray(cols, dtype=np.int64)
    frequency = np.bincount(column, minlength=len(vocabulary))
    idf = np.log((1.0 + n) / (1.0 + frequency)) + 1.0
    values = (np.log(np.asarray(counts, dtype=np.float64)) + 1.0) * idf[column]
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(n, len(vocabulary)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def similarity(
    queries: Sequence[str], documents: Sequence[str], *, rows: Sequence[int] | None = None
) -> npt.NDArray[np.float64]:
    """Cosine similarity of every query (or only the queries at ``rows``) with every document
    (queries × documents, in [0, 1]), document frequencies counted over both lists."""
    vectors = tfidf([*queries, *documents])
    q = vectors[: len(queries)]
    if rows is not None:
        q = q[list(rows)]
    d = vectors[len(queries) :]
    result = np.asarray((q @ d.T).toarray(), dtype=np.float64)
    return np.clip(result, 0.0, 1.0)


def pair_similarity(
    queries: Sequence[str], documents: Sequence[str], indexes: Sequence[int]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """For each ``i`` in ``indexes``: query i against every document (rows), and every query
    against document i (columns); the whole square matrix is never built."""
    vectors = tfidf([*queries, *documents])
    q = vectors[: len(queries)]
    d = vectors[len(queries) :]
    picked = list(indexes)
    by_row = np.asarray((q[picked] @ d.T).toarray(), dtype=np.float64)
    by_column = np.asarray((q @ d[picked].T).toarray(), dtype=np.float64).T
    return np.clip(by_row, 0.0, 1.0), np.clip(by_column, 0.0, 1.0)
