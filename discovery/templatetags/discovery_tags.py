"""Template filters of the public pages: safe Markdown."""

from django import template
from django.utils.safestring import SafeString

from badges.markdown import render_markdown_preview

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown to HTML with raw HTML, scripts, styles and unsafe links removed (a preview's
    text: see render_markdown_preview)."""
    return render_markdown_preview(text)
