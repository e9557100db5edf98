"""Badge Connect (Open Badges 2.1), for Moodle and other 2.1 clients: manifest, assertions
(list and add), profile; errors and successes carry the spec's status object."""

import json

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from .. import selectors, services
from ..scopes import ASSERTION_CREATE, ASSERTION_READ, BC_PROFILE_READ
from .base import OpenView, StandardApiView, needs, page_headers, paging
from .discovery import badge_connect_manifest
from .errors import bc_exception_handler, bc_status

TAG = "Badge Connect 2.1"
STATUS = OpenApiResponse(OpenApiTypes.OBJECT, description="Status object")
ERRORS = {400: STATUS, 401: STATUS, 403: STATUS}


class BadgeConnectView(StandardApiView):
    def get_exception_handler(self):
        return bc_exception_handler


class Manifest(OpenView):
    """Badge Connect's manifest: where to register, authorize and call."""

    @extend_schema(tags=[TAG], summary="Manifest", responses={200: OpenApiTypes.OBJECT}, auth=[])
    def get(self, request):
        return Response(badge_connect_manifest())


class Assertions(BadgeConnectView):
    """The learner's Open Badges 2.0 assertions: list them, or add one."""

    @extend_schema(
        tags=[TAG],
        summary="The learner's assertions",
        operation_id="bc_assertions_list",
        parameters=[
            OpenApiParameter("limit", int, description="Most assertions on a page (1-1000)"),
            OpenApiParameter("offset", int, description="How many to skip"),
            OpenApiParameter("since", OpenApiTypes.DATETIME, description="Issued after"),
        ],
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
    )
    @needs(ASSERTION_READ)
    def get(self, request):
        limit, offset, since = paging(request)
        items = selectors.assertion_items(user=request.user, since=since)
        headers = page_headers(request, total=len(items), limit=limit, offset=offset)
        assertions, signed = [], []
        for item in items[offset : offset + limit]:
            document = selectors.assertion_of(item)
            (signed if isinstance(document, str) else assertions).append(document)
        body = {"status": bc_status(200), "assertions": assertions, "signedAssertions": signed}
        return Response(body, headers=headers)

    @extend_schema(
        tags=[TAG],
        summary="Add an assertion",
        operation_id="bc_assertions_create",
        request=OpenApiTypes.OBJECT,
        responses={200: STATUS, **ERRORS},
    )
    @needs(ASSERTION_CREATE)
    def post(self, request):
        given = request.data if isinstance(request.data, dict) else {}
        assertion, signed = given.get("assertion"), given.get("signedAssertion")
        if isinstance(signed, str) and signed and not assertion:
            text = signed
        elif isinstance(assertion, dict) and not signed:
            # A hosted assertion is verified from its own URL, as its issuer publishes it.
            text = assertion.get("id") if isinstance(assertion.get("id"), str) else ""
            text = text or json.dumps(assertion)
        else:
            body = {"status": bc_status(400, _("Send one of assertion or signedAssertion."))}
            return Response(body, status=400)
        services.backpack_upsert(user=request.user, text=text, spec_version="2")
        return Response({"status": bc_status(200)})


class Profile(BadgeConnectView):
    """The learner's profile."""

    @extend_schema(
        tags=[TAG],
        summary="The learner's profile",
        operation_id="bc_profile_get",
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
    )
    @needs(BC_PROFILE_READ)
    def get(self, request):
        user = request.user
        profile = {
            "id": selectors.profile_id(user),
            "type": "Profile",
            "name": user.get_full_name(),
            "email": user.email,
        }
        return Response({"status": bc_status(200), "profile": profile})
