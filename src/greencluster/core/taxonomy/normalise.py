"""Text normalisation for matching side-stream descriptions in six languages.

Members write "Puuhaketta n. 500 i-m3", "Holzhackschnitzel", "sågspån" or "sagspan" (no
Nordic keyboard). Matching therefore works on *folded* text: lower case, diacritics removed
(ä->a, ö->o, å->a, õ->o, ü->u, ø->o, æ->ae, ß->ss), punctuation and numbers dropped, tokens
joined by single spaces. Both the thesaurus and the input are folded the same way.

Compounds (fi, et, de, sv, nb glue words together: "koivuhake", "Holzhackschnitzel",
"flygaska") and inflections ("puuhaketta", "lentotuhkaa", "flygaskan", "lendtuhka") are handled
by the matcher, which looks for thesaurus terms *inside* tokens and accepts what follows a
term only if it is an inflection ending of one of the languages (see :data:`SUFFIXES`), the end
of the word, or the rest of a compound.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_HAS_LETTER = re.compile(r"[a-z]")


def word_set(text: str) -> frozenset[str]:
    """The space-separated words of ``text`` (for writing vocabularies as one string)."""
    return frozenset(text.split())


# Inflection endings (folded) that may follow a noun stem. Finnish: the case endings in
# singular and plural (partitive -a/-ta/-tta, genitive -n/-en/-iden, inessive -ssa, elative
# -sta, adessive -lla, ablative -lta, allative -lle, translative -ksi, essive -na, plural -t/-ja
# ...); Estonian: -d, -de, -te, -st, -s, -l, -lt, -le, -ks, -ga, -sid, -id, -ni; German: -e, -en,
# -n, -s, -es, -er, -ern; Swedish and Norwegian definite/plural: -en, -et, -n, -t, -er, -ar,
# -or, -na, -ne, -ene, -erna, -arna, -orna; English plural and participles.
SUFFIXES: dict[str, frozenset[str]] = {
    "fi": word_set(
        "a aa ta tta n en in ssa sta lla lta lle ksi na t ja ia ita ista issa illa ilta "
        "ille iin ihin jen iden itten ien ne neen seen hin ineen ina iksi isiin isia iset "
        "inen ista ttä ta ina ista ja jä ä ää tä ssä stä llä ltä ksi nä iä itä istä issä "
        "illä iltä ja iden ksi ihin eita ita ea ee eet eiden eita eja ejen ien ien ua uun "
        "et ella elta elle ena eksi essa esta ssaan staan"
    ),
    "et": word_set(
        "d de te st s l lt le ks ga ta sid id ni na a e i u ist ile ilt iga ide idega t"
    ),
    "de": word_set("e en n s es er ern ens"),
    "sv": word_set("en et n t er ar or na ne erna arna orna ens ets s"),
    "nb": word_set("en et a n t er ene ane ar s e"),
    "en": word_set("s es ed ing ings d"),
}


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation; keep letters and digits as tokens."""
    lowered = text.lower().translate(_SPECIAL)
    if lowered.isascii():
        return _NON_WORD.sub(" ", lowered).strip()
    decomposed = unicodedata.normalize("NFKD", lowered)
    # Combining marks (and letters of other scripts) have no ASCII form and drop out.
    stripped = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub(" ", stripped).strip()


def tokens(text: str) -> list[str]:
    """Folded word tokens; pure numbers (quantities, years) are dropped, "co2" is kept."""
    return [tok for tok in fold(text).split() if _HAS_LETTER.search(tok)]


def normalised(text: str) -> str:
    """Folded tokens joined by single spaces: the form the matcher searches."""
    return " ".join(tokens(text))


def _fold_suffixes() -> dict[str, frozenset[str]]:
    return {lang: frozenset(fold(s) for s in group) for lang, group in SUFFIXES.items()}


FOLDED_SUFFIXES: dict[str, frozenset[str]] = _fold_suffixes()
ANY_SUFFIX: frozenset[str] = frozenset().union(*FOLDED_SUFFIXES.values())


def is_inflection(rest: str, lang: str | None = None) -> bool:
    """Is ``rest`` (what follows a stem inside a word) an inflection ending?"""
    if not rest:
        return True
    table = FOLDED_SUFFIXES.get(lang, ANY_SUFFIX) if lang else ANY_SUFFIX
    return rest in table


# Finnish consonant gradation and stem vowel changes that a plain suffix cannot cover:
# liete -> lietteen, jäte -> jätteet, hake -> hakkeen, vesi -> veden / vettä, kuori -> kuoren,
# kiviaines -> kiviaineksen, kuljetus -> kuljetuksen. (folded ending, replacement stems)
_FINNISH_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("esi", ("ede", "ett")),
    ("te", ("tte",)),
    ("ke", ("kke",)),
    ("nes", ("nekse",)),
    ("us", ("ukse",)),
    ("ys", ("ykse",)),
    ("i", ("e",)),
)
_MIN_STEM = 5


def stem_variants(pattern: str, lang: str) -> list[str]:
    """Inflected stems of a folded single-word term in an inflecting language.

    Every language but English may drop a final vowel before its endings ("flygaska" ->
    "flygaskan", "lentotuhka" -> "lentotuhkaa"); Finnish also changes stems (see above). The
    matcher only accepts a stem when an inflection ending of the language follows it.
    """
    if lang == "en" or " " in pattern or len(pattern) < 4:
        return []
    stems: list[str] = []
    if len(pattern) > _MIN_STEM and pattern[-1] in "aeiouy":
        stems.append(pattern[:-1])
    if lang == "fi":
        for ending, replacements in _FINNISH_STEMS:
            if pattern.endswith(ending):
                stems.extend(pattern[: -len(ending)] + r for r in replacements)
                break
    return [s for s in dict.fromkeys(stems) if len(s) >= 4 and s != pattern]


@cache
def phrase_pattern(pattern: str, lang: str) -> re.Pattern[str]:
    """A regular expression for a folded multi-word term whose every word may inflect.

    "kuuma vesi" (fi) also matches "kuumaa vettä", "fly ash" (en) "fly ashes"; the match
    must start at a word and end at one. Compiled on first use and kept.
    """
    endings = sorted(FOLDED_SUFFIXES.get(lang, frozenset()), key=len, reverse=True)
    ending = "(?:" + "|".join(re.escape(e) for e in endings if e) + ")?" if endings else ""
    words = []
    for word in pattern.split(" "):
        forms = sorted({word, *stem_variants(word, lang)}, key=len, reverse=True)
        words.append("(?:" + "|".join(re.escape(f) for f in forms) + ")" + ending)
    return re.compile(" ".join(words) + "(?= |$)")
