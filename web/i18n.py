"""Which language a request is served in, and the same page's address in each language.

Public pages (the catalogue, badge, issuer and award pages, the Wagtail pages) are also
served under a language prefix (/fr/...) so search engines index each language; English,
the default, keeps the unprefixed address every link and Open Badges document already
names. An unprefixed address is shown in the signed-in user's saved language, else the
language cookie's (set by the switcher), else the browser's Accept-Language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import LocalePrefixPattern, URLResolver, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Languages that write the names of languages in lower case inside a sentence ("en français",
# "en francés"; but "in French", "auf Französisch", "in het Frans").
LOWER_CASE_LANGUAGE_NAMES = {"fr", "es", "it", "pt", "ca"}


def language_name(code: str, *, in_sentence: bool = False) -> str:
    """A language's name in the reader's language ("French", "Français", "Französisch"), as a
    label or `in_sentence`; an unknown tag as it is."""
    try:
        name = str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code
    if in_sentence and translation.get_language() in LOWER_CASE_LANGUAGE_NAMES:
        return name.lower()
    return name


def supported_language(code: str | None) -> str | None:
    """`code` if it is one of LANGUAGES (or a regional variant of one: fr-CA → fr), else None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def user_language(user) -> str | None:
    """The language a signed-in user chose, if any and still offered."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return supported_language(getattr(user, "language", ""))


class LanguagePrefixPattern(LocalePrefixPattern):
    """Matches /<language>/... for every language but the default, and the unprefixed address.

    Django's own pattern matches only the active language's prefix, and the unprefixed
    address only while the default language is active; here /badges/x/ answers in the
    visitor's language, and translate_url() reads any language's address whatever language
    is active. Links made while another language is active carry its prefix (reverse() gives
    /fr/...)."""

    def __init__(self):
        super().__init__(prefix_default_language=False)

    def match(self, path):
        code, slash, rest = path.partition("/")
        if slash and code != settings.LANGUAGE_CODE and code in dict(settings.LANGUAGES):
            return rest, (), {}
        return path, (), {}


def language_patterns(*urls) -> list[URLResolver]:
    """`i18n_patterns(*urls, prefix_default_language=False)`, with the unprefixed address
    served in every language (LanguagePrefixPattern)."""
    return [URLResolver(LanguagePrefixPattern(), list(urls))]


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the signed-in user's choice before cookie and header.

    Django's own would serve every unprefixed address of `i18n_patterns` in the default
    language; here a French browser gets the French page at the English address too (with
    `Vary: Accept-Language, Cookie`), and /fr/... stays French for everyone.
    """

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info)
        if not language:
            language = user_language(getattr(request, "user", None))
        if not language:
            language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # Django's would also redirect a 404 to the prefixed address, which the catch-all page
        # routes would always take; here the same address answers in every language.
        if not translation.get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def alternate_urls(request) -> list[tuple[str, str]]:
    """(language, absolute URL) of this page in each language, when its address has language
    versions (public pages); empty for pages that are one address in every language."""
    path = request.get_full_path()
    urls = [(code, translate_url(path, code)) for code, _name in settings.LANGUAGES]
    if len({url for _code, url in urls}) < 2:
        return []
    base = settings.LAUREL_BASE_URL
    return [(code, base + url) for code, url in urls]


# Languages that capitalise their nouns, so a label put inside a sentence keeps its capital.
NOUN_CAPITALISING = {"de"}


def in_sentence(label) -> str:
    """A label (a role, a state) put inside a sentence: lower case ("as editor"), except in
    languages that capitalise their nouns ("als Redaktion")."""
    label = str(label)
    return label if translation.get_language() in NOUN_CAPITALISING else label.lower()
