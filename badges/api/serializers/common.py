"""The serializers every area shares: Badgr's status and error envelope, an entity's ids."""

from rest_framework import serializers


class StatusOutput(serializers.Serializer):
    success = serializers.BooleanField()
    description = serializers.CharField()


class ErrorEnvelope(serializers.Serializer):
    status = StatusOutput()
    result = serializers.ListField(child=serializers.DictField(), max_length=0)
    fieldErrors = serializers.DictField()
    validationErrors = serializers.ListField(child=serializers.CharField())


class EntityOutput(serializers.Serializer):
    entityId = serializers.CharField(source="entity_id")
    createdAt = serializers.DateTimeField(source="created_at")
    createdBy = serializers.CharField(source="created_by.entity_id", allow_null=True)
