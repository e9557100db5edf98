"""Issuers: list, create, read, update and delete."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied

from badges.services.issuers import issuer_create, issuer_delete, issuer_update

from ..envelope import ok
from ..permissions import get_issuer, issuer_limit, needs
from ..schema import api_schema
from ..selectors import user_issuers
from ..serializers.issuers import IssuerInput, IssuerOutput
from . import ApiView, checked, detail_view, list_view

TAG = "Issuers"


def _issuer_fields(data: dict) -> dict:
    fields = dict(data)
    if "image" in fields:
        fields["image"], fields["image_name"] = fields.pop("image")
    return fields


IssuerList = list_view(
    "IssuerList",
    "List the issuers where you have a role.",
    items=lambda request: user_issuers(user=request.user, limit=issuer_limit(request)),
    output=IssuerOutput,
    scope="rw:issuer",
    summary="List your issuers",
    tag=TAG,
    errors=(401, 403),
)


class IssuerCreate(ApiView):
    """Create an issuer; you become its owner. Its email must be one you verified."""

    @api_schema(
        summary="Create an issuer",
        tag=TAG,
        output=IssuerOutput,
        request=IssuerInput,
        status=201,
        errors=(400, 401, 403),
    )
    @needs("rw:issuer")
    def post(self, request):
        if issuer_limit(request) is not None:
            raise PermissionDenied(_("A token limited to one issuer cannot create issuers."))
        data = checked(request, IssuerInput)
        issuer = issuer_create(user=request.user, **_issuer_fields(data.validated_data))
        return ok(IssuerOutput(issuer).data, status=201)


IssuerDetail = detail_view(
    "IssuerDetail",
    "Read one issuer.",
    find=get_issuer,
    output=IssuerOutput,
    scope="rw:issuer",
    summary="Get an issuer",
    tag=TAG,
)


class IssuerUpdate(ApiView):
    """Change an issuer (owners). Fields left out keep their value."""

    @api_schema(summary="Update an issuer", tag=TAG, output=IssuerOutput, request=IssuerInput)
    @needs("rw:issuer")
    def put(self, request, entity_id: str):
        issuer = get_issuer(request, entity_id, right="manage_issuer")
        data = checked(request, IssuerInput, partial=True)
        fields = _issuer_fields(data.validated_data)
        # Badgr clients send the whole issuer back; an unchanged email needs no re-verification.
        if fields.get("email", "").lower() == issuer.email:
            fields.pop("email")
        issuer = issuer_update(issuer=issuer, user=request.user, **fields)
        return ok(IssuerOutput(issuer).data)


class IssuerDelete(ApiView):
    """Delete an issuer that has awarded nothing (owners)."""

    @api_schema(summary="Delete an issuer", tag=TAG)
    @needs("rw:issuer")
    def delete(self, request, entity_id: str):
        issuer = get_issuer(request, entity_id, right="manage_issuer")
        issuer_delete(issuer=issuer, user=request.user)
        return ok([])
