"""Assertions (awards): list, award one or many, read, update, revoke one or many."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from badges import credentials, selectors
from badges.openbadges.ob3 import credential_url
from badges.services.awards import (
    assertion_award,
    assertion_award_batch,
    assertion_revoke,
    assertion_update,
)

from ..envelope import ok
from ..idempotency import idempotent
from ..pagination import paginate
from ..permissions import get_assertion, get_badge_class, get_issuer, needs
from ..schema import IDEMPOTENCY_PARAMETER, api_schema
from ..serializers.assertions import (
    AssertionInput,
    AssertionListFilter,
    AssertionOutput,
    AssertionUpdateInput,
    BatchIssueInput,
    CredentialOutput,
    IssuerAssertionInput,
    RevokeInput,
    RevokeItemInput,
    RevokeItemOutput,
)
from . import ApiView, checked, detail_view

TAG = "Assertions"
FILTER_PARAMETERS = [
    OpenApiParameter("recipient", str, description="Only awards to this recipient identity."),
    OpenApiParameter("include_expired", bool, description="Include expired awards."),
    OpenApiParameter("include_revoked", bool, description="Include revoked awards."),
]
AWARD_ERRORS = (400, 401, 403, 404, 422)
NO_REASON = "No reason given."


def _list_schema(summary: str):
    """The schema of a list of awards, paged and filtered by FILTER_PARAMETERS."""
    return api_schema(
        summary=summary,
        tag=TAG,
        output=AssertionOutput,
        paginated=True,
        parameters=FILTER_PARAMETERS,
    )


def _award_schema(summary: str, request: type[AssertionInput]):
    """The schema of an award of one recipient, made once per Idempotency-Key."""
    return api_schema(
        summary=summary,
        tag=TAG,
        output=AssertionOutput,
        request=request,
        status=201,
        errors=AWARD_ERRORS,
        parameters=[IDEMPOTENCY_PARAMETER],
    )


def _filtered(request, **scope):
    params = checked(request, AssertionListFilter, query=True)
    filters = params.validated_data
    assertions = selectors.assertion_list(
        include_revoked=filters["include_revoked"],
        include_expired=filters["include_expired"],
        **scope,
    ).select_related("created_by")
    if recipient := filters.get("recipient", "").strip():
        assertions = assertions.filter(
            Q(recipient_identity=recipient) | Q(recipient_identity=recipient.lower())
        )
    return assertions


def _award(request, badge, data: AssertionInput):
    def perform():
        assertion = assertion_award(
            badge_class=badge,
            user=request.user,
            notify=data.validated_data["notify"],
            **data.to_row(),
        )
        return ok(AssertionOutput(assertion).data, status=201)

    return idempotent(request, perform)


class IssuerAssertionList(ApiView):
    """List an issuer's awards."""

    @_list_schema("List an issuer's assertions")
    @needs("rw:issuer")
    def get(self, request, entity_id: str):
        issuer = get_issuer(request, entity_id)
        return paginate(request, self, _filtered(request, issuer=issuer), AssertionOutput)


class IssuerAssertionCreate(ApiView):
    """Award the badge class named in the body (staff, editors and owners)."""

    @_award_schema("Award a badge of an issuer", IssuerAssertionInput)
    @needs("rw:issuer")
    def post(self, request, entity_id: str):
        issuer = get_issuer(request, entity_id, right="award")
        data = checked(request, IssuerAssertionInput)
        badge = get_badge_class(request, data.validated_data["badgeclass"])
        if badge.issuer_id != issuer.pk:
            raise ValidationError(
                {
                    "badgeclass": [
                        _("This badge class is not %(issuer)s's.") % {"issuer": issuer.name}
                    ]
                }
            )
        return _award(request, badge, data)


class BadgeClassAssertionList(ApiView):
    """List a badge class's awards."""

    @_list_schema("List a badge class's assertions")
    @needs("rw:issuer")
    def get(self, request, entity_id: str):
        badge = get_badge_class(request, entity_id)
        return paginate(request, self, _filtered(request, badge_class=badge), AssertionOutput)


class BadgeClassAssertionCreate(ApiView):
    """Award this badge class to one recipient (staff, editors and owners)."""

    @_award_schema("Award a badge class", AssertionInput)
    @needs("rw:issuer")
    def post(self, request, entity_id: str):
        badge = get_badge_class(request, entity_id, right="award")
        data = checked(request, AssertionInput)
        return _award(request, badge, data)


class BadgeClassIssue(ApiView):
    """Award this badge class to many recipients at once: all are awarded, or none."""

    @api_schema(
        summary="Award a badge class to many recipients",
        tag=TAG,
        output=AssertionOutput,
        request=BatchIssueInput,
        status=201,
        errors=AWARD_ERRORS,
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @needs("rw:issuer")
    def post(self, request, entity_id: str):
        badge = get_badge_class(request, entity_id, right="award")
        data = checked(request, BatchIssueInput)

        def perform():
            assertions = assertion_award_batch(
                badge_class=badge,
                user=request.user,
                rows=data.to_rows(),
                notify=data.validated_data["create_notification"],
            )
            return ok(AssertionOutput(assertions, many=True).data, status=201)

        return idempotent(request, perform)


AssertionDetail = detail_view(
    "AssertionDetail",
    "Read one award.",
    find=get_assertion,
    output=AssertionOutput,
    scope="rw:issuer",
    summary="Get an assertion",
    tag=TAG,
)


class AssertionCredential(ApiView):
    """The award as an Open Badges 3.0 OpenBadgeCredential: `?as=json` (eddsa-rdfc-2022 Data
    Integrity proof, the default) or `?as=jwt` (VC-JWT, ES256). The same documents are public
    at the award's credential URL, where images with them baked in are also had. (Not
    `format`: REST framework keeps that parameter for choosing its renderer.)"""

    @api_schema(
        summary="Get an assertion as an Open Badges 3.0 credential",
        tag=TAG,
        output=CredentialOutput,
        errors=(400, 401, 403, 404),
        parameters=[
            OpenApiParameter("as", str, enum=["json", "jwt"], description="json (default) or jwt.")
        ],
    )
    @needs("rw:issuer")
    def get(self, request, entity_id: str):
        assertion = get_assertion(request, entity_id)
        fmt = request.query_params.get("as", "json")
        if fmt not in ("json", "jwt"):
            raise ValidationError({"as": [_("Use json or jwt.")]})
        return ok(
            {
                "format": fmt,
                "credential": credentials.credential_json(assertion) if fmt == "json" else None,
                "jwt": credentials.credential_jwt(assertion) if fmt == "jwt" else None,
                "url": credential_url(assertion.entity_id),
            }
        )


class AssertionUpdate(ApiView):
    """Change an award's narrative, evidence, extensions or expiry."""

    @api_schema(
        summary="Update an assertion", tag=TAG, output=AssertionOutput, request=AssertionUpdateInput
    )
    @needs("rw:issuer")
    def put(self, request, entity_id: str):
        assertion = get_assertion(request, entity_id, right="award")
        data = checked(request, AssertionUpdateInput)
        assertion = assertion_update(assertion=assertion, user=request.user, **data.to_service())
        return ok(AssertionOutput(assertion).data)


class AssertionRevoke(ApiView):
    """Revoke an award; the body gives `revocation_reason`, as in Badgr."""

    @api_schema(summary="Revoke an assertion", tag=TAG, output=AssertionOutput, request=RevokeInput)
    @needs("rw:issuer")
    def delete(self, request, entity_id: str):
        assertion = get_assertion(request, entity_id, right="award")
        # Older Badgr clients (badgrclient's Assertion.revoke) send a bare DELETE: revoking
        # is clearly meant, and the reason is recorded as not given. A body must say why.
        body = request.data if request.stream is not None else {"revocation_reason": NO_REASON}
        data = RevokeInput(data=body)
        data.is_valid(raise_exception=True)
        assertion_revoke(
            assertion=assertion, user=request.user, reason=data.validated_data["revocation_reason"]
        )
        return ok(AssertionOutput(assertion).data)


class AssertionBatchRevoke(ApiView):
    """Revoke many awards, each with its reason: all are revoked, or none."""

    @api_schema(
        summary="Revoke many assertions",
        tag=TAG,
        output=RevokeItemOutput,
        request=RevokeItemInput(many=True),
    )
    @needs("rw:issuer")
    def post(self, request):
        data = checked(request, RevokeItemInput, many=True, allow_empty=False)
        result = []
        with transaction.atomic():
            for item in data.validated_data:
                assertion = get_assertion(request, item["entityId"], right="award")
                assertion_revoke(
                    assertion=assertion, user=request.user, reason=item["revocationReason"]
                )
                result.append({**item, "revoked": True})
        return ok(RevokeItemOutput(result, many=True).data, description="revoked badges")
