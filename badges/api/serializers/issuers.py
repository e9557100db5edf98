"""Serializers of issuers and their staff."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from badges.openbadges import ob2

from ..fields import ConstantField, DataURIImageField, PublicUrlField
from ..legacy import LegacyInputMixin
from .common import EntityOutput


class IssuerStaffOutput(serializers.Serializer):
    user = serializers.CharField(source="user.entity_id")
    role = serializers.CharField()


class IssuerOutput(EntityOutput):
    entityType = ConstantField("Issuer")
    openBadgeId = PublicUrlField("issuers")
    name = serializers.CharField()
    image = serializers.SerializerMethodField()
    email = serializers.EmailField()
    description = serializers.CharField()
    url = serializers.URLField()
    staff = IssuerStaffOutput(many=True)
    verification = serializers.CharField(help_text=gettext_lazy("Laurel: hosted or signed awards."))

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_image(self, issuer):
        return ob2.public_url("issuers", issuer.entity_id, "/image") if issuer.image else None


class IssuerInput(LegacyInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    url = serializers.URLField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True)
    image = DataURIImageField(required=False)
    verification = serializers.ChoiceField(
        choices=["hosted", "signed"],
        required=False,
        help_text=gettext_lazy("Laurel: sign awards with JWS."),
    )
