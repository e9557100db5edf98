"""Claim codes: issuer staff make, list, read and disable a badge class's codes (a learner
claims one through the backpack API)."""

from badges import selectors
from badges.services.claim_codes import claim_code_create, claim_code_disable

from ..envelope import ok
from ..pagination import paginate
from ..permissions import get_badge_class, get_claim_code, needs
from ..schema import api_schema
from ..serializers.claim_codes import ClaimCodeInput, ClaimCodeOutput
from . import ApiView, checked

TAG = "Claim codes"


class BadgeClassClaimCodeList(ApiView):
    """List a badge class's claim codes, newest first (staff, editors and owners)."""

    @api_schema(
        summary="List a badge class's claim codes", tag=TAG, output=ClaimCodeOutput, paginated=True
    )
    @needs("rw:issuer")
    def get(self, request, entity_id: str):
        badge = get_badge_class(request, entity_id, right="award")
        codes = selectors.claim_code_list(badge_class=badge).select_related("created_by")
        return paginate(request, self, codes, ClaimCodeOutput)


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


class ClaimCodeDetail(ApiView):
    """Read one claim code."""

    @api_schema(summary="Get a claim code", tag=TAG, output=ClaimCodeOutput, errors=(401, 403, 404))
    @needs("rw:issuer")
    def get(self, request, entity_id: str):
        return ok(ClaimCodeOutput(get_claim_code(request, entity_id)).data)


class ClaimCodeDisable(ApiView):
    """Disable a claim code: it can no longer be claimed; the awards made with it stay."""

    @api_schema(summary="Disable a claim code", tag=TAG, output=ClaimCodeOutput)
    @needs("rw:issuer")
    def delete(self, request, entity_id: str):
        code = claim_code_disable(claim_code=get_claim_code(request, entity_id), user=request.user)
        return ok(ClaimCodeOutput(code).data)
