"""OAuth2 for the API: Badgr's scopes (with per-issuer `rw:issuer:<id>`), redirect URIs that are
https or loopback, and token throttling."""

import hashlib
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from oauth2_provider.models import Application, RefreshToken
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import SettingsScopes
from oauth2_provider.views import TokenView

from . import throttle

ISSUER_SCOPE = re.compile(r"^rw:issuer:(?P<issuer>[A-Za-z0-9_-]{1,32})$")


def scope_is_known(scope: str) -> bool:
    return scope in settings.OAUTH2_PROVIDER["SCOPES"] or bool(ISSUER_SCOPE.match(scope))


# RFC 8252 section 8.3: loopback IP literals, not `localhost` (which DNS could point elsewhere).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1"})


def redirect_uri_is_allowed(uri: str) -> bool:
    """An https redirect URI, or an http one only to a native app's loopback listener."""
    parts = urlsplit(uri)
    return parts.scheme != "http" or parts.hostname in LOOPBACK_HOSTS


def validate_redirect_uris(value: str) -> None:
    """Refuses, when a client is registered, the plaintext http redirect URIs RFC 9700 forbids."""
    refused = [uri for uri in value.split() if not redirect_uri_is_allowed(uri)]
    if refused:
        raise ValidationError(
            _(
                "Use https redirect URIs; plain http is only for a native app's loopback "
                "address (http://127.0.0.1:PORT/... or http://[::1]:PORT/...). Refused: %(uris)s"
            ),
            params={"uris": " ".join(refused)},
            code="insecure_redirect_uri",
        )


class LaurelScopes(SettingsScopes):
    def get_all_scopes(self):
        return {**super().get_all_scopes(), "rw:issuer:<id>": _("Manage one issuer (by its id)")}


class LaurelOAuth2Validator(OAuth2Validator):
    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        return all(scope_is_known(scope) for scope in scopes)

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        # Also checked here, at the authorization request, for clients registered before.
        return redirect_uri_is_allowed(redirect_uri) and super().validate_redirect_uri(
            client_id, redirect_uri, request, *args, **kwargs
        )

    def get_default_redirect_uri(self, client_id, request, *args, **kwargs):
        uri = super().get_default_redirect_uri(client_id, request, *args, **kwargs)
        return uri if uri and redirect_uri_is_allowed(uri) else None

    def client_authentication_required(self, request, *args, **kwargs):
        # RFC 6749 section 6 lets a public client refresh with the refresh token alone, and
        # Badgr clients (badgr-lite) do: the token names its client. Confidential clients
        # still authenticate, since only public clients are looked up here.
        if (
            request.grant_type == "refresh_token"
            and not request.client_id
            and request.refresh_token
            and not self._extract_basic_auth(request)
        ):
            request.client_id = _public_client_of(request.refresh_token)
        return super().client_authentication_required(request, *args, **kwargs)

    def _create_access_token(self, expires, request, token, source_refresh_token=None):
        # As in Badgr, a client-credentials token acts for the user who registered the client.
        if request.grant_type == "client_credentials":
            request.user = request.client.user
        return super()._create_access_token(expires, request, token, source_refresh_token)


def _public_client_of(refresh_token: str) -> str | None:
    """The client id of the public client a refresh token was issued to, if it was one."""
    checksum = hashlib.sha256(refresh_token.encode("utf-8")).hexdigest()
    return (
        RefreshToken.objects.filter(
            token_checksum=checksum, application__client_type=Application.CLIENT_PUBLIC
        )
        .values_list("application__client_id", flat=True)
        .first()
    )


class ThrottledTokenView(TokenView):
    """`/o/token`, refusing an account at one client IP, or a client IP, for a while after too
    many failed requests."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if any("\x00" in value for value in request.POST.values()):
            # The database cannot even look such a name up: plain bad input.
            return JsonResponse(
                {"error": "invalid_request", "error_description": _("Remove the NUL characters.")},
                status=400,
            )
        counters = throttle.token_counters(
            address=throttle.client_address(request), account=request.POST.get("username", "")
        )
        window = settings.LAUREL_TOKEN_FAILURE_WINDOW
        if throttle.is_blocked(counters):
            response = JsonResponse(
                {
                    "error": "too_many_failed_attempts",
                    "error_description": (
                        _(
                            "Too many failed token requests for this account or address; "
                            "wait %(minutes)d minutes and try again."
                        )
                        % {"minutes": window // 60}
                    ),
                },
                status=429,
            )
            response["Retry-After"] = str(window)
            return response
        response = super().post(request, *args, **kwargs)
        if response.status_code in (400, 401):
            throttle.failure_record(counters)
        return response
