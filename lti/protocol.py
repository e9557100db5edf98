"""LTI 1.3 messages on the tool side: id_token checks, signed tool JWTs, AGS and NRPS reads.

Built on PyJWT; every check the LTI 1.3 Core and Security Framework ask of a tool is here, each
refusal a LaunchError whose message says what was wrong.
"""

import json
import secrets
import time
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils.translation import gettext as _

from . import platform_http
from .platform_http import PlatformError

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
MESSAGE_TYPES = ("LtiResourceLinkRequest", "LtiDeepLinkingRequest")
SCOPE_LINEITEM_READ = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_RESULT_READ = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ROLE_INSTRUCTOR = (
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator",
    "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
    "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
)
ROLE_LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


class LaunchError(Exception):
    """A launch or message Laurel refuses; the message is shown to the person launching."""


def rsa_key_new() -> tuple[str, dict]:
    """A new RSA key: its private PEM and its public JWK (with kid, alg and use)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid=secrets.token_urlsafe(12), alg="RS256", use="sig")
    return pem, jwk


def sign(payload: dict, *, private_pem: str, kid: str, lifetime: int = 300) -> str:
    now = int(time.time())
    body = {"iat": now, "exp": now + lifetime, "nonce": secrets.token_urlsafe(16), **payload}
    return jwt.encode(body, private_pem, algorithm="RS256", headers={"kid": kid})


def platform_keys(jwks_url: str, *, trusted: list[str]) -> list[dict]:
    reply = platform_http.get(jwks_url, accept="application/json", trusted=trusted)
    if reply.status != 200:
        raise LaunchError(
            _("The platform's key set at %(url)s answered %(status)s.")
            % {"url": jwks_url, "status": reply.status}
        )
    keys = reply.json().get("keys") if isinstance(reply.json(), dict) else None
    if not isinstance(keys, list):
        raise LaunchError(_("The platform's key set at %(url)s holds no keys.") % {"url": jwks_url})
    return keys


def unverified_claims(id_token: str) -> dict:
    try:
        return jwt.decode(id_token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise LaunchError(_("The id_token is not a JWT: %(error)s.") % {"error": exc}) from exc


def verify_id_token(id_token: str, *, keys: list[dict], issuer: str, client_id: str) -> dict:
    """The claims of an id_token whose signature, iss, aud/azp and exp are good."""
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as exc:
        raise LaunchError(_("The id_token is not a JWT: %(error)s.") % {"error": exc}) from exc
    if header.get("alg") != "RS256":
        raise LaunchError(_("The id_token must be signed with RS256."))
    # A kid the key set lacks is tried against every key: a platform may have rotated its
    # keys, and a forged token fails the signature check with the message that says so.
    candidates = [k for k in keys if k.get("kid") == header.get("kid")] or keys
    if not candidates:
        raise LaunchError(_("The platform's key set is empty; check its JWKS URL."))
    last = None
    for jwk in candidates:
        try:
            key = jwt.algorithms.RSAAlgorithm.from_jwk(jwk)
            claims = jwt.decode(
                id_token,
                key,
                algorithms=["RS256"],
                audience=client_id,
                issuer=issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
                leeway=30,
            )
            break
        except jwt.InvalidSignatureError as exc:
            last = LaunchError(_("The id_token's signature does not match the platform's key."))
            last.__cause__ = exc
        except jwt.ExpiredSignatureError as exc:
            raise LaunchError(_("The id_token has expired; launch again from the course.")) from exc
        except jwt.InvalidAudienceError as exc:
            raise LaunchError(
                _("The id_token is for another tool (aud is not the client id %(client_id)s).")
                % {"client_id": client_id}
            ) from exc
        except jwt.InvalidIssuerError as exc:
            raise LaunchError(
                _("The id_token's iss is not %(issuer)s.") % {"issuer": issuer}
            ) from exc
        except jwt.PyJWTError as exc:
            raise LaunchError(_("The id_token was refused: %(error)s.") % {"error": exc}) from exc
    else:
        raise last
    aud = claims["aud"]
    if isinstance(aud, list) and len(aud) > 1 and claims.get("azp") != client_id:
        raise LaunchError(_("The id_token names several audiences but its azp is not Laurel."))
    if claims.get(CLAIM + "version") != "1.3.0":
        raise LaunchError(_("Only LTI version 1.3.0 launches are accepted."))
    if claims.get(CLAIM + "message_type") not in MESSAGE_TYPES:
        raise LaunchError(
            _("Message type %(type)s is not handled.")
            % {"type": repr(claims.get(CLAIM + "message_type"))}
        )
    return claims


def is_instructor(claims: dict) -> bool:
    roles = claims.get(CLAIM + "roles") or []
    return any(role in ROLE_INSTRUCTOR or role.endswith("#Instructor") for role in roles)


def access_token(*, platform, key, scopes: list[str], trusted: list[str]) -> str:
    """An access token from the platform by the client-credentials grant with a JWT assertion."""
    assertion = sign(
        {
            "iss": platform.client_id,
            "sub": platform.client_id,
            "aud": platform.token_url,
            "jti": secrets.token_urlsafe(16),
        },
        private_pem=key.private_pem,
        kid=key.kid,
    )
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
        "scope": " ".join(scopes),
    }
    reply = platform_http.post(
        platform.token_url,
        data=urlencode(form).encode(),
        accept="application/json",
        content_type="application/x-www-form-urlencoded",
        trusted=trusted,
    )
    if reply.status != 200:
        raise PlatformError(
            f"the token URL {platform.token_url} refused the access token request "
            f"({reply.status}): {reply.body[:200].decode(errors='replace')}"
        )
    token = reply.json().get("access_token")
    if not token:
        raise PlatformError(f"the token URL {platform.token_url} returned no access_token")
    return token


def read_pages(url: str, *, token: str, accept: str, key: str | None, trusted: list[str]) -> list:
    """Every item of a paged AGS or NRPS container (pages follow the Link rel="next" header)."""
    items: list = []
    for _page in range(1000):
        reply = platform_http.get(
            url, accept=accept, headers={"Authorization": f"Bearer {token}"}, trusted=trusted
        )
        if reply.status != 200:
            raise PlatformError(f"{url} answered {reply.status}")
        body = reply.json()
        items += body.get(key, []) if key else body
        url = _next_link(reply.headers.get("link", ""))
        if not url:
            return items
    raise PlatformError(f"{url} has more than 1000 pages")


def _next_link(link: str) -> str:
    for part in link.split(","):
        if 'rel="next"' in part:
            return part.split(";")[0].strip().strip("<>")
    return ""
