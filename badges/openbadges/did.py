"""Decentralised identifiers for Open Badges 3.0: did:web names for this site and its issuers,
their DID documents, did:key and did:jwk, and the key encodings DID documents use (Multikey,
JsonWebKey and JsonWebKey2020, Ed25519VerificationKey2020 and 2018).

Pure functions of their arguments and LAUREL_BASE_URL; nothing here fetches.
"""

import base64
import binascii
import json
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from django.conf import settings
from django.utils.translation import gettext as _
from jwcrypto import jwk

DID_CONTEXT = [
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/security/multikey/v1",
    "https://w3id.org/security/jwk/v1",
]
ED25519_MULTICODEC = b"\xed\x01"
# Multicodec prefixes (varint) of the compressed NIST curve public keys, as did:key and
# Multikey write them (the "zDn..." and "z82..." keys of ecdsa-rdfc-2019).
EC_MULTICODECS = {b"\x80\x24": ec.SECP256R1(), b"\x81\x24": ec.SECP384R1()}
PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey


class DidError(ValueError):
    """A DID, DID document or key Laurel cannot use; the message says why."""


# Names --------------------------------------------------------------------------------------


def did_web(url: str) -> str:
    """The did:web naming the DID document at url's host and path (port encoded as %3A)."""
    parts = urlsplit(url)
    segments = [quote(unquote(s), safe="") for s in parts.path.split("/") if s]
    return ":".join(["did:web", parts.netloc.replace(":", "%3A"), *segments])


def site_did() -> str:
    return did_web(settings.LAUREL_BASE_URL)


def issuer_did(entity_id: str) -> str:
    return did_web(f"{settings.LAUREL_BASE_URL}/issuers/{entity_id}")


def did_web_url(did: str) -> str:
    """Where a did:web's document lives: https://host/path/did.json, or the host's
    /.well-known/did.json. This site's own DIDs keep LAUREL_BASE_URL's scheme, so a
    development site on http still resolves its own issuers."""
    if not did.startswith("did:web:"):
        raise DidError(_("%(did)s is not a did:web identifier.") % {"did": repr(did)})
    host, *segments = did.removeprefix("did:web:").split("#")[0].split(":")
    host = unquote(host)
    if not host or any(c in host for c in "/?@ ") or not all(segments):
        raise DidError(_("%(did)s is not a well-formed did:web identifier.") % {"did": repr(did)})
    path = "/".join(quote(unquote(s), safe="") for s in segments)
    base = urlsplit(settings.LAUREL_BASE_URL)
    scheme = base.scheme if host == base.netloc else "https"
    return (
        f"{scheme}://{host}/{path}/did.json" if path else f"{scheme}://{host}/.well-known/did.json"
    )


# Keys ---------------------------------------------------------------------------------------


def multibase_ed25519(key: ed25519.Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_MULTICODEC + raw).decode()


def decode_base58btc(value: Any, what: str, error: type[ValueError]) -> bytes:
    """The bytes of a multibase base58btc value ("z..."); `error` names `what` when it is not."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise error(_("The %(what)s is not a base58btc (z...) value.") % {"what": what})
    try:
        return base58.b58decode(value[1:])
    except ValueError as exc:
        raise error(_("The %(what)s is not valid base58btc.") % {"what": what}) from exc


def ed25519_from_multibase(value: Any) -> ed25519.Ed25519PublicKey:
    key = key_from_multibase(value)
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise DidError(_("The key's publicKeyMultibase is not an Ed25519 public key."))
    return key


def key_from_multibase(value: Any) -> PublicKey:
    """The Ed25519, P-256 or P-384 public key of a Multikey publicKeyMultibase (or did:key)."""
    raw = decode_base58btc(value, "key's publicKeyMultibase", DidError)
    if raw.startswith(ED25519_MULTICODEC) and len(raw) == 34:
        return ed25519.Ed25519PublicKey.from_public_bytes(raw[2:])
    curve = EC_MULTICODECS.get(raw[:2])
    if curve is not None:
        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(curve, raw[2:])
        except ValueError as exc:
            raise DidError(
                _("The key's publicKeyMultibase is not a %(name)s point.") % {"name": curve.name}
            ) from exc
    raise DidError(_("The key's publicKeyMultibase is not an Ed25519, P-256 or P-384 public key."))


def public_jwk(key: PublicKey) -> dict:
    """The public JWK of a key (never with a private part)."""
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return json.loads(jwk.JWK.from_pem(pem).export_public())


def key_from_jwk(value: Any) -> PublicKey:
    """The public key of a JWK; a JWK holding a private part is refused."""
    if not isinstance(value, dict) or "kty" not in value:
        raise DidError(_("The key is not a JSON Web Key (an object with kty)."))
    if "d" in value:
        raise DidError(_("The JSON Web Key holds a private key; a published key must never."))
    try:
        key = jwk.JWK(**value).get_op_key("verify")
    except Exception as exc:  # jwcrypto raises several types for malformed keys
        raise DidError(_("The JSON Web Key cannot be read: %(exc)s") % {"exc": exc}) from exc
    if not isinstance(key, PublicKey):
        raise DidError(_("The JSON Web Key is not an Ed25519, P-256 or RSA public key."))
    return key


def load_public_pem(pem: str) -> PublicKey:
    return serialization.load_pem_public_key(pem.encode())


# Documents ----------------------------------------------------------------------------------


def method_id(did: str, key_id: str) -> str:
    return f"{did}#{key_id}"


def verification_method(did: str, key_id: str, public_key_pem: str) -> dict:
    """A key as a DID document lists it: Ed25519 as Multikey, others as JsonWebKey."""
    key = load_public_pem(public_key_pem)
    method = {"id": method_id(did, key_id), "controller": did}
    if isinstance(key, ed25519.Ed25519PublicKey):
        return {**method, "type": "Multikey", "publicKeyMultibase": multibase_ed25519(key)}
    return {**method, "type": "JsonWebKey", "publicKeyJwk": public_jwk(key)}


def did_document(did: str, keys: list[tuple[str, str]], *, also_known_as: list[str]) -> dict:
    """The DID document of did; keys are (key id, public key PEM), old keys included so that
    credentials they signed stay verifiable."""
    methods = [verification_method(did, key_id, pem) for key_id, pem in keys]
    doc: dict[str, Any] = {"@context": DID_CONTEXT, "id": did, "alsoKnownAs": also_known_as}
    if methods:
        doc["verificationMethod"] = methods
        doc["assertionMethod"] = [method["id"] for method in methods]
    return doc


def did_key_document(did: str) -> dict:
    """The DID document a did:key (Ed25519, P-256 or P-384) stands for; it needs no fetching."""
    multibase = did.removeprefix("did:key:").split("#")[0]
    if not did.startswith("did:key:"):
        raise DidError(_("%(did)s is not a did:key identifier.") % {"did": repr(did)})
    key_from_multibase(multibase)  # refuses what is not a key Laurel reads
    return _one_key_document(
        f"did:key:{multibase}", multibase, "Multikey", publicKeyMultibase=multibase
    )


def did_jwk_document(did: str) -> dict:
    """The DID document a did:jwk stands for: its one key, `#0`, is the JWK the DID encodes."""
    if not did.startswith("did:jwk:"):
        raise DidError(_("%(did)s is not a did:jwk identifier.") % {"did": repr(did)})
    encoded = did.removeprefix("did:jwk:").split("#")[0]
    try:
        value = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, binascii.Error) as exc:
        raise DidError(_("%(did)s does not encode a JSON Web Key.") % {"did": repr(did)}) from exc
    key_from_jwk(value)  # refuses private and unreadable keys
    return _one_key_document(f"did:jwk:{encoded}", "0", "JsonWebKey2020", publicKeyJwk=value)


def _one_key_document(did: str, fragment: str, method_type: str, **key: Any) -> dict:
    """The document of a DID that is its own key: that one key, for assertions."""
    method = {"id": f"{did}#{fragment}", "type": method_type, "controller": did, **key}
    return {"id": did, "verificationMethod": [method], "assertionMethod": [method["id"]]}


def resolvable_document(did: str) -> dict | None:
    """The DID document of a DID that names its own key (did:key, did:jwk); None for the DIDs
    whose documents live elsewhere (did:web, URLs)."""
    if did.startswith("did:key:"):
        return did_key_document(did)
    if did.startswith("did:jwk:"):
        return did_jwk_document(did)
    return None


def find_method(document: Any, wanted: str) -> dict:
    """The verification method wanted in a DID or controller document, which must list it
    for assertions; DidError saying what is wrong otherwise."""
    if not isinstance(document, dict):
        raise DidError(_("The DID document is not a JSON object."))
    controller = document.get("id")
    base = wanted.partition("#")[0]

    def full(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("#"):
            return f"{controller}{value}"
        return value

    methods = document.get("verificationMethod") or []
    methods = methods if isinstance(methods, list) else [methods]
    assertion = document.get("assertionMethod")
    found = None
    for method in methods:
        if isinstance(method, dict) and full(method.get("id")) == wanted:
            found = method
    for entry in assertion if isinstance(assertion, list) else []:
        if isinstance(entry, dict) and full(entry.get("id")) == wanted:
            found = entry  # a method embedded in assertionMethod
    if found is None:
        raise DidError(
            _("The document of %(base)s lists no key %(wanted)s.")
            % {"base": base, "wanted": wanted}
        )
    if controller != base:
        raise DidError(
            _("The document at %(base)s names itself %(controller)s, not %(base)s.")
            % {"base": base, "controller": repr(controller)}
        )
    listed = [full(e.get("id") if isinstance(e, dict) else e) for e in _list(assertion or [])]
    if wanted not in listed:
        raise DidError(
            _("%(wanted)s is not one of %(base)s's keys for issuing credentials.")
            % {"wanted": wanted, "base": base}
        )
    if found.get("controller", controller) != controller:
        raise DidError(
            _("The key %(wanted)s is controlled by %(controller)s.")
            % {"wanted": wanted, "controller": repr(found.get("controller"))}
        )
    return found


def method_key(method: dict) -> PublicKey:
    """The public key of a verification method, whatever its type calls it: Multikey and
    Ed25519VerificationKey2020 (publicKeyMultibase), JsonWebKey and JsonWebKey2020
    (publicKeyJwk), Ed25519VerificationKey2018 (publicKeyBase58)."""
    if "publicKeyMultibase" in method:
        value = method["publicKeyMultibase"]
        if method.get("type") == "Ed25519VerificationKey2020":
            return ed25519_from_multibase(value)
        return key_from_multibase(value)
    if "publicKeyJwk" in method:
        return key_from_jwk(method["publicKeyJwk"])
    if "publicKeyBase58" in method:
        raw = decode_base58btc("z" + str(method["publicKeyBase58"]), "publicKeyBase58", DidError)
        if len(raw) != 32:
            raise DidError(_("The key's publicKeyBase58 is not an Ed25519 public key."))
        return ed25519.Ed25519PublicKey.from_public_bytes(raw)
    raise DidError(
        _(
            "The key %(key)s has no publicKeyMultibase, publicKeyJwk or publicKeyBase58; its "
            "type %(type)s is not one Laurel reads."
        )
        % {"key": method.get("id"), "type": repr(method.get("type"))}
    )


def _list(value: Any) -> list:
    return value if isinstance(value, list) else [value]
