"""The API's JSON parser: bad JSON of any kind is a 400 (or a 413) in the envelope, never a 500.

Python's decoder recurses once per nesting level, so a body of a hundred thousand `[` is a
RecursionError; it also accepts `\\ud800`, a lone surrogate no response can echo back as
UTF-8. Both are refused here, with the body's size, before any view sees the data.
"""

import codecs
import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

# Deeper than any Badgr or Open Badges document (they nest a handful of levels).
MAX_DEPTH = 32


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


def body_limit() -> int | None:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large(limit: int) -> BodyTooLarge:
    return BodyTooLarge(
        _(
            "The request body is larger than the limit of %(limit)s bytes; "
            "send less at once (for images, a smaller file)."
        )
        % {"limit": limit}
    )


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = body_limit()
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise too_large(limit)
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(
                _("The body is not %(encoding)s text.") % {"encoding": encoding}
            ) from exc
        try:
            data = json.loads(text, parse_constant=_no_constant)
        except RecursionError as exc:
            raise ParseError(_too_deep()) from exc
        except ValueError as exc:
            raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": exc}) from exc
        check_json(data)
        return data


def check_json(data) -> None:
    """ParseError when data nests deeper than MAX_DEPTH or holds a lone surrogate."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise ParseError(_too_deep())
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    _check_text(key)
                stack.append((item, depth + 1))


def _check_text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ParseError(
            _(
                "The body holds a lone surrogate (%(code)s), which is not a character; "
                "send the text as valid UTF-8."
            )
            % {"code": f"U+{ord(value[exc.start]):04X}"}
        ) from None


def _too_deep() -> str:
    return _(
        "The JSON is nested more than %(depth)d levels deep; no API document nests so far."
    ) % {"depth": MAX_DEPTH}


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")
