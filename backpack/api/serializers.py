"""Serializers of the backpack part of the API: awards and imported badges, collections, claims."""

import json

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backpack.models import Acceptance, ImportStatus
from badges.api.fields import ConstantField, DataURIImageField, no_null_characters
from badges.api.serializers.assertions import AssertionOutput, EvidenceSerializer, RecipientOutput


class BackpackAssertionOutput(AssertionOutput):
    acceptance = serializers.ChoiceField(choices=Acceptance.values)


class AcceptanceInput(serializers.Serializer):
    acceptance = serializers.ChoiceField(choices=Acceptance.values)


class ImportedAssertionOutput(serializers.Serializer):
    """An imported badge in Badgr's backpack shape; ids are the Open Badges URLs it came with."""

    entityType = ConstantField("Assertion")
    entityId = serializers.CharField(source="entity_id")
    openBadgeId = serializers.CharField(source="assertion_id")
    badgeclass = serializers.SerializerMethodField()
    badgeclassOpenBadgeId = serializers.SerializerMethodField()
    issuer = serializers.SerializerMethodField()
    issuerOpenBadgeId = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    recipient = serializers.SerializerMethodField()
    issuedOn = serializers.DateTimeField(source="issued_on", allow_null=True)
    narrative = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()
    revoked = serializers.SerializerMethodField()
    revocationReason = serializers.SerializerMethodField()
    expires = serializers.DateTimeField(allow_null=True)
    extensions = serializers.SerializerMethodField()
    acceptance = ConstantField(Acceptance.ACCEPTED)
    sourceUrl = serializers.CharField(source="source_url")
    verification = serializers.SerializerMethodField()

    def get_badgeclass(self, imported) -> str:
        return str(imported.badge_class_json.get("id") or imported.assertion_json.get("badge", ""))

    def get_badgeclassOpenBadgeId(self, imported) -> str:
        return self.get_badgeclass(imported)

    def get_issuer(self, imported) -> str:
        return str(imported.issuer_json.get("id", ""))

    def get_issuerOpenBadgeId(self, imported) -> str:
        return self.get_issuer(imported)

    def get_image(self, imported) -> str | None:
        if not imported.image:
            return None
        return settings.LAUREL_BASE_URL + reverse("backpack:share-image", args=[imported.entity_id])

    @extend_schema_field(RecipientOutput)
    def get_recipient(self, imported) -> dict:
        recipient = imported.assertion_json.get("recipient")
        recipient = recipient if isinstance(recipient, dict) else {"identity": recipient}
        return {
            "identity": recipient.get("identity"),
            "hashed": recipient.get("hashed", False),
            "type": recipient.get("type", "email"),
            "plaintextIdentity": imported.recipient_identity,
            "salt": recipient.get("salt"),
        }

    def get_narrative(self, imported) -> str:
        return str(imported.assertion_json.get("narrative") or "")

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, imported) -> list[dict]:
        evidence = imported.assertion_json.get("evidence") or []
        items = evidence if isinstance(evidence, list) else [evidence]
        return [
            {"url": item, "narrative": ""}
            if isinstance(item, str)
            else {"url": item.get("id", ""), "narrative": item.get("narrative", "")}
            for item in items
            if isinstance(item, str | dict)
        ]

    def get_revoked(self, imported) -> bool:
        return imported.status == ImportStatus.REVOKED

    def get_revocationReason(self, imported) -> str | None:
        return imported.status_detail if self.get_revoked(imported) else None

    def get_extensions(self, imported) -> dict:
        return {}

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "status": {"type": "string", "enum": ImportStatus.values},
                "detail": {"type": "string"},
                "verifiedAt": {"type": "string", "format": "date-time"},
                "specVersion": {"type": "string"},
                "type": {"type": "string", "enum": ["hosted", "signed"]},
            },
        }
    )
    def get_verification(self, imported) -> dict:
        return {
            "status": imported.status,
            "detail": imported.status_detail,
            "verifiedAt": imported.verified_at.isoformat(),
            "specVersion": imported.spec_version,
            "type": imported.verification_type,
        }


class CollectionOutput(serializers.Serializer):
    entityType = ConstantField("BackpackCollection")
    entityId = serializers.CharField(source="entity_id")
    createdAt = serializers.DateTimeField(source="created_at")
    owner = serializers.CharField(source="owner.entity_id")
    name = serializers.CharField()
    description = serializers.CharField()
    published = serializers.BooleanField()
    shareUrl = serializers.SerializerMethodField()
    assertions = serializers.SerializerMethodField()

    def get_shareUrl(self, collection) -> str | None:
        if not collection.published:
            return None
        return settings.LAUREL_BASE_URL + reverse(
            "backpack:share-collection", args=[collection.entity_id]
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_assertions(self, collection) -> list[str]:
        return [entry.entity_id for entry in collection.entries.all()]


class CollectionInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    published = serializers.BooleanField(required=False, allow_null=True)
    assertions = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "entityIds of badges in your backpack (awarded or imported), in order."
        ),
    )

    def to_service(self) -> dict:
        # Badgr's older clients send explicit nulls for fields they leave alone.
        data = {key: value for key, value in self.validated_data.items() if value is not None}
        if "assertions" in data:
            data["assertion_ids"] = data.pop("assertions")
        return data


class ImportInput(serializers.Serializer):
    """One badge, given one way, as Badgr's import takes it."""

    url = serializers.URLField(required=False, allow_null=True, allow_blank=True, max_length=1000)
    image = DataURIImageField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "A baked badge image (PNG or SVG) or a Laurel certificate PDF, as a data URI."
        ),
    )
    assertion = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "The assertion: its JSON (an object or a string) or a signed badge's JWS."
        ),
    )

    def validate(self, data):
        given = [key for key in ("url", "image", "assertion") if data.get(key)]
        if len(given) != 1:
            raise serializers.ValidationError(
                _("Give exactly one of url, image (a data URI) or assertion (JSON or JWS).")
            )
        return data

    def to_service(self) -> dict:
        data = self.validated_data
        if data.get("url"):
            return {"url": data["url"]}
        if data.get("image"):
            return {"image": data["image"][0]}
        assertion = data["assertion"]
        return {"text": assertion if isinstance(assertion, str) else json.dumps(assertion)}


class ClaimInput(serializers.Serializer):
    code = serializers.CharField(max_length=64, validators=[no_null_characters])
    email = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=254,
        help_text=gettext_lazy(
            "Which of your verified emails gets the badge (default: your primary one)."
        ),
        validators=[no_null_characters],
    )  # fmt: skip
