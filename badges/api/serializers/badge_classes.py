"""Serializers of badge classes: alignments, expiry, the class itself."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from badges.models import EVIDENCE_TYPES, DurationUnit

from ..fields import ConstantField, DataURIImageField, PublicUrlField
from ..legacy import LegacyInputMixin
from .common import EntityOutput


class AlignmentSerializer(LegacyInputMixin, serializers.Serializer):
    legacy_names = {
        "target_name": "targetName",
        "target_url": "targetUrl",
        "target_description": "targetDescription",
        "target_framework": "targetFramework",
        "target_code": "targetCode",
    }

    targetName = serializers.CharField()
    targetUrl = serializers.URLField(required=False, allow_blank=True)
    targetDescription = serializers.CharField(required=False, allow_blank=True)
    targetFramework = serializers.CharField(required=False, allow_blank=True)
    targetCode = serializers.CharField(required=False, allow_blank=True)


class ExpiresSerializer(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1, max_value=1000, allow_null=True)
    duration = serializers.ChoiceField(choices=DurationUnit.values, allow_null=True)


class BadgeClassOutput(EntityOutput):
    entityType = ConstantField("BadgeClass")
    openBadgeId = PublicUrlField("badges")
    issuer = serializers.CharField(source="issuer.entity_id")
    issuerOpenBadgeId = PublicUrlField("issuers", source="issuer.entity_id")
    name = serializers.CharField()
    image = PublicUrlField("badges", "/image")
    description = serializers.CharField()
    criteriaUrl = serializers.CharField(source="criteria_url")
    criteriaNarrative = serializers.CharField(source="criteria_narrative")
    alignments = AlignmentSerializer(many=True)
    tags = serializers.ListField(child=serializers.CharField())
    expires = serializers.SerializerMethodField()
    extensions = serializers.SerializerMethodField()
    acceptsApplications = serializers.BooleanField(
        source="accepts_applications", help_text=gettext_lazy("Laurel: learners may apply for it.")
    )
    approvalsRequired = serializers.IntegerField(
        source="approvals_required",
        help_text=gettext_lazy("Laurel: reviewers' approvals an award needs."),
    )
    evidenceTypes = serializers.ListField(
        source="evidence_types",
        child=serializers.CharField(),
        help_text=gettext_lazy(
            "Laurel: evidence accepted with applications (text, url, file); empty: any."
        ),
    )

    @extend_schema_field(ExpiresSerializer(allow_null=True))
    def get_expires(self, badge):
        if not badge.expires_amount:
            return None
        return {"amount": badge.expires_amount, "duration": badge.expires_unit}

    @extend_schema_field({"type": "object"})
    def get_extensions(self, badge) -> dict:
        return {}


class BadgeClassInput(LegacyInputMixin, serializers.Serializer):
    legacy_names = {
        "criteria_text": "criteriaNarrative",
        "criteria_narrative": "criteriaNarrative",
        "criteria_url": "criteriaUrl",
    }

    name = serializers.CharField(max_length=200)
    description = serializers.CharField()
    image = DataURIImageField(required=False)
    criteriaUrl = serializers.URLField(required=False, allow_blank=True, max_length=500)
    criteriaNarrative = serializers.CharField(required=False, allow_blank=True)
    alignments = AlignmentSerializer(many=True, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100
    )
    expires = ExpiresSerializer(required=False, allow_null=True)
    acceptsApplications = serializers.BooleanField(required=False)
    approvalsRequired = serializers.IntegerField(required=False, min_value=1, max_value=10)
    evidenceTypes = serializers.ListField(
        child=serializers.ChoiceField(choices=list(EVIDENCE_TYPES)), required=False
    )

    def to_service(self) -> dict:
        """The validated data as badge_class_create/update keyword arguments."""
        data = dict(self.validated_data)
        fields = {}
        if "image" in data:
            fields["image"], fields["image_name"] = data.pop("image")
        for api_name, name in (
            ("criteriaUrl", "criteria_url"),
            ("criteriaNarrative", "criteria_narrative"),
            ("acceptsApplications", "accepts_applications"),
            ("approvalsRequired", "approvals_required"),
            ("evidenceTypes", "evidence_types"),
        ):
            if api_name in data:
                fields[name] = data.pop(api_name)
        if "alignments" in data:
            fields["alignments"] = [
                {k: v for k, v in item.items() if v} for item in data.pop("alignments")
            ]
        if "expires" in data:
            expires = data.pop("expires") or {}
            fields["expires_amount"] = expires.get("amount")
            fields["expires_unit"] = expires.get("duration") or ""
        data.pop("issuer", None)
        return {**data, **fields}


class BadgeClassCreateInput(BadgeClassInput):
    issuer = serializers.CharField(
        help_text=gettext_lazy("entityId of the issuer the badge class belongs to.")
    )
