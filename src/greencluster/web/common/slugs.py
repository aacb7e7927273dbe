"""Unique slugs for models that are addressed by a slug in their URLs."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify


def unique_slug(
    model: Any,
    text: str,
    *,
    fallback: str,
    max_length: int = 100,
    taken: set[str] | None = None,
) -> str:
    """``slugify(text)``, with ``-2``, ``-3``… appended until no ``model`` row has it.

    Bulk callers pass ``taken`` (the slugs already in use, loaded once); the new slug is added
    to it, and the database is not asked again.
    """
    base = slugify(text)[:max_length] or fallback
    slug, n = base, 2
    while (slug in taken) if taken is not None else model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    if taken is not None:
        taken.add(slug)
    return slug
