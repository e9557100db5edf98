"""Bounds on what issuers type: numbers the model and the date arithmetic can hold, and
one-line text (names) free of line breaks and invisible formatting characters.

Forms, API serializers and the services all use these, so each says the same thing.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# An expiry of 1,000 years (or days, weeks, months) still lands inside the calendar that
# datetime and the databases hold (year 9999); the API has always had this bound.
EXPIRES_AMOUNT_MAX = 1000
# Time to earn, in hours, days, weeks or months: ten thousand of any is beyond any course.
TIME_TO_EARN_MAX = 10_000
# BadgeClass.cost_amount is a decimal of 10 digits, 2 after the point.
COST_MAX = 99_999_999

# Formatting characters that are a real part of some writing: joiners inside emoji
# sequences and in scripts such as Persian or Devanagari, tag characters of flag emoji.
JOINERS = {"\u200c", "\u200d"}
TAGS = range(0xE0020, 0xE0080)
# Line and paragraph separators, control characters, private use and surrogates.
REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs"}


def one_line_problem(value: str) -> str | None:
    """Why value cannot be a one-line field such as a name, or None when it can.

    Refused: line breaks and other control characters (tabs too), and invisible formatting
    characters such as right-to-left overrides, zero-width spaces and byte order marks,
    which make look-alike names. A zero-width joiner or non-joiner is kept between two
    non-ASCII characters (emoji sequences, Persian, Indic scripts); emoji tags are kept.
    """
    for index, char in enumerate(value):
        category = unicodedata.category(char)
        if category not in REFUSED_CATEGORIES:
            continue
        if char in JOINERS and _between_non_ascii(value, index):
            continue
        if ord(char) in TAGS and index > 0 and not value[index - 1].isascii():
            continue
        if char in "\r\n\u2028\u2029\x0b\x0c\x85":
            return _("Keep this to one line: remove the line break.")
        name = unicodedata.name(char, "a control character")
        return _(
            "Remove the invisible character %(code)s (%(name)s); names and other one-line "
            "fields hold only visible characters and spaces."
        ) % {"code": f"U+{ord(char):04X}", "name": name.lower()}
    return None


def validate_one_line(value: str) -> None:
    """A form or serializer validator for one-line fields."""
    if isinstance(value, str) and (problem := one_line_problem(value)) is not None:
        raise ValidationError(problem)


def _between_non_ascii(value: str, index: int) -> bool:
    before = value[index - 1] if index > 0 else "a"
    after = value[index + 1] if index + 1 < len(value) else "a"
    return not before.isascii() and not after.isascii() and not (before + after).isspace()
