"""The site's OAuth validator and scopes, extended for registered Open Badges clients: each may
ask only for the scopes it registered, and a disabled client is refused everywhere."""

from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken

from accounts.oauth import LaurelOAuth2Validator, LaurelScopes, scope_is_known

from .models import RegisteredClient
from .scopes import ALL_SCOPES, OFFLINE_ACCESS


class ObScopes(LaurelScopes):
    def get_all_scopes(self):
        return {**super().get_all_scopes(), **ALL_SCOPES, OFFLINE_ACCESS: _("Stay connected")}


def _registration(client) -> RegisteredClient | None:
    try:
        return client.ob_registration
    except RegisteredClient.DoesNotExist:
        return None


def _disabled(client) -> bool:
    registration = _registration(client)
    return registration is not None and registration.disabled


class ObOAuth2Validator(LaurelOAuth2Validator):
    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        registration = _registration(client)
        if registration is None:
            # The /v2/ clients keep Badgr's scopes; the standard APIs' are for registered ones.
            return all(scope_is_known(s) and s not in ALL_SCOPES for s in scopes)
        allowed = set(registration.scope.split()) | {OFFLINE_ACCESS}
        return bool(scopes) and set(scopes) <= allowed

    def validate_client_id(self, client_id, request, *args, **kwargs):
        return super().validate_client_id(client_id, request, *args, **kwargs) and not _disabled(
            request.client
        )

    def authenticate_client(self, request, *args, **kwargs):
        return super().authenticate_client(request, *args, **kwargs) and not _disabled(
            request.client
        )

    def authenticate_client_id(self, client_id, request, *args, **kwargs):
        return super().authenticate_client_id(
            client_id, request, *args, **kwargs
        ) and not _disabled(request.client)

    def validate_bearer_token(self, token, scopes, request):
        if not super().validate_bearer_token(token, scopes, request):
            return False
        access_token: AccessToken = request.access_token
        return access_token.application is None or not _disabled(access_token.application)
