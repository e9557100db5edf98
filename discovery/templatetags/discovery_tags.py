"""Template filters of the public pages: safe Markdown."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from badges.markdown import MAX_MARKDOWN, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown to HTML with raw HTML, scripts, styles and unsafe links removed.

    For text being edited (the form's preview); saved criteria and comments are shown from
    the HTML the services kept. Text past the Markdown limit is cut there."""
    return mark_safe(render_markdown((text or "")[:MAX_MARKDOWN]))  # sanitised by nh3
