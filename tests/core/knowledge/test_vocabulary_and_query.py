"""Field labels and terms in six languages, and search queries that use them."""

from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.knowledge.query import parse_query
from greencluster.core.knowledge.vocabulary import (
    FIELDS,
    LANGUAGES,
    WOOD_TYPES,
    UnknownTerm,
    field_for_label,
    fold,
)

VOCAB_FIELDS = [f for f in FIELDS if f.vocabulary is not None]


def test_no_label_names_two_fields_and_no_term_name_two_terms():
    seen: dict[str, str] = {}
    for spec in FIELDS:
        for name in spec.names():
            assert seen.setdefault(name, spec.name) == spec.name, name
    for spec in VOCAB_FIELDS:
        owners: dict[str, str] = {}
        for term in spec.vocabulary.terms:
            for name in term.names():
                assert owners.setdefault(name, term.code) == term.code, (spec.name, name)


def test_every_field_and_term_has_a_label_in_every_language():
    for spec in FIELDS:
        assert len(spec.labels) == len(LANGUAGES) and all(spec.labels)
        for term in spec.vocabulary.terms if spec.vocabulary else ():
            assert all(label.strip() for label in term.labels)


@given(
    field_index=st.integers(0, len(FIELDS) - 1),
    lang=st.sampled_from(LANGUAGES),
    upper=st.booleans(),
)
def test_any_language_label_finds_its_field(field_index, lang, upper):
    spec = FIELDS[field_index]
    label = spec.label(lang)
    assert field_for_label(label.upper() if upper else label) is spec


@given(
    field_index=st.integers(0, len(VOCAB_FIELDS) - 1),
    data=st.data(),
    label_lang=st.sampled_from(LANGUAGES),
    value_lang=st.sampled_from(LANGUAGES),
)
def test_field_label_in_one_language_and_term_in_another(field_index, data, label_lang, value_lang):
    spec = VOCAB_FIELDS[field_index]
    term = data.draw(st.sampled_from(spec.vocabulary.terms))
    query = parse_query(f"district {spec.label(label_lang)}: {term.label(value_lang)} heat")
    assert [f.field for f in query.filters] == [spec.name]
    # A label shared by several terms (e.g. "Lokal") still names this one among them.
    assert term.code in query.filters[0].codes
    assert query.words[0] == "district" and query.words[-1] == "heat"


def test_examples_of_mixed_language_queries():
    q = parse_query("Holzart:Fichte;Kiefer Größenordnung: lokal biomass")
    assert [(f.field, f.codes) for f in q.filters] == [
        ("wood_types", ("spruce", "pine")),
        ("scale", ("local",)),
    ]
    assert q.words == ("biomass",)
    assert parse_query('"wood type": birch').filters[0].codes == ("birch",)
    assert parse_query("puulaji: forest residues").filters[0].codes == ("forest-residues",)
    text = parse_query("tiivistelmä: koulun lämpö")
    assert text.filters[0].field == "summary" and text.filters[0].value == "koulun lämpö"


def test_a_colon_after_ordinary_words_is_text_and_unknown_terms_are_reported():
    q = parse_query("CO2: -20 %")
    assert q.filters == () and "co2" in q.words
    unknown = parse_query("puulaji: banaani")
    assert unknown.unmatched and unknown.unmatched[0].codes == ()
    assert parse_query("").is_empty


@given(st.text(max_size=80))
def test_parsing_never_fails_and_folds_words(text):
    query = parse_query(text)
    for word in query.words:
        assert word == fold(word) and word
    for spec in query.filters:
        assert field_for_label(spec.field) is not None


def test_resolve_explains_what_is_expected():
    assert WOOD_TYPES.resolve("  KOIVU ").code == "birch"
    try:
        WOOD_TYPES.resolve("banana")
    except UnknownTerm as exc:
        assert "birch" in str(exc) and "banana" in str(exc)
    else:
        raise AssertionError("an unknown term was accepted")
