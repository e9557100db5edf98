"""Serializer fields the Badgr representations need: constants, public URLs, data-URI images."""

import base64
import binascii
import json
import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from badges.openbadges import ob2

DATA_URI = re.compile(
    r"^data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?:;[\w-]+=[\w.-]+)*;base64,(?P<data>.*)$", re.S
)
EXTENSIONS = {"image/png": "png", "image/svg+xml": "svg"}


@extend_schema_field(OpenApiTypes.STR)
class ConstantField(serializers.Field):
    """A fixed value in every representation, such as entityType."""

    def __init__(self, value: str, **kwargs):
        self.value = value
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance) -> str:
        return self.value


@extend_schema_field({"type": "string", "format": "uri"})
class PublicUrlField(serializers.Field):
    """The public Open Badges URL of an object, from its entity id (`kind`: issuers, badges...)."""

    def __init__(self, kind: str, suffix: str = "", source: str = "entity_id", **kwargs):
        self.kind, self.suffix = kind, suffix
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, entity_id: str) -> str:
        return ob2.public_url(self.kind, entity_id, self.suffix)


@extend_schema_field(
    {
        "type": "string",
        "description": "The image as a data URI: data:image/png;base64,... or "
        "data:image/svg+xml;base64,...",
        "example": "data:image/png;base64,iVBORw0KGgo...",
    }
)
class DataURIImageField(serializers.Field):
    """An image sent inline as Badgr clients do; checked later by badges.images."""

    def __init__(self, **kwargs):
        super().__init__(write_only=True, **kwargs)

    default_error_messages = {
        "invalid": "Give the image as a data URI such as data:image/png;base64,iVBORw0...",
    }

    def to_internal_value(self, data) -> tuple[bytes, str]:
        match = DATA_URI.match(data) if isinstance(data, str) else None
        if match is None:
            self.fail("invalid")
        try:
            content = base64.b64decode(match["data"].strip(), validate=True)
        except (binascii.Error, ValueError):
            self.fail("invalid")
        if not content:
            self.fail("invalid")
        return content, f"image.{EXTENSIONS.get((match['mime'] or '').lower(), 'png')}"


def no_null_characters(value) -> None:
    """PostgreSQL cannot store NUL in text or JSON; refuse it as bad input, not a crash."""
    if "\\u0000" in json.dumps(value):
        raise serializers.ValidationError(_("Remove the NUL (\\u0000) characters."))


@extend_schema_field(
    {
        "type": "string",
        "description": "The file as a data URI (data:application/pdf;base64,...) in JSON, or "
        "the file itself in a multipart/form-data request.",
    }
)
class EvidenceFileField(serializers.Field):
    """An evidence file: an upload (multipart) or a data URI (JSON). Its type is checked later
    from its bytes by badges.services, never from the name or the declared type."""

    default_error_messages = {
        "invalid": "Give the file as a data URI such as data:application/pdf;base64,JVBER... "
        "or upload it as multipart/form-data.",
    }

    def __init__(self, **kwargs):
        super().__init__(write_only=True, **kwargs)

    def to_internal_value(self, data):
        if hasattr(data, "read") and hasattr(data, "size"):
            return data
        match = DATA_URI.match(data) if isinstance(data, str) else None
        if match is None:
            self.fail("invalid")
        try:
            return base64.b64decode(match["data"].strip(), validate=True)
        except (binascii.Error, ValueError):
            self.fail("invalid")
