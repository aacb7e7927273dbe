"""The attributes of a good-practice record and their controlled vocabularies, in six languages.

Good practices travel between regions as structured records whose field names are often in one
language and whose text is in another (a Finnish template filled in English, a German one in
Estonian). Every field therefore has a label in each interface language (en, fi, sv, nb, et, de)
and every controlled term has a label in each language too; a file header, a search filter or a
cell value may use any of them. The attribute list follows the good-practice templates used in
European cluster and regional-development programmes (origin region, wood type used,
sustainability potential, environmental, economic and job-creation impact, knowledge needed,
domain, challenge addressed, scale, years, contacts). Vocabularies and labels are ours.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

LANGUAGES: tuple[str, ...] = ("en", "fi", "sv", "nb", "et", "de")


def in_language(texts: Mapping[str, str] | None, language: str, default: str = "") -> str:
    """The text of ``texts`` (language -> text) in ``language``, else in English, else the
    first one given; ``default`` when there is none."""
    texts = texts or {}
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), default)


def language_codes(text: str) -> list[str]:
    """The codes of a comma-separated list such as ``"en, fi"``."""
    return [code.strip() for code in text.split(",") if code.strip()]


def interface_language(code: str | None) -> str:
    """The one of :data:`LANGUAGES` for a locale code such as ``fi`` or ``nb-no`` (English
    for any other)."""
    short = (code or "en")[:2]
    return short if short in LANGUAGES else "en"


def fold(text: str) -> str:
    """Lower-case ``text``, collapse white space and unify dashes, keeping letters such as ä and
    õ (they distinguish Finnish and Estonian words), so that labels compare as people type."""
    normal = unicodedata.normalize("NFC", text).casefold()
    normal = normal.replace("_", " ").replace("‐", "-").replace("–", "-").replace("—", "-")
    return " ".join(normal.split())


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of a controlled vocabulary: a stable ``code`` and its label per language."""

    code: str
    labels: tuple[str, str, str, str, str, str]  # in the order of LANGUAGES

    def label(self, language: str) -> str:
        index = LANGUAGES.index(language) if language in LANGUAGES else 0
        return self.labels[index]

    def names(self) -> set[str]:
        """Every way of writing this term: its code and each language's label, folded."""
        code = fold(self.code)
        return {code, code.replace("-", " "), *(fold(label) for label in self.labels)}


class UnknownTerm(ValueError):
    """A value that is not in the vocabulary; the message lists what is expected."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]

    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    def get(self, code: str) -> Term:
        for term in self.terms:
            if term.code == code:
                return term
        raise UnknownTerm(f"'{code}' is not a {self.name} code")

    def resolve(self, text: str) -> Term:
        """The term written as ``text`` (its code or a label in any language)."""
        term = _name_index(self).get(fold(text))
        if term is not None:
            return term
        raise UnknownTerm(
            f"expected a {self.name} such as {', '.join(self.codes())} "
            f"(or its name in fi, sv, nb, et, de), got '{text}'"
        )

    def matching(self, text: str) -> tuple[str, ...]:
        """Codes of the terms whose code or any label contains ``text`` (for search)."""
        wanted = fold(text)
        if not wanted:
            return ()
        return tuple(t.code for t in self.terms if any(wanted in name for name in t.names()))


@cache
def _name_index(vocabulary: Vocabulary) -> dict[str, Term]:
    """Every way of writing each term -> the term (the first term wins on a shared name)."""
    index: dict[str, Term] = {}
    for term in vocabulary.terms:
        for name in term.names():
            index.setdefault(name, term)
    return index


def _vocab(name: str, rows: list[tuple[str, str, str, str, str, str, str]]) -> Vocabulary:
    return Vocabulary(name, tuple(Term(row[0], row[1:]) for row in rows))


DOMAINS = _vocab(
    "domain",
    [
        (
            "renewable-heat",
            "Renewable heat",
            "Uusiutuva lämpö",
            "Förnybar värme",
            "Fornybar varme",
            "Taastuv soojus",
            "Erneuerbare Wärme",
        ),
        (
            "bioenergy",
            "Bioenergy",
            "Bioenergia",
            "Bioenergi",
            "Bioenergi",
            "Bioenergia",
            "Bioenergie",
        ),
        (
            "wood-products",
            "Wood products and construction",
            "Puutuotteet ja puurakentaminen",
            "Träprodukter och träbyggande",
            "Treprodukter og trebygg",
            "Puittooted ja puitehitus",
            "Holzprodukte und Holzbau",
        ),
        (
            "industrial-symbiosis",
            "Industrial symbiosis",
            "Teollinen symbioosi",
            "Industriell symbios",
            "Industriell symbiose",
            "Tööstussümbioos",
            "Industrielle Symbiose",
        ),
        (
            "circular-economy",
            "Circular economy",
            "Kiertotalous",
            "Cirkulär ekonomi",
            "Sirkulær økonomi",
            "Ringmajandus",
            "Kreislaufwirtschaft",
        ),
        (
            "waste-recycling",
            "Waste and recycling",
            "Jätehuolto ja kierrätys",
            "Avfall och återvinning",
            "Avfall og gjenvinning",
            "Jäätmed ja ringlussevõtt",
            "Abfall und Recycling",
        ),
        ("water", "Water", "Vesi", "Vatten", "Vann", "Vesi", "Wasser"),
        (
            "energy-efficiency",
            "Energy efficiency",
            "Energiatehokkuus",
            "Energieffektivitet",
            "Energieffektivitet",
            "Energiatõhusus",
            "Energieeffizienz",
        ),
        (
            "green-logistics",
            "Green logistics",
            "Vihreä logistiikka",
            "Grön logistik",
            "Grønn logistikk",
            "Roheline logistika",
            "Grüne Logistik",
        ),
        (
            "skills-training",
            "Skills and training",
            "Osaaminen ja koulutus",
            "Kompetens och utbildning",
            "Kompetanse og opplæring",
            "Oskused ja koolitus",
            "Kompetenzen und Weiterbildung",
        ),
        (
            "cluster-management",
            "Cluster management",
            "Klusterin johtaminen",
            "Klusterledning",
            "Klyngeledelse",
            "Klastri juhtimine",
            "Clustermanagement",
        ),
        (
            "business-development",
            "Business development",
            "Liiketoiminnan kehittäminen",
            "Affärsutveckling",
            "Forretningsutvikling",
            "Äriarendus",
            "Geschäftsentwicklung",
        ),
    ],
)

WOOD_TYPES = _vocab(
    "wood type",
    [
        ("spruce", "Spruce", "Kuusi", "Gran", "Gran", "Kuusk", "Fichte"),
        ("pine", "Pine", "Mänty", "Tall", "Furu", "Mänd", "Kiefer"),
        ("birch", "Birch", "Koivu", "Björk", "Bjørk", "Kask", "Birke"),
        ("aspen", "Aspen", "Haapa", "Asp", "Osp", "Haab", "Espe"),
        ("alder", "Alder", "Leppä", "Al", "Or", "Lepp", "Erle"),
        ("oak", "Oak", "Tammi", "Ek", "Eik", "Tamm", "Eiche"),
        ("beech", "Beech", "Pyökki", "Bok", "Bøk", "Pöök", "Buche"),
        ("larch", "Larch", "Lehtikuusi", "Lärk", "Lerk", "Lehis", "Lärche"),
        (
            "forest-residues",
            "Logging residues",
            "Hakkuutähteet",
            "Avverkningsrester",
            "Hogstavfall",
            "Raiejäätmed",
            "Waldrestholz",
        ),
        (
            "small-diameter",
            "Small-diameter thinning wood",
            "Pienpuu",
            "Klenvirke",
            "Tynningsvirke",
            "Väikesemõõtmeline puit",
            "Schwachholz",
        ),
        (
            "sawmill-by-products",
            "Sawmill by-products",
            "Sahan sivutuotteet",
            "Sågverksbiprodukter",
            "Sagbruksbiprodukter",
            "Saeveski kõrvalsaadused",
            "Sägenebenprodukte",
        ),
        (
            "recycled-wood",
            "Recycled wood",
            "Kierrätyspuu",
            "Returträ",
            "Returtre",
            "Taaskasutatud puit",
            "Altholz",
        ),
        ("none", "No wood", "Ei puuta", "Inget trä", "Ikke tre", "Puitu pole", "Kein Holz"),
    ],
)

CHALLENGES = _vocab(
    "challenge",
    [
        (
            "climate-mitigation",
            "Climate change mitigation",
            "Ilmastonmuutoksen hillintä",
            "Begränsning av klimatförändringar",
            "Begrensning av klimaendringer",
            "Kliimamuutuste leevendamine",
            "Klimaschutz",
        ),
        (
            "energy-security",
            "Energy security and self-sufficiency",
            "Energiaomavaraisuus",
            "Energiförsörjningstrygghet",
            "Energisikkerhet",
            "Energiajulgeolek",
            "Energieversorgungssicherheit",
        ),
        (
            "rural-jobs",
            "Rural jobs and services",
            "Maaseudun työpaikat ja palvelut",
            "Jobb och service på landsbygden",
            "Arbeidsplasser og tjenester i distriktene",
            "Maapiirkondade töökohad ja teenused",
            "Arbeitsplätze im ländlichen Raum",
        ),
        (
            "resource-efficiency",
            "Resource efficiency",
            "Resurssitehokkuus",
            "Resurseffektivitet",
            "Ressurseffektivitet",
            "Ressursitõhusus",
            "Ressourceneffizienz",
        ),
        (
            "side-streams",
            "Unused side streams",
            "Hyödyntämättömät sivuvirrat",
            "Outnyttjade sidoströmmar",
            "Uutnyttede sidestrømmer",
            "Kasutamata kõrvalvood",
            "Ungenutzte Nebenströme",
        ),
        (
            "skills-gap",
            "Skills gap",
            "Osaamisvaje",
            "Kompetensbrist",
            "Kompetansegap",
            "Oskuste puudujääk",
            "Fachkräftemangel",
        ),
        (
            "finance-access",
            "Access to finance",
            "Rahoituksen saatavuus",
            "Tillgång till finansiering",
            "Tilgang til finansiering",
            "Rahastuse kättesaadavus",
            "Zugang zu Finanzierung",
        ),
        (
            "market-access",
            "Market access and export",
            "Markkinoille pääsy ja vienti",
            "Marknadstillträde och export",
            "Markedstilgang og eksport",
            "Turulepääs ja eksport",
            "Marktzugang und Export",
        ),
        (
            "cooperation",
            "Fragmented cooperation",
            "Hajanainen yhteistyö",
            "Splittrat samarbete",
            "Fragmentert samarbeid",
            "Killustunud koostöö",
            "Zersplitterte Zusammenarbeit",
        ),
    ],
)

SCALES = _vocab(
    "scale",
    [
        ("local", "Local", "Paikallinen", "Lokal", "Lokal", "Kohalik", "Lokal"),
        ("regional", "Regional", "Alueellinen", "Regional", "Regional", "Piirkondlik", "Regional"),
        ("national", "National", "Kansallinen", "Nationell", "Nasjonal", "Riiklik", "National"),
        (
            "cross-border",
            "Cross-border",
            "Rajat ylittävä",
            "Gränsöverskridande",
            "Grenseoverskridende",
            "Piiriülene",
            "Grenzüberschreitend",
        ),
        (
            "international",
            "International",
            "Kansainvälinen",
            "Internationell",
            "Internasjonal",
            "Rahvusvaheline",
            "International",
        ),
    ],
)

LEVELS = _vocab(
    "level",
    [
        ("low", "Low", "Matala", "Låg", "Lav", "Madal", "Niedrig"),
        ("medium", "Medium", "Keskitaso", "Medel", "Middels", "Keskmine", "Mittel"),
        ("high", "High", "Korkea", "Hög", "Høy", "Kõrge", "Hoch"),
    ],
)


class Kind(StrEnum):
    TEXT = "text"  # translatable free text
    PLAIN = "plain"  # free text in no particular language (names, places, contacts)
    TERM = "term"  # one term of a vocabulary
    TERMS = "terms"  # several terms of a vocabulary, separated by ';'
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class PracticeField:
    name: str
    kind: Kind
    labels: tuple[str, str, str, str, str, str]
    vocabulary: Vocabulary | None = None

    def label(self, language: str) -> str:
        index = LANGUAGES.index(language) if language in LANGUAGES else 0
        return self.labels[index]

    def names(self) -> set[str]:
        return {fold(self.name), *(fold(label) for label in self.labels)}


FIELDS: tuple[PracticeField, ...] = (
    PracticeField("title", Kind.TEXT, ("Title", "Otsikko", "Titel", "Tittel", "Pealkiri", "Titel")),
    PracticeField(
        "summary",
        Kind.TEXT,
        ("Summary", "Tiivistelmä", "Sammanfattning", "Sammendrag", "Kokkuvõte", "Zusammenfassung"),
    ),
    PracticeField(
        "origin_region",
        Kind.PLAIN,
        (
            "Origin region",
            "Alkuperäalue",
            "Ursprungsregion",
            "Opprinnelsesregion",
            "Päritolupiirkond",
            "Herkunftsregion",
        ),
    ),
    PracticeField(
        "domain",
        Kind.TERM,
        ("Domain", "Toimiala", "Område", "Fagområde", "Valdkond", "Bereich"),
        DOMAINS,
    ),
    PracticeField(
        "challenges",
        Kind.TERMS,
        (
            "Challenge addressed",
            "Ratkaistava haaste",
            "Utmaning som hanteras",
            "Utfordring som løses",
            "Lahendatav väljakutse",
            "Adressierte Herausforderung",
        ),
        CHALLENGES,
    ),
    PracticeField(
        "wood_types",
        Kind.TERMS,
        ("Wood type", "Puulaji", "Träslag", "Treslag", "Puuliik", "Holzart"),
        WOOD_TYPES,
    ),
    PracticeField(
        "scale",
        Kind.TERM,
        ("Scale", "Mittakaava", "Skala", "Skala", "Ulatus", "Größenordnung"),
        SCALES,
    ),
    PracticeField(
        "sustainability_potential",
        Kind.TERM,
        (
            "Sustainability potential",
            "Kestävyyspotentiaali",
            "Hållbarhetspotential",
            "Bærekraftspotensial",
            "Jätkusuutlikkuse potentsiaal",
            "Nachhaltigkeitspotenzial",
        ),
        LEVELS,
    ),
    PracticeField(
        "environmental_impact",
        Kind.TEXT,
        (
            "Environmental impact",
            "Ympäristövaikutus",
            "Miljöpåverkan",
            "Miljøpåvirkning",
            "Keskkonnamõju",
            "Umweltwirkung",
        ),
    ),
    PracticeField(
        "economic_impact",
        Kind.TEXT,
        (
            "Economic impact",
            "Taloudellinen vaikutus",
            "Ekonomisk effekt",
            "Økonomisk virkning",
            "Majanduslik mõju",
            "Wirtschaftliche Wirkung",
        ),
    ),
    PracticeField(
        "job_creation_impact",
        Kind.TEXT,
        (
            "Job creation impact",
            "Työllisyysvaikutus",
            "Sysselsättningseffekt",
            "Sysselsettingsvirkning",
            "Mõju tööhõivele",
            "Beschäftigungswirkung",
        ),
    ),
    PracticeField(
        "knowledge_needed",
        Kind.TEXT,
        (
            "Knowledge needed",
            "Tarvittava osaaminen",
            "Kunskap som behövs",
            "Nødvendig kunnskap",
            "Vajalikud teadmised",
            "Benötigtes Wissen",
        ),
    ),
    PracticeField(
        "year_start",
        Kind.YEAR,
        ("Start year", "Aloitusvuosi", "Startår", "Startår", "Alguse aasta", "Startjahr"),
    ),
    PracticeField(
        "year_end",
        Kind.YEAR,
        ("End year", "Päättymisvuosi", "Slutår", "Sluttår", "Lõpu aasta", "Endjahr"),
    ),
    PracticeField(
        "contacts",
        Kind.PLAIN,
        ("Contacts", "Yhteyshenkilöt", "Kontakter", "Kontakter", "Kontaktid", "Kontakte"),
    ),
)

FIELDS_BY_NAME: dict[str, PracticeField] = {f.name: f for f in FIELDS}
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is Kind.TEXT)
_LABEL_INDEX: dict[str, PracticeField] = {name: f for f in FIELDS for name in f.names()}


def field_for_label(text: str) -> PracticeField | None:
    """The field named ``text`` (its code name or its label in any of the six languages)."""
    return _LABEL_INDEX.get(fold(text))
