"""Template filters for the PDF files (reports/templates/reports/pdf/)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter(needs_autoescape=True)
def words(text, autoescape=True):
    """`text` with each word kept whole: WeasyPrint ignores `word-break: keep-all` and would
    break Korean between any two syllables, so every word is a span that does not wrap and
    lines break only at the spaces between words."""
    escape = conditional_escape if autoescape else str
    return mark_safe(  # every word is escaped
        " ".join(f'<span class="w">{escape(word)}</span>' for word in str(text).split())
    )
