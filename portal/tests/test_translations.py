"""The translation lints: every string a person reads is marked for translation, and each
shipped language translates every marked string.

- Templates: a scanner reads each template's text (and the attributes people read or hear:
  alt, title, placeholder, aria-label) outside {% translate %} / {% blocktranslate %}, and
  fails on any word left there.
- Python: the places a person's text is written (ValidationError, messages.*, form and model
  labels and help texts, e-mail subjects, API `detail` messages) must not hold a bare string.
- Catalogues: `makemessages` run afresh finds no string the committed .po files lack, and no
  entry of French, German, Spanish or Dutch is untranslated or fuzzy; the committed .mo files
  are compiled from the .po files beside them.
"""

import ast
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR)
APPS = [
    "accounts",
    "backpack",
    "badges",
    "certificates",
    "discovery",
    "lti",
    "obapi",
    "portal",
    "search",
    "sso",
    "stats",
    "wallets",
    "web",
    "webhooks",
    "workspace",
]
TRANSLATED = ["fr", "de", "es", "nl"]
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description"}
# Words that stay as they are in every language: names of products and formats.
KEEP = {
    "Laurel",
    "LinkedIn",
    "Mastodon",
    "Facebook",
    "Bluesky",
    "Badgr",
    "BadgeClass",
    "Moodle",
    "Canvas",
    "Open",
    "Badges",
    "Credly",
    "Markdown",
    "iCal",
    "px",
    "vs",
}
WORD = re.compile("[A-Za-z][A-Za-z'\u2019]+")


def template_files() -> list[Path]:
    dirs = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    return sorted(
        path
        for folder in dirs
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.suffix in {".html", ".txt"}
    )


class TextScanner:
    """Walks a template's text tokens as HTML, keeping what a person reads."""

    def __init__(self):
        self.state = "text"  # text | tag | value | raw | comment
        self.attr = ""
        self.quote = ""
        self.tag = ""
        self.read: list[str] = []

    def gap(self) -> None:
        """A template tag or variable stands here: a word boundary."""
        if self.state == "text" or (self.state == "value" and self.attr in READ_ATTRIBUTES):
            self.read.append(" ")

    def feed(self, text: str) -> None:
        i = 0
        while i < len(text):
            c = text[i]
            if self.state == "text":
                if text.startswith("<!--", i):
                    self.state, i = "comment", i + 4
                    continue
                following = text[i + 1 : i + 2]
                if c == "<" and not following:
                    # A tag whose name a template tag writes: <{% if %}a{% else %}button{% endif %}
                    self.state, self.tag, i = "tag", "", i + 1
                    continue
                if c == "<" and following and (following.isalpha() or following in "/!"):
                    match = re.match(r"</?([A-Za-z0-9-]*)", text[i:])
                    self.tag = match.group(1).lower() if not match.group(0).startswith("</") else ""
                    self.state, i = "tag", i + len(match.group(0))
                    continue
                self.read.append(c)
            elif self.state == "comment":
                if text.startswith("-->", i):
                    self.state, i = "text", i + 3
                    continue
            elif self.state == "raw":
                if text[i:].lower().startswith(f"</{self.tag}"):
                    self.state = "tag"
                    self.tag = ""
                    i += 2
                    continue
            elif self.state == "tag":
                if c == ">":
                    self.state = "raw" if self.tag in {"script", "style"} else "text"
                    self.read.append(" ")
                elif c in "\"'":
                    name = re.search(r"([A-Za-z-]+)\s*=\s*$", text[:i])
                    self.attr = name.group(1).lower() if name else ""
                    self.quote, self.state = c, "value"
            elif self.state == "value":
                if c == self.quote:
                    self.state = "tag"
                    self.read.append(" ")
                elif self.attr in READ_ATTRIBUTES:
                    self.read.append(c)
            i += 1

    def words(self) -> list[str]:
        text = re.sub(r"&[a-z]+;|&#\d+;|https?://\S+", " ", "".join(self.read))
        return [
            word
            for word in WORD.findall(text)
            if word not in KEEP and any(ch.islower() for ch in word)
        ]


def unmarked_words(source: str) -> list[str]:
    scanner = TextScanner()
    skip_until: list[str] = []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(" ", 1)[0]
            if skip_until:
                if name == skip_until[-1]:
                    skip_until.pop()
                continue
            if name in {"blocktranslate", "blocktrans", "comment", "verbatim"}:
                skip_until.append("end" + name)
            scanner.gap()
        elif skip_until:
            continue
        elif token.token_type == TokenType.TEXT:
            scanner.feed(token.contents)
        else:
            scanner.gap()
    return scanner.words()


def test_scanner_finds_unmarked_text():
    assert unmarked_words("<p>Hello {{ name }}</p>") == ["Hello"]
    assert unmarked_words('<img alt="Badge image" src="{{ url }}">') == ["Badge", "image"]
    assert unmarked_words('<a href="/x" class="button primary">{% translate "Go" %}</a>') == []
    assert unmarked_words("{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}") == []
    assert unmarked_words("<script>const words = 1;</script>{# note #}<!-- note -->") == []
    assert unmarked_words("<input placeholder=\"{% translate 'Search' %}\">") == []
    assert unmarked_words("<p>PDF · JSON · {{ x }}</p>") == []


def test_no_template_leaves_text_unmarked():
    found = {}
    for path in template_files():
        words = unmarked_words(path.read_text())
        if words:
            found[str(path.relative_to(ROOT))] = " ".join(words[:12])
    assert not found, "Unmarked text in templates (wrap it in {% translate %}):\n" + "\n".join(
        f"  {name}: {words}" for name, words in found.items()
    )


PERSON_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
MESSAGE_CALLS = {"success", "info", "warning", "error", "add_message"}


def is_bare_text(node) -> bool:
    """A literal or f-string that holds a word (not a code, a URL, or a format)."""
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant) and re.search(r"[A-Za-z]{2}", part.value)
            for part in node.values
        )
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(re.search(r"[a-z]{2}", node.value))
    )


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def bare_strings(tree) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = call_name(node)
            args = node.args
            if name == "ValidationError" and args and is_bare_text(args[0]):
                found.append((node.lineno, "ValidationError"))
            if (
                name in MESSAGE_CALLS
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "messages"
                and len(args) > 1
                and is_bare_text(args[-1])
            ):
                found.append((node.lineno, f"messages.{name}"))
            if name == "add_error" and len(args) > 1 and is_bare_text(args[1]):
                found.append((node.lineno, "add_error"))
            # A serializer's help_text is API reference (the OpenAPI schema), for developers.
            api_field = (
                isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "serializers"
            )
            for keyword in node.keywords:
                if api_field and keyword.arg == "help_text":
                    continue
                if keyword.arg in PERSON_KEYWORDS | {"subject"} and is_bare_text(keyword.value):
                    found.append((node.lineno, keyword.arg))
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and key.value in {"detail", "error_description"}
                    and is_bare_text(value)
                ):
                    found.append((node.lineno, key.value))
    return found


def python_files() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if not {"tests", "migrations", "management"} & set(path.relative_to(ROOT).parts)
    )


def test_python_messages_are_marked():
    found = []
    for path in python_files():
        for line, where in bare_strings(ast.parse(path.read_text())):
            found.append(f"  {path.relative_to(ROOT)}:{line} ({where})")
    assert not found, "Unmarked text a person reads (wrap it in gettext):\n" + "\n".join(found)


def catalogue(language: str, domain: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_entry_is_translated(language, domain):
    po = catalogue(language, domain)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, (
        f"{language} {domain}.po: {len(untranslated)} untranslated: {untranslated[:20]}"
    )
    assert not fuzzy, f"{language} {domain}.po: {len(fuzzy)} fuzzy: {fuzzy[:20]}"


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_matches(language, domain):
    po = catalogue(language, domain)
    mo = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.mo"))
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo
    }
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{language} {domain}.mo lacks {entry.msgid!r}: run `make messages`"
        assert compiled[key] == (entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))), (
            f"{language} {domain}.mo is older than its .po ({entry.msgid!r}): run `make messages`"
        )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_catalogues_hold_every_marked_string(tmp_path, settings):
    """makemessages, run afresh on a copy, finds no msgid the committed catalogues lack."""
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["fr"], verbosity=0, **MAKEMESSAGES_OPTIONS)
    call_command(
        "makemessages", locale=["fr"], domain="djangojs", verbosity=0, **MAKEMESSAGES_OPTIONS
    )
    for domain in ["django", "djangojs"]:
        fresh = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / f"{domain}.po"))
        committed = {(e.msgctxt, e.msgid) for e in catalogue("fr", domain) if not e.obsolete}
        missing = [e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed]
        assert not missing, (
            f"{len(missing)} marked strings are not in the {domain} catalogues "
            f"(run `make messages` and translate them): {missing[:20]}"
        )


# The same options `make messages` gives (Makefile).
MAKEMESSAGES_OPTIONS = {
    # locale/ itself is left out so the catalogues written are LOCALE_PATHS[0]'s.
    "ignore_patterns": [
        "locale",
        "var/*",
        "node_modules/*",
        "docs/*",
        "static/vendor/*",
        "staticfiles/*",
    ],
    "no_obsolete": True,
    "add_location": "file",
}
