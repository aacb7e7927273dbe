"""Template filters: numbers in the reader's style, demo-value badges."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def eur(value: Any) -> str:
    if value is None or value == "":
        return "–"
    return f"{float(value):,.0f} €".replace(",", "\u00a0")


@register.filter
def demo_badge(view: dict[str, Any], field: str) -> str:
    if field in (view.get("demo_fields") or []):
        return format_html(
            '<span class="badge demo" title="{}">{}</span>',
            _("This value was invented for the demonstration"),
            _("demo value"),
        )
    return ""


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None
