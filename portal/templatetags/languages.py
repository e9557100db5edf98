"""The page's language versions, for the head's hreflang links and the language switcher."""

from django import template
from django.conf import settings
from wagtail.models import Page

from web.i18n import alternate_urls, in_sentence

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for each language version of this page, plus x-default (the
    unprefixed address); empty for a page with one address in every language."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    if isinstance(page, Page):
        return page_alternates(page, request)
    urls = alternate_urls(request)
    if not urls:
        return []
    default = dict(urls)[settings.LANGUAGE_CODE]
    return [*urls, ("x-default", default)]


def page_alternates(page: Page, request) -> list[tuple[str, str]]:
    """A Wagtail page's versions: its live translations, each at its own address (a
    translation may have its own slug). A page with no translation names none."""
    translations = [
        translation
        for translation in page.get_translations(inclusive=True).live().select_related("locale")
        if translation.locale.language_code in dict(settings.LANGUAGES)
    ]
    if len(translations) < 2:
        return []
    urls = [
        (t.locale.language_code, settings.LAUREL_BASE_URL + t.get_url_parts(request)[2])
        for t in translations
        if t.get_url_parts(request)
    ]
    default = dict(urls).get(settings.LANGUAGE_CODE)
    return [*urls, ("x-default", default)] if default else urls


@register.filter(name="in_sentence")
def in_sentence_filter(label) -> str:
    return in_sentence(label)
