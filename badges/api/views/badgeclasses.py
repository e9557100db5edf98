"""Badge classes: list, create, read, update and delete, across your issuers or under one."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from badges import selectors
from badges.services.badge_classes import badge_class_create, badge_class_delete, badge_class_update

from ..envelope import ok
from ..permissions import get_badge_class, get_issuer, issuer_limit, needs
from ..schema import api_schema
from ..selectors import user_badge_classes
from ..serializers.badge_classes import (
    BadgeClassCreateInput,
    BadgeClassInput,
    BadgeClassOutput,
)
from . import ApiView, checked, detail_view, list_view

TAG = "BadgeClasses"


def _create(request, issuer, data: BadgeClassInput):
    fields = data.to_service()
    if "image" not in fields:
        raise ValidationError({"image": [_("A badge class needs an image (PNG or SVG data URI).")]})
    badge = badge_class_create(issuer=issuer, user=request.user, **fields)
    return ok(BadgeClassOutput(badge).data, status=201)


BadgeClassList = list_view(
    "BadgeClassList",
    "List the badge classes of every issuer where you have a role.",
    items=lambda request: user_badge_classes(user=request.user, limit=issuer_limit(request)),
    output=BadgeClassOutput,
    scope="rw:issuer",
    summary="List your badge classes",
    tag=TAG,
    errors=(401, 403),
)


class BadgeClassCreate(ApiView):
    """Create a badge class at the issuer named in the body (editors and owners)."""

    @api_schema(
        summary="Create a badge class",
        tag=TAG,
        output=BadgeClassOutput,
        request=BadgeClassCreateInput,
        status=201,
    )
    @needs("rw:issuer")
    def post(self, request):
        data = checked(request, BadgeClassCreateInput)
        issuer = get_issuer(request, data.validated_data["issuer"], right="edit_badges")
        return _create(request, issuer, data)


IssuerBadgeClassList = list_view(
    "IssuerBadgeClassList",
    "List an issuer's badge classes.",
    items=lambda request, entity_id: selectors.badge_class_list(
        issuer=get_issuer(request, entity_id)
    ).select_related("created_by"),
    output=BadgeClassOutput,
    scope="rw:issuer",
    summary="List an issuer's badge classes",
    tag=TAG,
    errors=(401, 403, 404),
)


class IssuerBadgeClassCreate(ApiView):
    """Create a badge class at this issuer (editors and owners)."""

    @api_schema(
        summary="Create a badge class at an issuer",
        tag=TAG,
        output=BadgeClassOutput,
        request=BadgeClassInput,
        status=201,
    )
    @needs("rw:issuer")
    def post(self, request, entity_id: str):
        issuer = get_issuer(request, entity_id, right="edit_badges")
        data = checked(request, BadgeClassInput)
        return _create(request, issuer, data)


BadgeClassDetail = detail_view(
    "BadgeClassDetail",
    "Read one badge class.",
    find=get_badge_class,
    output=BadgeClassOutput,
    scope="rw:issuer",
    summary="Get a badge class",
    tag=TAG,
)


class BadgeClassUpdate(ApiView):
    """Change a badge class (editors and owners). Fields left out keep their value."""

    @api_schema(
        summary="Update a badge class", tag=TAG, output=BadgeClassOutput, request=BadgeClassInput
    )
    @needs("rw:issuer")
    def put(self, request, entity_id: str):
        badge = get_badge_class(request, entity_id, right="edit_badges")
        data = checked(request, BadgeClassInput, partial=True)
        badge = badge_class_update(badge_class=badge, user=request.user, **data.to_service())
        return ok(BadgeClassOutput(badge).data)


class BadgeClassDelete(ApiView):
    """Delete a badge class with no live awards (editors and owners)."""

    @api_schema(summary="Delete a badge class", tag=TAG)
    @needs("rw:issuer")
    def delete(self, request, entity_id: str):
        badge = get_badge_class(request, entity_id, right="edit_badges")
        badge_class_delete(badge_class=badge, user=request.user)
        return ok([])
