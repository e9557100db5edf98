"""Serializers of applications for a badge and their review."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from badges.models import ApplicationState, Decision, EvidenceKind

from ..fields import ConstantField, EvidenceFileField, no_null_characters


class ReflectionSerializer(serializers.Serializer):
    criterion = serializers.CharField(max_length=2000)
    text = serializers.CharField(allow_blank=True, max_length=20000)


class ApplicationEvidenceOutput(serializers.Serializer):
    entityId = serializers.CharField(source="entity_id")
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    description = serializers.CharField()
    text = serializers.CharField()
    url = serializers.CharField()
    fileName = serializers.CharField(source="file_name")
    contentType = serializers.CharField(source="content_type")
    size = serializers.IntegerField()
    fileUrl = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Where the file is served to the learner and the issuer's staff (signed in)."
        )
    )

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_fileUrl(self, item) -> str | None:
        if item.kind != EvidenceKind.FILE:
            return None
        return settings.LAUREL_BASE_URL + reverse("badges:evidence", args=[item.entity_id])


class ReviewCriterionSerializer(serializers.Serializer):
    criterion = serializers.CharField(max_length=2000)
    met = serializers.BooleanField()
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)


class ReviewOutput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    comment = serializers.CharField()
    criteria = ReviewCriterionSerializer(many=True)
    createdAt = serializers.DateTimeField(source="created_at")


class ApplicationEventOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.email", allow_null=True, default=None)
    fromState = serializers.CharField(source="from_state")
    toState = serializers.CharField(source="to_state")
    note = serializers.CharField()


class ApplicationOutput(serializers.Serializer):
    entityType = ConstantField("Application")
    entityId = serializers.CharField(source="entity_id")
    badgeclass = serializers.CharField(source="badge_class.entity_id")
    issuer = serializers.CharField(source="badge_class.issuer.entity_id")
    applicant = serializers.EmailField(source="applicant.email")
    state = serializers.ChoiceField(choices=ApplicationState.choices)
    reflections = ReflectionSerializer(many=True)
    evidence = ApplicationEvidenceOutput(many=True, source="evidence.all")
    reviews = ReviewOutput(many=True, source="reviews.all")
    events = ApplicationEventOutput(many=True, source="events.all")
    assignedTo = serializers.EmailField(source="assigned_to.email", allow_null=True, default=None)
    assignedUntil = serializers.DateTimeField(source="assigned_until", allow_null=True)
    submittedAt = serializers.DateTimeField(source="submitted_at", allow_null=True)
    decidedAt = serializers.DateTimeField(source="decided_at", allow_null=True)
    assertion = serializers.CharField(source="assertion.entity_id", allow_null=True, default=None)
    createdAt = serializers.DateTimeField(source="created_at")
    updatedAt = serializers.DateTimeField(source="updated_at")


class ApplicationInput(serializers.Serializer):
    reflections = ReflectionSerializer(
        many=True,
        required=False,
        help_text=gettext_lazy("One {criterion, text} per criterion of the badge."),
    )

    def validate(self, attrs):
        no_null_characters(attrs)
        return attrs


class ApplicationCreateInput(ApplicationInput):
    badgeclass = serializers.CharField(
        help_text=gettext_lazy("entityId of the badge class applied for.")
    )


class EvidenceInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=500)
    text = serializers.CharField(required=False, allow_blank=True)
    url = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    file = EvidenceFileField(required=False)
    fileName = serializers.CharField(required=False, max_length=200, default="evidence")

    def validate(self, attrs):
        no_null_characters({k: v for k, v in attrs.items() if k != "file"})
        return attrs

    def to_service(self) -> dict:
        data = dict(self.validated_data)
        name, file = data.pop("fileName"), data.pop("file", None)
        if isinstance(file, bytes):
            file = ContentFile(file, name=name)
        return {**data, "file": file}


class ReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    criteria = ReviewCriterionSerializer(many=True, required=False, default=list)

    def validate(self, attrs):
        no_null_characters(attrs)
        return attrs


class ReviewQueueFilter(serializers.Serializer):
    badgeclass = serializers.CharField(required=False, default="")
    state = serializers.ChoiceField(choices=ApplicationState.choices, required=False, default="")
    assignedToMe = serializers.BooleanField(required=False, default=False)
    olderThanDays = serializers.IntegerField(
        required=False, min_value=1, max_value=3650, allow_null=True, default=None
    )
