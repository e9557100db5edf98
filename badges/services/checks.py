"""Field checks shared by the writes: text fit for XML, one-line names, URLs, Markdown length."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..limits import one_line_problem
from ..markdown import MAX_MARKDOWN
from ..openbadges.baking import XML_ILLEGAL


def check_text(fields: dict[str, Any], errors: dict) -> None:
    """Refuse characters XML cannot hold (control characters other than tabs and line breaks)
    in any text of the fields, also inside lists and objects: badge text ends up in SVG
    images, baked badges and feeds."""

    def find(value) -> str | None:
        if isinstance(value, str):
            match = XML_ILLEGAL.search(value)
            return match.group() if match else None
        if isinstance(value, dict):
            value = [*value.keys(), *value.values()]
        if isinstance(value, list | tuple):
            return next((found for item in value if (found := find(item))), None)
        return None

    for name, value in fields.items():
        if (found := find(value)) is not None:
            errors.setdefault(name, []).append(
                _(
                    "Remove the character %(code)s; text may hold tabs and line breaks but no "
                    "other control characters."
                )
                % {"code": f"U+{ord(found):04X}"}
            )
        elif name in ONE_LINE_FIELDS:
            # Names go into email subjects, headings and images: one line of visible text.
            for text in value if isinstance(value, list | tuple) else [value]:
                if isinstance(text, str) and (problem := one_line_problem(text)) is not None:
                    errors.setdefault(name, []).append(problem)
                    break


ONE_LINE_FIELDS = {"name", "url", "email", "criteria_url", "tags", "language", "cost_currency"}


def markdown_too_long(text: str, field: str, errors: dict) -> bool:
    """Refuse Markdown longer than MAX_MARKDOWN characters (it is rendered when saved)."""
    if isinstance(text, str) and len(text) > MAX_MARKDOWN:
        errors.setdefault(field, []).append(
            _("The text has %(count)s characters; keep it to %(max)s or fewer.")
            % {
                "count": number_format(len(text), force_grouping=True),
                "max": number_format(MAX_MARKDOWN, force_grouping=True),
            }
        )
        return True
    return False


def check_url_field(value: str, field: str, errors: dict, *, required: bool = False) -> None:
    if not value:
        if required:
            errors.setdefault(field, []).append(_("Enter a URL starting with https:// or http://."))
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        errors.setdefault(field, []).append(
            _("%(value)s is not a valid URL; enter one starting with https:// or http://.")
            % {"value": repr(value)}
        )
