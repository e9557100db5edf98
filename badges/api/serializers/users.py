"""Serializers of the signed-in user and their API tokens."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.oauth import scope_is_known

from ..fields import ConstantField
from ..legacy import LegacyInputMixin


class EmailOutput(serializers.Serializer):
    email = serializers.EmailField()
    verified = serializers.BooleanField()
    primary = serializers.BooleanField()


class UserOutput(serializers.Serializer):
    entityType = ConstantField("BadgeUser")
    entityId = serializers.CharField(source="entity_id")
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    emails = serializers.SerializerMethodField()

    @extend_schema_field(EmailOutput(many=True))
    def get_emails(self, user) -> list[dict]:
        return [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in user.emailaddress_set.order_by("-primary", "email")
        ]


class UserInput(LegacyInputMixin, serializers.Serializer):
    legacy_names = {"first_name": "firstName", "last_name": "lastName"}

    firstName = serializers.CharField(max_length=150, required=False, allow_blank=True)
    lastName = serializers.CharField(max_length=150, required=False, allow_blank=True)


class TokenOutput(serializers.Serializer):
    entityType = ConstantField("AccessToken")
    entityId = serializers.CharField(source="entity_id")
    name = serializers.CharField()
    scope = serializers.CharField(source="access_token.scope")
    expires = serializers.DateTimeField(source="access_token.expires")
    createdAt = serializers.DateTimeField(source="created_at")


class TokenCreatedOutput(TokenOutput):
    token = serializers.CharField(help_text=gettext_lazy("The bearer token. Shown this once only."))


class TokenInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scope = serializers.CharField(
        help_text=gettext_lazy(
            "Space-separated scopes, such as 'rw:issuer r:profile' or 'rw:issuer:<id>'."
        )
    )

    def validate_scope(self, value: str) -> str:
        scopes = value.split()
        unknown = [scope for scope in scopes if not scope_is_known(scope)]
        if not scopes or unknown:
            raise serializers.ValidationError(
                _(
                    "Give known scopes: r:profile, rw:profile, r:backpack, rw:backpack, rw:issuer "
                    "or rw:issuer:<issuer id>."
                )
            )
        return " ".join(dict.fromkeys(scopes))
