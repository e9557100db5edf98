"""Input that Badgr's older API took, read as the v2 form: snake_case names and explicit nulls.

Badgr clients still on PyPI send `criteria_text` for `criteriaNarrative`, `issued_on` for
`issuedOn`, and `null` for every optional field they were not given. The schema documents
only the v2 names; these forms are accepted where their meaning is clear.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from rest_framework import serializers


class LegacyInputMixin:
    """A Serializer mixin: `legacy_names` maps an older name to its v2 field.

    Before validation, an older name becomes its v2 name (both at once must agree), and a null
    for an optional field that takes no null is dropped, as if the field were not sent. Fields
    that take null keep it, since there null has a meaning (an update's `"expires": null`
    clears the expiry). Dates need nothing here: the API's DateTimeField already reads
    "2026-01-01 10:00:00" and "2026-01-01 10:00:00Z" as well as ISO 8601 with a `T`.
    """

    legacy_names: dict[str, str] = {}

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            data = self._as_v2(data)
        return super().to_internal_value(data)

    def _as_v2(self, data: Mapping) -> dict:
        data = dict(data)
        for old, new in self.legacy_names.items():
            if old not in data:
                continue
            value = data.pop(old)
            if data.get(new) is None:
                data[new] = value
            elif value is not None and value != data[new]:
                raise serializers.ValidationError(
                    {old: [_("Give %(new)s or %(old)s, not both.") % {"new": new, "old": old}]}
                )
        for name, field in self.fields.items():
            if data.get(name, ...) is None and not field.required and not field.allow_null:
                del data[name]
        return data
