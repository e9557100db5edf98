"""The VC-API (VCALM) exchange documents: the DIDAuthentication request a wallet is asked, the
CHAPI form of it, and the check of the wallet's signed presentation (its did:key, proof,
challenge and domain)."""

from typing import Any

from django.utils.translation import gettext as _

from badges.openbadges import dataintegrity, did
from badges.openbadges.jsonld import JsonLdError

from . import links
from .errors import ExchangeError
from .models import WalletExchange

CRYPTOSUITES = ["eddsa-rdfc-2022", "Ed25519Signature2020"]
VC_V2 = "https://www.w3.org/ns/credentials/v2"


def presentation_request(exchange: WalletExchange) -> dict:
    """What the wallet must present: a DIDAuthentication with this exchange's challenge."""
    return {
        "query": [
            {
                "type": "DIDAuthentication",
                "acceptedMethods": [{"method": "key"}],
                "acceptedCryptosuites": [{"cryptosuite": name} for name in CRYPTOSUITES],
            }
        ],
        "challenge": exchange.challenge,
        "domain": links.domain(),
        "interact": {
            "service": [
                {
                    "type": "VerifiableCredentialApiExchangeService",
                    "serviceEndpoint": links.exchange_url(exchange),
                }
            ]
        },
    }


def chapi_request(exchange: WalletExchange) -> dict:
    """The exchange as a browser wallet gets it through CHAPI (navigator.credentials.get)."""
    return {"web": {"VerifiablePresentation": presentation_request(exchange)}}


def presentation(credential: dict | str) -> dict:
    """The exchange's answer: a presentation holding the issued credential (unsigned, as
    VC-API issuers answer; the credential carries the issuer's proof)."""
    return {
        "@context": [VC_V2],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [credential],
    }


def _refuse(description: str, error: str = "invalid_presentation") -> ExchangeError:
    return ExchangeError(400, error, description)


def holder_of(vp: Any, exchange: WalletExchange) -> str:
    """The DID that signed the DIDAuth presentation for this exchange; ExchangeError saying
    what is wrong otherwise."""
    if not isinstance(vp, dict):
        raise _refuse(_("verifiablePresentation must be a JSON object (a signed presentation)."))
    kinds = vp.get("type")
    if "VerifiablePresentation" not in (kinds if isinstance(kinds, list) else [kinds]):
        raise _refuse(_("The presentation's type must include VerifiablePresentation."))
    proofs = dataintegrity.proofs(vp)
    if len(proofs) != 1 or not isinstance(proofs[0], dict):
        raise _refuse(_("The presentation must carry exactly one proof, signed by the wallet."))
    proof = proofs[0]
    if proof.get("proofPurpose") != "authentication":
        raise _refuse(_('The proof\'s proofPurpose must be "authentication" (DIDAuth).'))
    if proof.get("challenge") != exchange.challenge:
        raise _refuse(
            _(
                "The proof's challenge is not this exchange's: sign the presentation with the "
                "challenge of the request this exchange answered."
            ),
            "invalid_challenge",
        )
    if proof.get("domain") != links.domain():
        raise _refuse(
            _("The proof's domain must be %(domain)s, the domain the request named.")
            % {"domain": repr(links.domain())},
            "invalid_domain",
        )
    method_id = proof.get("verificationMethod")
    if not isinstance(method_id, str) or not method_id.startswith("did:key:"):
        raise _refuse(
            _("The proof's verificationMethod must be a did:key key (did:key:z...#z...).")
        )
    holder = method_id.partition("#")[0]
    try:
        document = did.did_key_document(holder)
    except did.DidError as exc:
        raise _refuse(str(exc)) from exc
    method = document["verificationMethod"][0]
    if method_id != method["id"]:
        raise _refuse(
            _("The proof's verificationMethod must be %(method)s, the DID's key.")
            % {"method": method["id"]}
        )
    if vp.get("holder", holder) not in (holder, {"id": holder}):
        raise _refuse(_("The presentation's holder is not the DID that signed it."))
    try:
        dataintegrity.suite_of(proof)
        dataintegrity.verify(vp, proof, did.method_key(method))
    except (dataintegrity.ProofError, did.DidError, JsonLdError) as exc:
        raise _refuse(
            _("The presentation's proof does not verify: %(error)s") % {"error": exc},
            "invalid_proof",
        ) from exc
    return holder
