"""Template filters of the public pages: safe Markdown."""

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# What Markdown may produce in criteria and narratives; everything else is stripped by nh3.
ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p",
    "pre", "strong", "ul",
}  # fmt: skip


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown to HTML with raw HTML, scripts, styles and unsafe links removed."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean)  # sanitised by nh3 just above
