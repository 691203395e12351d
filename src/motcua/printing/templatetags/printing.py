"""The one tag library a form template may load: `{% load printing %}`."""

from django import template

register = template.Library()


@register.filter
def pad2(value) -> str:
    """1 → "01": numbers of sets and items as the forms write them."""
    try:
        return f"{int(value):02d}"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def upper_vn(value) -> str:
    """Capitals with their diacritics (Python's upper knows Vietnamese letters)."""
    return str(value).upper()
