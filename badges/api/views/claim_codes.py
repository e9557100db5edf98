"""Claim codes: issuer staff make, list, read and disable a badge class's codes (a learner
claims one through the backpack API)."""

from badges import selectors
from badges.services.claim_codes import claim_code_create, claim_code_disable

from ..envelope import ok
from ..permissions import get_badge_class, get_claim_code, needs
from ..schema import api_schema
from ..serializers.claim_codes import ClaimCodeInput, ClaimCodeOutput
from . import ApiView, checked, detail_view, list_view

TAG = "Claim codes"


BadgeClassClaimCodeList = list_view(
    "BadgeClassClaimCodeList",
    "List a badge class's claim codes, newest first (staff, editors and owners).",
    items=lambda request, entity_id: selectors.claim_code_list(
        badge_class=get_badge_class(request, entity_id, right="award")
    ).select_related("created_by"),
    output=ClaimCodeOutput,
    scope="rw:issuer",
    summary="List a badge class's claim codes",
    tag=TAG,
)


class BadgeClassClaimCodeCreate(ApiView):
    """Make claim codes for a badge class: `count` single-use codes, one single-use code for
    each of `emails`, or one multi-use code (`multiUse` with `maxUses`, `expires` or both)."""

    @api_schema(
        summary="Make claim codes for a badge class",
        tag=TAG,
        output=ClaimCodeOutput,
        request=ClaimCodeInput,
        status=201,
    )
    @needs("rw:issuer")
    def post(self, request, entity_id: str):
        badge = get_badge_class(request, entity_id, right="award")
        data = checked(request, ClaimCodeInput)
        codes = claim_code_create(badge_class=badge, user=request.user, **data.to_fields())
        return ok(ClaimCodeOutput(codes, many=True).data, status=201)


ClaimCodeDetail = detail_view(
    "ClaimCodeDetail",
    "Read one claim code.",
    find=get_claim_code,
    output=ClaimCodeOutput,
    scope="rw:issuer",
    summary="Get a claim code",
    tag=TAG,
)


class ClaimCodeDisable(ApiView):
    """Disable a claim code: it can no longer be claimed; the awards made with it stay."""

    @api_schema(summary="Disable a claim code", tag=TAG, output=ClaimCodeOutput)
    @needs("rw:issuer")
    def delete(self, request, entity_id: str):
        code = claim_code_disable(claim_code=get_claim_code(request, entity_id), user=request.user)
        return ok(ClaimCodeOutput(code).data)
