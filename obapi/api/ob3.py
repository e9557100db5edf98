"""The Open Badges 3.0 API (host side): service description, credentials, profile."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from .. import selectors, services
from ..scopes import CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ, PROFILE_UPDATE
from .base import OpenView, StandardApiView, needs, page_headers, paging
from .discovery import ob3_service_description
from .errors import imsx_response, ob3_exception_handler

TAG = "Open Badges 3.0 API"
STATUS = OpenApiResponse(OpenApiTypes.OBJECT, description="Imsx_StatusInfo")
ERRORS = {400: STATUS, 401: STATUS, 403: STATUS}


class Ob3View(StandardApiView):
    def get_exception_handler(self):
        return ob3_exception_handler


class Discovery(OpenView):
    """The Service Description Document: where to register, authorize and call."""

    @extend_schema(
        tags=[TAG], summary="Service description", responses={200: OpenApiTypes.OBJECT}, auth=[]
    )
    def get(self, request):
        return Response(ob3_service_description())


def _page(items: list) -> dict:
    credentials, jws = [], []
    for item in items:
        document = selectors.credential_of(item)
        (jws if isinstance(document, str) else credentials).append(document)
    body: dict = {}
    if credentials:
        body["credential"] = credentials
    if jws:
        body["compactJwsString"] = jws
    return body


class Credentials(Ob3View):
    """The learner's credentials: read them page by page, or add one (upsert)."""

    @extend_schema(
        tags=[TAG],
        summary="The learner's credentials",
        operation_id="ob3_credentials_list",
        parameters=[
            OpenApiParameter("limit", int, description="Most credentials on a page (1-1000)"),
            OpenApiParameter("offset", int, description="How many to skip"),
            OpenApiParameter("since", OpenApiTypes.DATETIME, description="Issued after"),
        ],
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
    )
    @needs(CREDENTIAL_READ)
    def get(self, request):
        limit, offset, since = paging(request)
        items = selectors.credential_items(user=request.user, since=since)
        headers = page_headers(request, total=len(items), limit=limit, offset=offset)
        return Response(_page(items[offset : offset + limit]), headers=headers)

    @extend_schema(
        tags=[TAG],
        summary="Add or replace a credential",
        operation_id="ob3_credentials_upsert",
        request={"application/json": OpenApiTypes.OBJECT, "text/plain": OpenApiTypes.STR},
        responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT, **ERRORS},
    )
    @needs(CREDENTIAL_UPSERT)
    def post(self, request):
        given = request.data
        if isinstance(given, dict):
            text = json.dumps(given)
        elif isinstance(given, str) and given:
            text = given
        else:
            return imsx_response(400, _("Send an OpenBadgeCredential as JSON or a compact JWS."))
        item, created = services.backpack_upsert(user=request.user, text=text, spec_version="3")
        document = selectors.credential_of(item)
        code = 201 if created else 200
        if isinstance(document, str):
            return HttpResponse(document, status=code, content_type="text/plain")
        return Response(document, status=code)


def _profile(user) -> dict:
    profile = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": selectors.profile_id(user),
        "type": ["Profile"],
        "name": user.get_full_name(),
    }
    if user.email:
        profile["email"] = user.email
    return profile


class Profile(Ob3View):
    """The learner's profile: their name and email."""

    @extend_schema(
        tags=[TAG],
        summary="The learner's profile",
        operation_id="ob3_profile_get",
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
    )
    @needs(PROFILE_READ)
    def get(self, request):
        return Response(_profile(request.user))

    @extend_schema(
        tags=[TAG],
        summary="Change the learner's name",
        operation_id="ob3_profile_put",
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
    )
    @needs(PROFILE_UPDATE)
    def put(self, request):
        given = request.data
        if not isinstance(given, dict) or "name" not in given:
            return imsx_response(400, _("Send a Profile object with a name."))
        user = services.profile_name_set(user=request.user, name=given["name"])
        return Response(_profile(user))
