"""Laurel as a consumer of the Open Badges 3.0 API: a learner connects an outside host by its
base URL (discovery, dynamic registration, authorization code with PKCE) and sends awards there.

Every request to the host goes through the safe fetcher (no private addresses unless
LAUREL_FETCH_ALLOWED_HOSTS lists them). Tokens and the client secret are kept encrypted with
the site's signing secret."""

import base64
import hashlib
import json
import secrets
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from badges.credentials import credential_json
from badges.models import Assertion
from badges.openbadges import signing
from badges.openbadges.fetch import FetchError, safe_get, safe_post

from .models import HostConnection, HostDelivery
from .scopes import CREDENTIAL_UPSERT, OFFLINE_ACCESS

MAX_BYTES = 1_000_000


def _secret() -> str:
    # A key of its own, derived from the signing secret, so these never share one with keys.
    return f"{settings.LAUREL_SIGNING_SECRET or settings.SECRET_KEY}:obapi-host-tokens"


def _seal(value: str) -> str:
    return signing.encrypt_private_key(value, _secret()) if value else ""


def _open(value: str) -> str:
    return signing.decrypt_private_key(value, _secret()) if value else ""


def callback_url() -> str:
    return settings.LAUREL_BASE_URL + reverse("obapi:host-callback")


# What the host answered that was not a JSON object, as a sentence.
NOT_JSON = {
    "service description": gettext_lazy(
        "The host's service description is not a JSON object (HTTP %(status)s)."
    ),
    "registration answer": gettext_lazy(
        "The host's registration answer is not a JSON object (HTTP %(status)s)."
    ),
    "token answer": gettext_lazy("The host's token answer is not a JSON object (HTTP %(status)s)."),
}


def _json(response, what: str) -> dict:
    try:
        document = json.loads(response.body)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise ValidationError(NOT_JSON[what] % {"status": response.status})
    return document


def _post(url: str, body: bytes, headers: dict) -> object:
    return safe_post(
        url, body=body, headers=headers, max_bytes=MAX_BYTES, timeout=settings.LAUREL_FETCH_TIMEOUT
    )


def _discover(base_url: str) -> dict:
    """What the host's service description says: name, registration, OAuth and API URLs."""
    try:
        response = safe_get(base_url + "/ims/ob/v3p0/discovery", accept="application/json")
    except FetchError as exc:
        raise ValidationError(
            _("Laurel could not reach that host: %(error)s") % {"error": exc}
        ) from exc
    if response.status != 200:
        raise ValidationError(
            _("%(url)s has no Open Badges 3.0 service description (HTTP %(status)s).")
            % {"url": base_url, "status": response.status}
        )
    document = _json(response, "service description")
    try:
        scheme = document["components"]["securitySchemes"]["OAuth2ACG"]
        flow = scheme["flows"]["authorizationCode"]
        found = {
            "name": str(document["info"]["title"])[:200],
            "registration": scheme["x-imssf-registrationUrl"],
            "authorization": flow["authorizationUrl"],
            "token": flow["tokenUrl"],
            "credentials": document["servers"][0]["url"].rstrip("/") + "/credentials",
        }
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise ValidationError(
            _("The host's service description lacks the OAuth2ACG security scheme or servers.")
        ) from exc
    if CREDENTIAL_UPSERT not in flow.get("scopes", {}):
        raise ValidationError(_("The host does not offer the credential.upsert scope."))
    return found


def _register(registration_url: str) -> dict:
    metadata = {
        "client_name": settings.WAGTAIL_SITE_NAME,
        "client_uri": settings.LAUREL_BASE_URL + "/",
        "redirect_uris": [callback_url()],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "client_secret_basic",
        "scope": f"{CREDENTIAL_UPSERT} {OFFLINE_ACCESS}",
    }
    try:
        response = _post(
            registration_url,
            json.dumps(metadata).encode(),
            {"Content-Type": "application/json", "Accept": "application/json"},
        )
    except FetchError as exc:
        raise ValidationError(
            _("Laurel could not register with the host: %(error)s") % {"error": exc}
        ) from exc
    answer = _json(response, "registration answer")
    if response.status != 201 or not answer.get("client_id"):
        raise ValidationError(
            _("The host refused Laurel's registration: %(reason)s.")
            % {"reason": answer.get("error_description") or answer.get("error") or response.status}
        )
    return answer


def _normalised(base_url: str) -> str:
    parts = urlsplit((base_url or "").strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError(_("Give the host's address, such as https://backpack.example."))
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


@transaction.atomic
def host_connect_start(*, user: User, base_url: str) -> tuple[HostConnection, str]:
    """Discover and register with the host; returns the connection and the URL of the host's
    consent page to send the learner to."""
    base_url = _normalised(base_url)
    found = _discover(base_url)
    connection = HostConnection.objects.filter(user=user, base_url=base_url).first()
    if connection is None:
        registration = _register(found["registration"])
        connection = HostConnection(
            user=user,
            base_url=base_url,
            client_id=str(registration["client_id"]),
            client_secret_encrypted=_seal(str(registration.get("client_secret", ""))),
        )
    connection.name = found["name"]
    connection.credentials_url = found["credentials"]
    connection.authorization_url = found["authorization"]
    connection.token_url = found["token"]
    connection.pkce_verifier = secrets.token_urlsafe(48)
    connection.state = secrets.token_urlsafe(24)
    connection.save()
    challenge = base64.urlsafe_b64encode(
        hashlib.sha256(connection.pkce_verifier.encode()).digest()
    ).rstrip(b"=")
    query = urlencode(
        {
            "response_type": "code",
            "client_id": connection.client_id,
            "redirect_uri": callback_url(),
            "scope": f"{CREDENTIAL_UPSERT} {OFFLINE_ACCESS}",
            "state": connection.state,
            "code_challenge": challenge.decode(),
            "code_challenge_method": "S256",
        }
    )
    return connection, f"{connection.authorization_url}?{query}"


def _basic(connection: HostConnection) -> str:
    pair = f"{connection.client_id}:{_open(connection.client_secret_encrypted)}"
    return "Basic " + base64.b64encode(pair.encode()).decode()


def _token_request(connection: HostConnection, form: dict) -> None:
    try:
        response = _post(
            connection.token_url,
            urlencode(form).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "Authorization": _basic(connection),
            },
        )
    except FetchError as exc:
        raise ValidationError(
            _("Laurel could not reach the host's token URL: %(error)s") % {"error": exc}
        ) from exc
    answer = _json(response, "token answer")
    if response.status != 200 or not answer.get("access_token"):
        raise ValidationError(
            _("The host gave no token: %(reason)s.")
            % {"reason": answer.get("error_description") or answer.get("error")}
        )
    connection.access_token_encrypted = _seal(answer["access_token"])
    if answer.get("refresh_token"):
        connection.refresh_token_encrypted = _seal(answer["refresh_token"])
    seconds = answer.get("expires_in")
    connection.expires_at = (
        timezone.now() + timedelta(seconds=int(seconds)) if str(seconds).isdigit() else None
    )
    connection.status = HostConnection.CONNECTED
    connection.pkce_verifier = connection.state = ""
    connection.save()


@transaction.atomic
def host_connect_finish(*, user: User, state: str, code: str) -> HostConnection:
    """The learner came back from the host's consent page: exchange the code for tokens."""
    connection = HostConnection.objects.filter(user=user, state=state).exclude(state="").first()
    if connection is None or not code:
        raise ValidationError(_("This connection was not started here, or has been used already."))
    _token_request(
        connection,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": callback_url(),
            "code_verifier": connection.pkce_verifier,
        },
    )
    return connection


def _upsert(connection: HostConnection, document: dict):
    return _post(
        connection.credentials_url,
        json.dumps(document).encode(),
        {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Bearer {_open(connection.access_token_encrypted)}",
        },
    )


def host_send(*, user: User, connection: HostConnection, assertion: Assertion) -> HostDelivery:
    """Upsert the award's signed credential at the host (refreshing the token once if the
    host says it has expired); the host's answer is logged and returned."""
    if connection.user_id != user.pk or connection.status != HostConnection.CONNECTED:
        raise ValidationError(_("Connect this backpack first."))
    document = credential_json(assertion)
    try:
        response = _upsert(connection, document)
        if response.status == 401 and connection.refresh_token_encrypted:
            _token_request(
                connection,
                {
                    "grant_type": "refresh_token",
                    "refresh_token": _open(connection.refresh_token_encrypted),
                },
            )
            response = _upsert(connection, document)
        status, detail = response.status, _detail(response)
    except (FetchError, ValidationError) as exc:
        status, detail = None, str(exc)
    return HostDelivery.objects.create(
        connection=connection, assertion=assertion, status_code=status, detail=detail[:2000]
    )


def _detail(response) -> str:
    if response.status in (200, 201):
        return (
            _("Added to the backpack.")
            if response.status == 201
            else _("Replaced in the backpack.")
        )
    try:
        return str(json.loads(response.body).get("imsx_description", ""))[:2000]
    except (ValueError, AttributeError):
        return response.body[:500].decode("utf-8", "replace")


@transaction.atomic
def host_disconnect(*, user: User, connection: HostConnection) -> None:
    """Forget the host's tokens (the learner can withdraw Laurel's access there too)."""
    if connection.user_id != user.pk:
        raise ValidationError(_("This is not your connection."))
    connection.delete()
