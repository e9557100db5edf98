"""Writes of the Open Badges APIs: registering clients (RFC 7591), disabling them, withdrawing a
learner's grant, and putting a credential or assertion into the backpack (through backpack's
services, which verify it)."""

import base64
import binascii
import json
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken, Application, Grant, RefreshToken

from accounts.models import User
from accounts.oauth import redirect_uri_is_allowed
from accounts.services import user_profile_update
from backpack import services as backpack_services
from backpack.items import BackpackItem
from backpack.selectors import imported_badge_list

from .models import RegisteredClient
from .scopes import OFFLINE_ACCESS, SCOPES_OF


class RegistrationError(Exception):
    """Refused client metadata, with RFC 7591 section 3.2.2's error code."""

    def __init__(self, error: str, description: str):
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class Registration:
    client: RegisteredClient
    client_secret: str  # shown once, in the registration response; only a hash is kept


GRANT_TYPES = {"authorization_code", "refresh_token"}
AUTH_METHODS = {"client_secret_basic", "client_secret_post"}
URI_FIELDS = ("client_uri", "logo_uri", "tos_uri", "policy_uri")


def _web_url(value, field: str, *, required: bool) -> str:
    if value in (None, "") and not required:
        return ""
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname:
        raise RegistrationError(
            "invalid_client_metadata",
            _("%(field)s must be an absolute https URL.") % {"field": field},
        )
    if len(value) > 500:
        raise RegistrationError(
            "invalid_client_metadata", _("Keep %(field)s to 500 characters.") % {"field": field}
        )
    return value


def _redirect_uris(value) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise RegistrationError(
            "invalid_redirect_uri", _("redirect_uris must be a non-empty list of URLs.")
        )
    for uri in value:
        parts = urlsplit(uri)
        if parts.scheme not in ("https", "http") or not parts.hostname or parts.fragment:
            raise RegistrationError(
                "invalid_redirect_uri",
                _("%(uri)s is not an absolute URL without a fragment.") % {"uri": repr(uri)},
            )
        if not redirect_uri_is_allowed(uri):
            raise RegistrationError(
                "invalid_redirect_uri",
                _("%(uri)s: use https; plain http only for a loopback address (RFC 8252).")
                % {"uri": repr(uri)},
            )
    return value


def _scope(value, api: str) -> str:
    known = SCOPES_OF[api]
    asked = value.split() if isinstance(value, str) else []
    unknown = [s for s in asked if s not in known and s != OFFLINE_ACCESS]
    if not any(s in known for s in asked) or unknown:
        raise RegistrationError(
            "invalid_client_metadata",
            _("scope must list one or more of: %(known)s. Unknown: %(unknown)s")
            % {"known": " ".join(known), "unknown": " ".join(unknown)}
            if unknown
            else _("scope must list one or more of: %(known)s.") % {"known": " ".join(known)},
        )
    return " ".join(dict.fromkeys(asked))


def _text(metadata: dict, field: str, limit: int, *, required: bool = False) -> str:
    value = metadata.get(field, "")
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        message = (
            _("%(field)s is required and must be text of %(limit)s characters at most.")
            if required
            else _("%(field)s must be text of %(limit)s characters at most.")
        )
        raise RegistrationError(
            "invalid_client_metadata", message % {"field": field, "limit": limit}
        )
    return value.strip()


def _listed(metadata: dict, field: str, allowed: set[str], default: list[str]) -> list[str]:
    value = metadata.get(field, default)
    if not isinstance(value, list) or not set(value) <= allowed:
        raise RegistrationError(
            "invalid_client_metadata",
            _("%(field)s may hold only: %(allowed)s.")
            % {"field": field, "allowed": ", ".join(sorted(allowed))},
        )
    return value


@transaction.atomic
def client_register(*, metadata: dict, api: str) -> Registration:
    """Register a confidential client for the authorization-code flow from its RFC 7591
    metadata; refused with the RFC's error code when the metadata will not do."""
    if not isinstance(metadata, dict):
        raise RegistrationError("invalid_client_metadata", _("Send the metadata as a JSON object."))
    name = _text(metadata, "client_name", 255, required=True)
    uris = {
        field: _web_url(metadata.get(field), field, required=field == "client_uri")
        for field in URI_FIELDS
    }
    redirect_uris = _redirect_uris(metadata.get("redirect_uris"))
    scope = _scope(metadata.get("scope"), api)
    grant_types = _listed(metadata, "grant_types", GRANT_TYPES, ["authorization_code"])
    if "authorization_code" not in grant_types:
        raise RegistrationError(
            "invalid_client_metadata", "grant_types must include authorization_code."
        )
    _listed(metadata, "response_types", {"code"}, ["code"])
    method = metadata.get("token_endpoint_auth_method", "client_secret_basic")
    if method not in AUTH_METHODS:
        raise RegistrationError(
            "invalid_client_metadata",
            f"token_endpoint_auth_method must be one of: {', '.join(sorted(AUTH_METHODS))}.",
        )
    secret = secrets.token_urlsafe(32)
    application = Application.objects.create(
        name=name,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        client_secret=secret,
        skip_authorization=False,
    )
    client = RegisteredClient.objects.create(
        application=application,
        api=api,
        scope=scope,
        software_id=_text(metadata, "software_id", 200),
        software_version=_text(metadata, "software_version", 100),
        **uris,
    )
    return Registration(client=client, client_secret=secret)


def registration_allowed(*, address: str) -> bool:
    """Counts a registration from the address; False once it has used up its window's share."""
    key = f"obapi-register:{address}"
    cache.add(key, 0, timeout=settings.LAUREL_OBAPI_REGISTRATION_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LAUREL_OBAPI_REGISTRATION_WINDOW)
        count = 1
    return count <= settings.LAUREL_OBAPI_REGISTRATIONS_PER_IP


def _tokens_revoke(application: Application, user: User | None = None) -> None:
    """Every token and pending code of the client (of one user, when given) stops working."""
    who = {"user": user} if user is not None else {}
    for refresh in RefreshToken.objects.filter(application=application, revoked=None, **who):
        refresh.revoke()
    AccessToken.objects.filter(application=application, **who).delete()
    Grant.objects.filter(application=application, **who).delete()


@transaction.atomic
def client_disable(*, client: RegisteredClient) -> RegisteredClient:
    """An operator turns a client off: its tokens stop at once and it is given no new ones."""
    client.disabled = True
    client.save(update_fields=["disabled"])
    _tokens_revoke(client.application)
    return client


@transaction.atomic
def client_enable(*, client: RegisteredClient) -> RegisteredClient:
    client.disabled = False
    client.save(update_fields=["disabled"])
    return client


@transaction.atomic
def access_withdraw(*, user: User, application: Application) -> None:
    """The learner takes back what they allowed an app: its tokens for them stop working."""
    _tokens_revoke(application, user)


# Credentials into the backpack -------------------------------------------------------------


def _document_id(text: str) -> str | None:
    """The id of a credential given as JSON or as a compact JWS (VC-JWT), without verifying."""
    if text.startswith(("https://", "http://")):
        return text  # a hosted assertion's id is its URL
    try:
        if text.startswith("{"):
            document = json.loads(text)
        else:
            payload = text.split(".")[1]
            document = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, IndexError, binascii.Error):
        return None
    if not isinstance(document, dict):
        return None
    inner = document.get("vc") if isinstance(document.get("vc"), dict) else document
    found = inner.get("id") or document.get("jti")
    return found if isinstance(found, str) else None


@transaction.atomic
def backpack_upsert(*, user: User, text: str, spec_version: str) -> tuple[BackpackItem, bool]:
    """Verify a badge sent by a client and keep it, replacing the one with the same id the
    learner holds; (the item, True when it is new). Refused (ValidationError, nothing kept)
    when it does not verify, is someone else's, is revoked, or is not of `spec_version`."""
    document_id = _document_id(text)
    held = (
        imported_badge_list(user=user).filter(assertion_id=document_id).first()
        if document_id
        else None
    )
    if held is not None:
        backpack_services.backpack_item_delete(user=user, entity_id=held.entity_id)
    item = backpack_services.backpack_import(user=user, text=text)
    version = getattr(item.obj, "spec_version", "")
    if not version.startswith(spec_version):
        raise ValidationError(
            _(
                "This is an Open Badges %(version)s badge; this endpoint takes "
                "Open Badges %(expected)s."
            )
            % {"version": version or _("unknown version"), "expected": spec_version}
        )
    return item, held is None


@transaction.atomic
def profile_name_set(*, user: User, name: str) -> User:
    """The name a client sets through the API becomes the learner's display name."""
    name = " ".join(str(name).split())
    if not name or len(name) > 100:
        raise ValidationError(_("name must be text of 1 to 100 characters."))
    return user_profile_update(
        user=user, display_name=name, show_name_publicly=user.show_name_publicly
    )
