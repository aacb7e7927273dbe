"""Template helpers that show good-practice fields and terms in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template

from greencluster.core.knowledge.vocabulary import FIELDS_BY_NAME, UnknownTerm, in_language

register = template.Library()


@register.filter
def field_label(name: str, language: str) -> str:
    spec = FIELDS_BY_NAME.get(name)
    return spec.label(language) if spec else name


@register.simple_tag
def term(code: str, field_name: str, language: str) -> str:
    spec = FIELDS_BY_NAME.get(field_name)
    if not code or spec is None or spec.vocabulary is None:
        return code or ""
    try:
        return spec.vocabulary.get(code).label(language)
    except UnknownTerm:
        return code


@register.simple_tag
def practice_title(practice: Any, language: str) -> str:
    return str(practice.title(language))


# {% in_language texts lang %}: the text in the reader's language, else English, else any.
register.simple_tag(in_language)
