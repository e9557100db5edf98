"""Markdown written by issuers becomes safe HTML on public pages."""

from discovery.templatetags.discovery_tags import markdown


def test_markdown_keeps_formatting_and_links():
    html = markdown("Pass the **final project**:\n\n- a [brief](https://example.org/brief)\n")

    assert "<strong>final project</strong>" in html
    assert "<li>" in html
    assert 'href="https://example.org/brief"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_markdown_drops_scripts_handlers_and_javascript_links():
    html = markdown(
        "<script>alert(1)</script>\n\n"
        '<img src=x onerror="alert(2)">\n\n'
        "[click](javascript:alert(3))\n\n"
        '<a href="https://e.org" onclick="alert(4)">e</a>'
    )

    assert "<script" not in html
    assert "onerror" not in html and "<img" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_empty_criteria_render_nothing():
    assert markdown("") == ""
