"""Views of the backpack part of /v2/: the earner's badges, acceptance, collections, imports.

Awards made to the earner's verified emails and badges imported from elsewhere, and the claim
of a badge with a claim code.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound

from backpack import selectors, services
from backpack.items import AWARD
from badges.api.envelope import ok
from badges.api.pagination import EnvelopeCursorPagination
from badges.api.permissions import needs
from badges.api.schema import api_schema
from badges.api.views import ApiView, checked, detail_view, list_view

from .serializers import (
    AcceptanceInput,
    BackpackAssertionOutput,
    ClaimInput,
    CollectionInput,
    CollectionOutput,
    ImportedAssertionOutput,
    ImportInput,
)

TAG = "Backpack"


def _backpack_assertion(request, entity_id: str):
    assertion = selectors.backpack_assertion_get(user=request.user, entity_id=entity_id)
    if assertion is None:
        raise NotFound(_("No award %(id)s in your backpack.") % {"id": entity_id})
    return assertion


def _item_data(item) -> dict:
    if item.kind == AWARD:
        return BackpackAssertionOutput(item.obj).data
    return ImportedAssertionOutput(item.obj).data


def _item(request, entity_id: str):
    item = selectors.backpack_item_get(user=request.user, entity_id=entity_id)
    if item is None:
        raise NotFound(_("No badge %(id)s in your backpack.") % {"id": entity_id})
    return item


def _collection(request, entity_id: str):
    collection = selectors.collection_get(user=request.user, entity_id=entity_id)
    if collection is None:
        raise NotFound(_("You have no collection %(id)s.") % {"id": entity_id})
    return collection


class BackpackAssertionList(ApiView):
    """List the badges in your backpack: awards made to one of your verified emails, then the
    badges you imported (on the last page)."""

    @api_schema(
        summary="List your badges",
        tag=TAG,
        output=BackpackAssertionOutput,
        paginated=True,
        errors=(401, 403),
        description="Awards made here come page by page (follow the Link header); imported "
        "badges, with `sourceUrl` and `verification`, follow on the last page.",
    )
    @needs("r:backpack")
    def get(self, request):
        paginator = EnvelopeCursorPagination()
        page = paginator.paginate_queryset(
            selectors.backpack_assertion_list(user=request.user), request, view=self
        )
        data = list(BackpackAssertionOutput(page, many=True).data)
        if paginator.get_next_link() is None:
            imported = selectors.imported_badge_list(user=request.user)
            data += ImportedAssertionOutput(imported, many=True).data
        return paginator.get_paginated_response(data)


class BackpackAssertionDetail(ApiView):
    """Read one award in your backpack."""

    @api_schema(
        summary="Get an award in your backpack",
        tag=TAG,
        output=BackpackAssertionOutput,
        errors=(401, 403, 404),
    )
    @needs("r:backpack")
    def get(self, request, entity_id: str):
        return ok(_item_data(_item(request, entity_id)))


class BackpackAssertionUpdate(ApiView):
    """Accept or reject an award (`acceptance`: Accepted, Rejected or Unaccepted)."""

    @api_schema(
        summary="Accept or reject an award",
        tag=TAG,
        output=BackpackAssertionOutput,
        request=AcceptanceInput,
    )
    @needs("rw:backpack")
    def put(self, request, entity_id: str):
        assertion = _backpack_assertion(request, entity_id)
        data = checked(request, AcceptanceInput)
        acceptance = data.validated_data["acceptance"]
        services.backpack_acceptance_set(
            user=request.user, assertion=assertion, acceptance=acceptance
        )
        assertion.acceptance = acceptance
        return ok(BackpackAssertionOutput(assertion).data)


class BackpackAssertionDelete(ApiView):
    """Take a badge out of your backpack: an award is marked Rejected (it stays valid), an
    imported badge is forgotten."""

    @api_schema(summary="Remove a badge from your backpack", tag=TAG, errors=(401, 403, 404))
    @needs("rw:backpack")
    def delete(self, request, entity_id: str):
        _item(request, entity_id)
        services.backpack_item_delete(user=request.user, entity_id=entity_id)
        return ok([])


CollectionList = list_view(
    "CollectionList",
    "List your collections.",
    items=lambda request: selectors.collection_list(user=request.user),
    output=CollectionOutput,
    scope="r:backpack",
    summary="List your collections",
    tag=TAG,
    errors=(401, 403),
)


class CollectionCreate(ApiView):
    """Create a collection of awards from your backpack."""

    @api_schema(
        summary="Create a collection",
        tag=TAG,
        output=CollectionOutput,
        request=CollectionInput,
        status=201,
        errors=(400, 401, 403),
    )
    @needs("rw:backpack")
    def post(self, request):
        data = checked(request, CollectionInput)
        collection = services.collection_create(user=request.user, **data.to_service())
        return ok(CollectionOutput(collection).data, status=201)


CollectionDetail = detail_view(
    "CollectionDetail",
    "Read one of your collections.",
    find=_collection,
    output=CollectionOutput,
    scope="r:backpack",
    summary="Get a collection",
    tag=TAG,
)


class CollectionUpdate(ApiView):
    """Change a collection; `assertions` replaces its awards, in that order."""

    @api_schema(
        summary="Update a collection", tag=TAG, output=CollectionOutput, request=CollectionInput
    )
    @needs("rw:backpack")
    def put(self, request, entity_id: str):
        collection = _collection(request, entity_id)
        data = checked(request, CollectionInput, partial=True)
        collection = services.collection_update(
            collection=collection, user=request.user, **data.to_service()
        )
        return ok(
            CollectionOutput(selectors.collection_get(user=request.user, entity_id=entity_id)).data
        )


class CollectionDelete(ApiView):
    """Delete one of your collections (the awards stay in your backpack)."""

    @api_schema(summary="Delete a collection", tag=TAG, errors=(401, 403, 404))
    @needs("rw:backpack")
    def delete(self, request, entity_id: str):
        services.collection_delete(collection=_collection(request, entity_id), user=request.user)
        return ok([])


class BackpackImport(ApiView):
    """Import a badge from elsewhere by `url`, baked `image` (data URI) or `assertion` (JSON or
    JWS). It is verified first: it must verify, be made out to one of your verified emails and
    not be revoked, nor be in your backpack already."""

    @api_schema(
        summary="Import a badge",
        tag=TAG,
        output=ImportedAssertionOutput,
        request=ImportInput,
        status=201,
        errors=(400, 401, 403),
    )
    @needs("rw:backpack")
    def post(self, request):
        data = checked(request, ImportInput)
        item = services.backpack_import(user=request.user, **data.to_service())
        return ok(_item_data(item), status=201)


class BackpackClaim(ApiView):
    """Claim a badge with a claim code: it is awarded at once to your verified email (the
    code's own email if it is bound to one) and accepted into your backpack. Unknown codes
    are counted; too many in a while are answered 429."""

    @api_schema(
        summary="Claim a badge with a code",
        tag=TAG,
        output=BackpackAssertionOutput,
        request=ClaimInput,
        status=201,
        errors=(400, 401, 403, 429),
    )
    @needs("rw:backpack")
    def post(self, request):
        data = checked(request, ClaimInput)
        assertion = services.backpack_claim(
            user=request.user,
            code=data.validated_data["code"],
            email=data.validated_data["email"],
            address=request.META.get("REMOTE_ADDR", ""),
        )
        held = selectors.backpack_assertion_get(user=request.user, entity_id=assertion.entity_id)
        return ok(BackpackAssertionOutput(held).data, status=201)
