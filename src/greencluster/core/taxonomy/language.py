"""Guess the language (en, fi, sv, nb, et, de) of a short side-stream description.

Descriptions are short and full of numbers and units, so general language identifiers do
poorly on them. The guess combines three kinds of evidence: the language of the thesaurus
terms found, frequent function words and quantity words of each language, and letters only
some of the languages use (å: sv/nb; ø, æ: nb; õ: et; ß: de).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from greencluster.core.taxonomy.normalise import fold, word_set

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": word_set(
        "and from of the for per year annually we our need needed offer available approx "
        "about tonnes tons with to at in by wanted looking is are can"
    ),
    "fi": word_set(
        "ja noin n vuodessa vuosittain tonnia t v meilla meilta tarjolla tarjoamme "
        "tarvitaan tarvitsemme etsimme haemme on tai seka kuivaa kosteaa kuukaudessa "
        "viikossa jatkuvasti sivuvirta sivuvirtana jotka joka josta myytavana ilmaiseksi "
        "kuljetus omalla"
    ),
    "sv": word_set(
        "och fran per ar vi har till ton om ca av med ett behover soker finns erbjuder "
        "arligen manad vecka torr fuktig som for efter hamtas"
    ),
    "nb": word_set(
        "og fra per ar vi har til tonn om ca av med et trenger soker finnes tilbyr arlig "
        "maned uke torr fuktig som for etter hentes ikke"
    ),
    "et": word_set(
        "ja aastas aasta tonni umbes meie on vajame pakume otsime kohta kuus nadalas ning "
        "voi kuiv marg tekib tekkiv jaak jaagid jaatmed alates"
    ),
    "de": word_set(
        "und aus pro jahr wir mit der die das von fur suchen bieten ca jahrlich monat "
        "woche trocken feucht als nach abholung zur zum bei im ein eine anfallend anfall"
    ),
}
_LETTERS = {"å": ("sv", "nb"), "ø": ("nb",), "æ": ("nb",), "õ": ("et",), "ß": ("de",)}
_TERM_WEIGHT = 1.0
_WORD_WEIGHT = 0.6
_LETTER_WEIGHT = 1.5


def detect_language(
    text: str, term_languages: Iterable[str] = (), *, folded: str | None = None
) -> str | None:
    """Best-guess language of ``text`` or None when there is no evidence at all.

    ``folded`` may pass the text already folded by :func:`normalise.fold` (saves work).
    """
    votes: dict[str, float] = defaultdict(float)
    for lang in term_languages:
        if lang != "en":
            votes[lang] += _TERM_WEIGHT
        else:
            votes[lang] += _TERM_WEIGHT / 2
    words = (fold(text) if folded is None else folded).split()
    for lang, vocabulary in _FUNCTION_WORDS.items():
        votes[lang] += _WORD_WEIGHT * sum(1 for word in words if word in vocabulary)
    lowered = text.lower()
    for letter, langs in _LETTERS.items():
        if letter in lowered:
            for lang in langs:
                votes[lang] += _LETTER_WEIGHT
    if not votes or max(votes.values()) <= 0:
        return None
    return max(sorted(votes), key=lambda lang: votes[lang])
