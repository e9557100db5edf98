"""The earner's backpack: awards made to their verified emails, acceptance and collections."""

from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from backpack import selectors, services
from backpack.models import Acceptance

from ..envelope import error_body, ok
from ..pagination import paginate
from ..permissions import needs
from ..schema import api_schema
from ..serializers import (
    AcceptanceInput,
    BackpackAssertionOutput,
    CollectionInput,
    CollectionOutput,
    ImportInput,
)
from . import ApiView

TAG = "Backpack"


def _backpack_assertion(request, entity_id: str):
    assertion = selectors.backpack_assertion_get(user=request.user, entity_id=entity_id)
    if assertion is None:
        raise NotFound(f"No award {entity_id} in your backpack.")
    return assertion


def _collection(request, entity_id: str):
    collection = selectors.collection_get(user=request.user, entity_id=entity_id)
    if collection is None:
        raise NotFound(f"You have no collection {entity_id}.")
    return collection


class BackpackAssertionList(ApiView):
    """List the awards in your backpack (made to one of your verified emails)."""

    @api_schema(
        summary="List your awards",
        tag=TAG,
        output=BackpackAssertionOutput,
        paginated=True,
        errors=(401, 403),
    )
    @needs("r:backpack")
    def get(self, request):
        assertions = selectors.backpack_assertion_list(user=request.user)
        return paginate(request, self, assertions, BackpackAssertionOutput)


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
        return ok(BackpackAssertionOutput(_backpack_assertion(request, entity_id)).data)


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
        data = AcceptanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        acceptance = data.validated_data["acceptance"]
        services.backpack_acceptance_set(
            user=request.user, assertion=assertion, acceptance=acceptance
        )
        assertion.acceptance = acceptance
        return ok(BackpackAssertionOutput(assertion).data)


class BackpackAssertionDelete(ApiView):
    """Take an award out of your backpack (it is marked Rejected)."""

    @api_schema(summary="Remove an award from your backpack", tag=TAG, errors=(401, 403, 404))
    @needs("rw:backpack")
    def delete(self, request, entity_id: str):
        assertion = _backpack_assertion(request, entity_id)
        services.backpack_acceptance_set(
            user=request.user, assertion=assertion, acceptance=Acceptance.REJECTED
        )
        return ok([])


class CollectionList(ApiView):
    """List your collections."""

    @api_schema(
        summary="List your collections",
        tag=TAG,
        output=CollectionOutput,
        paginated=True,
        errors=(401, 403),
    )
    @needs("r:backpack")
    def get(self, request):
        return paginate(
            request, self, selectors.collection_list(user=request.user), CollectionOutput
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
        data = CollectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        collection = services.collection_create(user=request.user, **data.to_service())
        return ok(CollectionOutput(collection).data, status=201)


class CollectionDetail(ApiView):
    """Read one of your collections."""

    @api_schema(
        summary="Get a collection", tag=TAG, output=CollectionOutput, errors=(401, 403, 404)
    )
    @needs("r:backpack")
    def get(self, request, entity_id: str):
        return ok(CollectionOutput(_collection(request, entity_id)).data)


class CollectionUpdate(ApiView):
    """Change a collection; `assertions` replaces its awards, in that order."""

    @api_schema(
        summary="Update a collection", tag=TAG, output=CollectionOutput, request=CollectionInput
    )
    @needs("rw:backpack")
    def put(self, request, entity_id: str):
        collection = _collection(request, entity_id)
        data = CollectionInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
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
    """Import a badge from elsewhere by URL, baked image or assertion JSON: not available yet."""

    @api_schema(
        summary="Import a badge (not available yet)",
        tag=TAG,
        request=ImportInput,
        status=None,
        errors=(400, 401, 403, 501),
        description="Answers 501 until backpack import (with Laurel's verifier) is implemented.",
    )
    @needs("rw:backpack")
    def post(self, request):
        return Response(
            error_body(
                "Importing badges from a URL, a baked image or assertion JSON is not available "
                "yet on this server. Ask the issuer to award the badge to one of your verified "
                "emails; it then appears in your backpack by itself."
            ),
            status=status.HTTP_501_NOT_IMPLEMENTED,
        )
