"""Serializers of claim codes, as issuer staff make and read them."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from badges.claim_qr import claim_url

from ..fields import ConstantField, no_null_characters
from .common import EntityOutput


class ClaimCodeOutput(EntityOutput):
    entityType = ConstantField("ClaimCode")
    badgeclass = serializers.CharField(source="badge_class.entity_id")
    code = serializers.CharField(
        source="formatted", help_text=gettext_lazy("As printed, in groups of four.")
    )
    claimUrl = serializers.SerializerMethodField(
        help_text=gettext_lazy("The claim page with the code in.")
    )
    multiUse = serializers.BooleanField(source="multi_use")
    maxUses = serializers.IntegerField(source="max_uses", allow_null=True)
    uses = serializers.IntegerField()
    remaining = serializers.IntegerField(allow_null=True)
    email = serializers.CharField(
        help_text=gettext_lazy("Only this verified email may claim it, if given.")
    )
    expires = serializers.DateTimeField(source="expires_at", allow_null=True)
    note = serializers.CharField()
    status = serializers.ChoiceField(choices=["active", "expired", "used up", "disabled"])
    disabledAt = serializers.DateTimeField(source="disabled_at", allow_null=True)

    def get_claimUrl(self, code) -> str:
        return claim_url(code)


class ClaimCodeInput(serializers.Serializer):
    """Single-use codes (`count` of them, or one per email of `emails`), or one multi-use code
    (`multiUse` with `maxUses`, `expires` or both)."""

    count = serializers.IntegerField(default=1)
    emails = serializers.ListField(
        child=serializers.CharField(max_length=254, validators=[no_null_characters]),
        default=list,
        max_length=10_000,
    )
    multiUse = serializers.BooleanField(default=False)
    maxUses = serializers.IntegerField(required=False, allow_null=True, default=None)
    expires = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=1000,
        validators=[no_null_characters],
    )  # fmt: skip

    def to_fields(self) -> dict:
        data = self.validated_data
        return {
            "count": data["count"],
            "emails": data["emails"],
            "multi_use": data["multiUse"],
            "max_uses": data["maxUses"],
            "expires_at": data["expires"],
            "note": data["note"],
        }
