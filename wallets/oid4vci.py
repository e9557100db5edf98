"""OpenID for Verifiable Credential Issuance 1.0 documents: the issuer and authorization server
metadata, the credential offer, and the check of a wallet's `jwt` key proof (its nonce, its
audience and the key it binds the credential to: did:key, did:jwk or a bare jwk)."""

import base64
import json
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from badges.openbadges import did, ob3, vcjwt
from badges.openbadges.signing import SigningError, read_jws

from . import links
from .errors import ExchangeError
from .models import WalletExchange

PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
PROOF_TYPE = "openid4vci-proof+jwt"
PROOF_ALGORITHMS = ["ES256", "EdDSA"]
OB_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]


def issuer_id() -> str:
    return settings.LAUREL_BASE_URL


def _display() -> list[dict]:
    return [{"name": settings.WAGTAIL_SITE_NAME, "locale": "en"}]


def _configuration(fmt: str, algorithms: list[str], definition: dict) -> dict:
    return {
        "format": fmt,
        "scope": "OpenBadgeCredential",
        "cryptographic_binding_methods_supported": ["did:key", "did:jwk", "jwk"],
        "credential_signing_alg_values_supported": algorithms,
        "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": PROOF_ALGORITHMS}},
        "credential_definition": definition,
        "credential_metadata": {"display": [{"name": "Open Badge", "locale": "en"}]},
    }


def issuer_metadata() -> dict:
    """/.well-known/openid-credential-issuer: the OpenBadgeCredential in both formats."""
    return {
        "credential_issuer": issuer_id(),
        "credential_endpoint": links.absolute(reverse("wallets:oid4vci-credential")),
        "nonce_endpoint": links.absolute(reverse("wallets:oid4vci-nonce")),
        "display": _display(),
        "credential_configurations_supported": {
            links.CREDENTIAL_CONFIGURATIONS["ldp_vc"]: _configuration(
                "ldp_vc",
                ["eddsa-rdfc-2022"],
                {"@context": list(ob3.CONTEXT), "type": OB_TYPES},
            ),
            links.CREDENTIAL_CONFIGURATIONS["jwt_vc_json"]: _configuration(
                "jwt_vc_json", ["ES256"], {"type": OB_TYPES}
            ),
        },
    }


def authorization_server_metadata() -> dict:
    """/.well-known/oauth-authorization-server (RFC 8414): the issuer is its own authorization
    server, with the token endpoint of the pre-authorized code grant only."""
    return {
        "issuer": issuer_id(),
        "token_endpoint": links.absolute(reverse("wallets:oid4vci-token")),
        "grant_types_supported": [PRE_AUTHORIZED],
        "response_types_supported": [],
        "token_endpoint_auth_methods_supported": ["none"],
        "pre-authorized_grant_anonymous_access_supported": True,
    }


def credential_offer(exchange: WalletExchange) -> dict:
    grant: dict[str, Any] = {"pre-authorized_code": exchange.pre_authorized_code}
    if exchange.tx_code:
        grant["tx_code"] = {
            "input_mode": "numeric",
            "length": len(exchange.tx_code),
            "description": _("The code shown beside the QR code on the badge's wallet page."),
        }
    return {
        "credential_issuer": issuer_id(),
        "credential_configuration_ids": list(links.CREDENTIAL_CONFIGURATIONS.values()),
        "grants": {PRE_AUTHORIZED: grant},
    }


def _invalid_proof(description: str) -> ExchangeError:
    return ExchangeError(400, "invalid_proof", description)


def _b64url_json(value: dict) -> str:
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def proof_holder(proof_jwt: Any) -> tuple[str, str]:
    """The holder a key proof binds the credential to, and the nonce it names: (DID, nonce).
    A bare jwk is named by its did:jwk. ExchangeError(invalid_proof) saying what is wrong."""
    if not isinstance(proof_jwt, str):
        raise _invalid_proof(_('The proof must be a "jwt" key proof (a compact JWS).'))
    try:
        header, payload = read_jws(proof_jwt)
    except SigningError as exc:
        raise _invalid_proof(_("The key proof is not a JWT: %(error)s") % {"error": exc}) from exc
    if header.get("typ") != PROOF_TYPE:
        raise _invalid_proof(_('The key proof\'s typ must be "%(typ)s".') % {"typ": PROOF_TYPE})
    if payload.get("aud") != issuer_id():
        raise _invalid_proof(
            _("The key proof's aud must be the credential issuer %(issuer)s.")
            % {"issuer": issuer_id()}
        )
    if not isinstance(payload.get("iat"), int | float):
        raise _invalid_proof(_("The key proof must say when it was made (iat)."))
    kid, jwk_value = header.get("kid"), header.get("jwk")
    try:
        if isinstance(kid, str) and kid.startswith(("did:key:", "did:jwk:")) and not jwk_value:
            holder = kid.partition("#")[0]
            document = did.resolvable_document(holder)
            method = document["verificationMethod"][0]
            if kid != method["id"]:
                raise _invalid_proof(
                    _("The key proof's kid must be %(kid)s.") % {"kid": method["id"]}
                )
            key = did.method_key(method)
        elif isinstance(jwk_value, dict) and not kid:
            key = did.key_from_jwk(jwk_value)
            holder = "did:jwk:" + _b64url_json(did.public_jwk(key))
        else:
            raise _invalid_proof(
                _(
                    "The key proof's header must name its key by a did:key or did:jwk kid, or "
                    "carry it as a jwk (not both)."
                )
            )
        vcjwt.verify(proof_jwt, key)
    except (did.DidError, SigningError) as exc:
        raise _invalid_proof(
            _("The key proof does not verify: %(error)s") % {"error": exc}
        ) from exc
    nonce = payload.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise ExchangeError(
            400,
            "invalid_nonce",
            _("The key proof names no nonce: get a c_nonce from the nonce endpoint and sign it."),
        )
    return holder, nonce
