"""RFC 7591 dynamic client registration for both standard APIs: no initial access token (as the
OB 3.0 security section requires), rate-limited per client address, RFC error codes."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from accounts.throttle import client_address

from .. import services
from ..scopes import BADGE_CONNECT, OB3
from .base import OpenView


def _error(code: int, error: str, description: str) -> Response:
    return Response({"error": error, "error_description": description}, status=code)


class _Register(OpenView):
    api = OB3

    def post(self, request):
        if not services.registration_allowed(address=client_address(request)):
            response = _error(429, "too_many_requests", _("Too many registrations; try later."))
            response["Retry-After"] = "3600"
            return response
        try:
            registration = services.client_register(metadata=request.data, api=self.api)
        except services.RegistrationError as exc:
            return _error(400, exc.error, exc.description)
        client, application = registration.client, registration.client.application
        return Response(
            {
                "client_id": application.client_id,
                "client_secret": registration.client_secret,
                "client_id_issued_at": int(client.created_at.timestamp()),
                "client_secret_expires_at": 0,
                "client_name": application.name,
                "client_uri": client.client_uri,
                "logo_uri": client.logo_uri,
                "tos_uri": client.tos_uri,
                "policy_uri": client.policy_uri,
                "software_id": client.software_id,
                "software_version": client.software_version,
                "redirect_uris": application.redirect_uris.split(),
                "token_endpoint_auth_method": request.data.get(
                    "token_endpoint_auth_method", "client_secret_basic"
                ),
                "grant_types": ["authorization_code", "refresh_token"],
                "response_types": ["code"],
                "scope": client.scope,
            },
            status=201,
            headers={"Cache-Control": "no-store"},
        )

    def handle_exception(self, exc):
        # Unparseable JSON is bad metadata in RFC 7591's words, not DRF's own error shape.
        if getattr(exc, "status_code", 500) in (400, 415):
            return _error(
                400, "invalid_client_metadata", _("Send a JSON object: %(error)s") % {"error": exc}
            )
        return super().handle_exception(exc)


_schema = extend_schema(
    tags=["Open Badges standard APIs"],
    request=OpenApiTypes.OBJECT,
    responses={
        201: OpenApiResponse(OpenApiTypes.OBJECT, description="The client's id and secret"),
        400: OpenApiResponse(OpenApiTypes.OBJECT, description="RFC 7591 error"),
        429: OpenApiResponse(description="Too many registrations from this address"),
    },
    auth=[],
)


class Ob3Register(_Register):
    """Register a client of the Open Badges 3.0 API (RFC 7591)."""

    api = OB3

    @extend_schema(summary="Register an OB 3.0 API client", operation_id="ob3_register")
    @_schema
    def post(self, request):
        return super().post(request)


class BadgeConnectRegister(_Register):
    """Register a Badge Connect 2.1 client (RFC 7591)."""

    api = BADGE_CONNECT

    @extend_schema(summary="Register a Badge Connect client", operation_id="bc_register")
    @_schema
    def post(self, request):
        return super().post(request)
