"""Markdown written by issuers (criteria, endorsement comments) as safe HTML.

markdown-it-py parses CommonMark in time linear in its input (no nested-bracket or emphasis
blow-ups), nesting is capped, and nh3 then keeps only the tags listed here: raw HTML,
scripts, styles and unsafe links are removed. Services render it when the text is saved and
keep the HTML; pages show the kept HTML.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# The longest Markdown text a field may hold (criteria, narratives, comments, the preview).
MAX_MARKDOWN = 20_000

# What Markdown may produce in criteria and narratives; everything else is stripped by nh3.
ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p",
    "pre", "strong", "ul",
}  # fmt: skip

# Raw HTML passes the parser and is cleaned by nh3 (its text kept, scripts dropped whole), as
# before; lists and quotes nested deeper than this are left as text.
_PARSER = MarkdownIt("commonmark", {"html": True, "maxNesting": 20})
# Every link becomes <a>, and nh3 drops an href whose scheme is not allowed (javascript:), as
# the page showed links before: the link's text stays, without the raw Markdown around it.
_PARSER.validateLink = lambda url: True


def render_markdown(text: str | None) -> str:
    """Markdown to HTML with raw HTML, scripts, styles and unsafe links removed."""
    html = _PARSER.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def render_markdown_preview(text: str | None) -> SafeString:
    """Text being edited (a form's preview), cut at the Markdown limit, as safe HTML; saved
    criteria and comments are shown from the HTML the services kept."""
    return mark_safe(render_markdown((text or "")[:MAX_MARKDOWN]))  # sanitised by nh3
