"""Input and output serializers of the API, with Badgr's v2 field names.

Output serializers render models; input serializers only check shape and types and hand
plain values to the services, which hold the rules.
"""

import json

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.oauth import scope_is_known
from backpack.models import Acceptance, ImportStatus
from badges.claim_qr import claim_url
from badges.models import (
    EVIDENCE_TYPES,
    ApplicationState,
    Decision,
    DurationUnit,
    EvidenceKind,
    RecipientType,
)
from badges.openbadges import ob2

from .fields import (
    ConstantField,
    DataURIImageField,
    EvidenceFileField,
    PublicUrlField,
    no_null_characters,
)
from .legacy import LegacyInputMixin


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


# Issuers -----------------------------------------------------------------------------------


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
    verification = serializers.CharField(help_text="Laurel: hosted or signed awards.")

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
        choices=["hosted", "signed"], required=False, help_text="Laurel: sign awards with JWS."
    )


# Badge classes -----------------------------------------------------------------------------


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
        source="accepts_applications", help_text="Laurel: learners may apply for it."
    )
    approvalsRequired = serializers.IntegerField(
        source="approvals_required", help_text="Laurel: reviewers' approvals an award needs."
    )
    evidenceTypes = serializers.ListField(
        source="evidence_types",
        child=serializers.CharField(),
        help_text="Laurel: evidence accepted with applications (text, url, file); empty: any.",
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
    issuer = serializers.CharField(help_text="entityId of the issuer the badge class belongs to.")


# Assertions --------------------------------------------------------------------------------


class RecipientOutput(serializers.Serializer):
    identity = serializers.CharField(help_text="The hashed identity, or the plain one.")
    hashed = serializers.BooleanField()
    type = serializers.CharField()
    plaintextIdentity = serializers.CharField()
    salt = serializers.CharField(allow_null=True)


class EvidenceSerializer(LegacyInputMixin, serializers.Serializer):
    url = serializers.URLField(required=False, max_length=500)
    narrative = serializers.CharField(required=False)

    def validate(self, attrs):
        if not attrs.get("url") and not attrs.get("narrative"):
            raise serializers.ValidationError("Give evidence a url, a narrative, or both.")
        return attrs


class CredentialOutput(serializers.Serializer):
    """An award as an Open Badges 3.0 credential, in the format asked for."""

    format = serializers.ChoiceField(choices=["json", "jwt"])
    credential = serializers.JSONField(
        allow_null=True, help_text="The OpenBadgeCredential with its DataIntegrityProof (json)."
    )
    jwt = serializers.CharField(allow_null=True, help_text="The VC-JWT (jwt).")
    url = serializers.URLField(help_text="The credential's public URL (also its id).")


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
        required=False, default=False, help_text="Email the recipient about the award."
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
    badgeclass = serializers.CharField(help_text="entityId of the badge class to award.")


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
        help_text="ISO 8601 date and time, such as 2026-01-31T12:00:00Z."
    )


class AssertionListFilter(serializers.Serializer):
    recipient = serializers.CharField(required=False, help_text="Only awards to this identity.")
    include_expired = serializers.BooleanField(required=False, default=False)
    include_revoked = serializers.BooleanField(required=False, default=False)


# Backpack ----------------------------------------------------------------------------------


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
        help_text="entityIds of badges in your backpack (awarded or imported), in order.",
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
        required=False, allow_null=True, help_text="A baked badge image as a data URI."
    )
    assertion = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="The assertion: its JSON (an object or a string) or a signed badge's JWS.",
    )

    def validate(self, data):
        given = [key for key in ("url", "image", "assertion") if data.get(key)]
        if len(given) != 1:
            raise serializers.ValidationError(
                "Give exactly one of url, image (a data URI) or assertion (JSON or JWS)."
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


# Users and tokens --------------------------------------------------------------------------


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
    token = serializers.CharField(help_text="The bearer token. Shown this once only.")


class TokenInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scope = serializers.CharField(
        help_text="Space-separated scopes, such as 'rw:issuer r:profile' or 'rw:issuer:<id>'."
    )

    def validate_scope(self, value: str) -> str:
        scopes = value.split()
        unknown = [scope for scope in scopes if not scope_is_known(scope)]
        if not scopes or unknown:
            raise serializers.ValidationError(
                "Give known scopes: r:profile, rw:profile, r:backpack, rw:backpack, rw:issuer "
                "or rw:issuer:<issuer id>."
            )
        return " ".join(dict.fromkeys(scopes))


# Claim codes -------------------------------------------------------------------------------


class ClaimCodeOutput(EntityOutput):
    entityType = ConstantField("ClaimCode")
    badgeclass = serializers.CharField(source="badge_class.entity_id")
    code = serializers.CharField(source="formatted", help_text="As printed, in groups of four.")
    claimUrl = serializers.SerializerMethodField(help_text="The claim page with the code in.")
    multiUse = serializers.BooleanField(source="multi_use")
    maxUses = serializers.IntegerField(source="max_uses", allow_null=True)
    uses = serializers.IntegerField()
    remaining = serializers.IntegerField(allow_null=True)
    email = serializers.CharField(help_text="Only this verified email may claim it, if given.")
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


class ClaimInput(serializers.Serializer):
    code = serializers.CharField(max_length=64, validators=[no_null_characters])
    email = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=254,
        help_text="Which of your verified emails gets the badge (default: your primary one).",
        validators=[no_null_characters],
    )  # fmt: skip


# Applications and review -------------------------------------------------------------------


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
        help_text="Where the file is served to the learner and the issuer's staff (signed in)."
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
        many=True, required=False, help_text="One {criterion, text} per criterion of the badge."
    )

    def validate(self, attrs):
        no_null_characters(attrs)
        return attrs


class ApplicationCreateInput(ApplicationInput):
    badgeclass = serializers.CharField(help_text="entityId of the badge class applied for.")


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
