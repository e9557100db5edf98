"""Serializers of awards: recipients, evidence, credentials, revocation and change feeds."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from badges.models import RecipientType
from badges.openbadges import ob2

from ..fields import ConstantField, PublicUrlField, no_null_characters
from ..legacy import LegacyInputMixin
from .common import EntityOutput


class RecipientOutput(serializers.Serializer):
    identity = serializers.CharField(
        help_text=gettext_lazy("The hashed identity, or the plain one.")
    )
    hashed = serializers.BooleanField()
    type = serializers.CharField()
    plaintextIdentity = serializers.CharField()
    salt = serializers.CharField(allow_null=True)


class EvidenceSerializer(LegacyInputMixin, serializers.Serializer):
    url = serializers.URLField(required=False, max_length=500)
    narrative = serializers.CharField(required=False)

    def validate(self, attrs):
        if not attrs.get("url") and not attrs.get("narrative"):
            raise serializers.ValidationError(_("Give evidence a url, a narrative, or both."))
        return attrs


class CredentialOutput(serializers.Serializer):
    """An award as an Open Badges 3.0 credential, in the format asked for."""

    format = serializers.ChoiceField(choices=["json", "jwt"])
    credential = serializers.JSONField(
        allow_null=True,
        help_text=gettext_lazy("The OpenBadgeCredential with its DataIntegrityProof (json)."),
    )
    jwt = serializers.CharField(allow_null=True, help_text=gettext_lazy("The VC-JWT (jwt)."))
    url = serializers.URLField(help_text=gettext_lazy("The credential's public URL (also its id)."))


class AssertionOutput(EntityOutput):
    entityType = ConstantField("Assertion")
    openBadgeId = PublicUrlField("assertions")
    badgeclass = serializers.CharField(source="badge_class.entity_id")
    badgeclassOpenBadgeId = PublicUrlField("badges", source="badge_class.entity_id")
    issuer = serializers.CharField(source="issuer.entity_id")
    issuerOpenBadgeId = PublicUrlField("issuers", source="issuer.entity_id")
    image = PublicUrlField("assertions", "/image")
    recipient = serializers.SerializerMethodField()
    issuedOn = serializers.DateTimeField(source="issued_on")
    narrative = serializers.CharField()
    evidence = EvidenceSerializer(many=True)
    revoked = serializers.BooleanField()
    revocationReason = serializers.CharField(source="revocation_reason", allow_null=True)
    expires = serializers.DateTimeField(allow_null=True)
    extensions = serializers.DictField()

    @extend_schema_field(RecipientOutput)
    def get_recipient(self, assertion) -> dict:
        document = ob2.recipient_document(assertion)
        return {
            "identity": document["identity"],
            "hashed": document["hashed"],
            "type": document["type"],
            "plaintextIdentity": assertion.recipient_identity,
            "salt": document.get("salt"),
        }

    def to_representation(self, assertion):
        data = super().to_representation(assertion)
        if not assertion.revoked:
            data["revocationReason"] = None
        return data


class RecipientInput(LegacyInputMixin, serializers.Serializer):
    identity = serializers.CharField(max_length=500)
    type = serializers.ChoiceField(choices=RecipientType.values, default=RecipientType.EMAIL)
    hashed = serializers.BooleanField(required=False, allow_null=True, default=None)


class AssertionInput(LegacyInputMixin, serializers.Serializer):
    legacy_names = {"issued_on": "issuedOn", "create_notification": "notify"}

    recipient = RecipientInput()
    issuedOn = serializers.DateTimeField(required=False)
    narrative = serializers.CharField(required=False, allow_blank=True)
    evidence = EvidenceSerializer(many=True, required=False)
    expires = serializers.DateTimeField(required=False, allow_null=True)
    extensions = serializers.DictField(required=False, validators=[no_null_characters])
    notify = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Email the recipient about the award."),
    )

    def to_row(self, data: dict | None = None) -> dict:
        """One award's validated data as an assertion_award row."""
        data = dict(self.validated_data if data is None else data)
        recipient = data.pop("recipient")
        row = {
            "recipient_identity": recipient["identity"],
            "recipient_type": recipient["type"],
            "hashed": recipient.get("hashed"),
        }
        if "issuedOn" in data:
            row["issued_on"] = data["issuedOn"]
        for name in ("narrative", "evidence", "expires", "extensions"):
            if name in data:
                row[name] = data[name]
        if "evidence" in row:
            row["evidence"] = [dict(item) for item in row["evidence"]]
        return row


class IssuerAssertionInput(AssertionInput):
    badgeclass = serializers.CharField(
        help_text=gettext_lazy("entityId of the badge class to award.")
    )


class BatchIssueInput(LegacyInputMixin, serializers.Serializer):
    assertions = AssertionInput(many=True, allow_empty=False, max_length=1000)
    create_notification = serializers.BooleanField(required=False, default=False)

    def to_rows(self) -> list[dict]:
        single = AssertionInput()
        return [single.to_row(item) for item in self.validated_data["assertions"]]


class AssertionUpdateInput(LegacyInputMixin, serializers.Serializer):
    narrative = serializers.CharField(required=False, allow_blank=True)
    evidence = EvidenceSerializer(many=True, required=False)
    expires = serializers.DateTimeField(required=False, allow_null=True)
    extensions = serializers.DictField(required=False, validators=[no_null_characters])

    def to_service(self) -> dict:
        data = dict(self.validated_data)
        if "evidence" in data:
            data["evidence"] = [dict(item) for item in data["evidence"]]
        return data


class RevokeInput(serializers.Serializer):
    revocation_reason = serializers.CharField(max_length=500)


class RevokeItemInput(LegacyInputMixin, serializers.Serializer):
    legacy_names = {"entity_id": "entityId", "revocation_reason": "revocationReason"}

    entityId = serializers.CharField()
    revocationReason = serializers.CharField(max_length=500)


class RevokeItemOutput(serializers.Serializer):
    entityId = serializers.CharField()
    revoked = serializers.BooleanField()
    revocationReason = serializers.CharField()


class ChangedSinceInput(serializers.Serializer):
    since = serializers.DateTimeField(
        help_text=gettext_lazy("ISO 8601 date and time, such as 2026-01-31T12:00:00Z.")
    )


class AssertionListFilter(serializers.Serializer):
    recipient = serializers.CharField(
        required=False, help_text=gettext_lazy("Only awards to this identity.")
    )
    include_expired = serializers.BooleanField(required=False, default=False)
    include_revoked = serializers.BooleanField(required=False, default=False)
