"""Checking an Open Badges 3.0 credential's proof (Data Integrity or VC-JWT) and the issuer's key.

`Ob3Proofs` is a part of verify_ob3's verifier. The key is resolved through did:web, did:key,
did:jwk or the issuer's URL, and must be controlled by the credential's issuer. Every proof of a
kind Laurel knows must verify; a proof of a kind it does not know is a warning when another
proof verifies (as 1EdTech's validator judges its multiple-proofs fixture), else an error.
"""

import json
from typing import Any

from django.utils.translation import gettext as _

from . import dataintegrity, did, vcjwt
from .fetch import FetchError
from .jsonld import JsonLdError
from .signing import SigningError
from .verify_base import BaseVerifier, Stop, noun


class Ob3Proofs(BaseVerifier):
    """Proof checks, and the fetching of issuers' key and JSON documents they need."""

    fetch: Any
    documents: dict[str, Any]

    def check_embedded_proof(self, credential: dict, issuer_id: str) -> None:
        found = dataintegrity.proofs(credential)
        if not found:
            self.stop(
                "proof",
                _(
                    "The credential carries no proof, so nobody can tell who issued it; get the "
                    "signed credential (with its proof, or as a JWT) from the issuer."
                ),
            )
        verified, unknown = 0, []
        for proof in found:
            try:
                dataintegrity.suite_of(proof if isinstance(proof, dict) else {})
            except dataintegrity.ProofError as exc:
                unknown.append(str(exc))
                continue
            verified += self.data_integrity(credential, proof, issuer_id, "proof")
        for message in unknown:
            self.check("proof", False, message, "warning" if verified else "error")

    def data_integrity(self, document: dict, proof: Any, issuer_id: str, name: str) -> bool:
        if not isinstance(proof, dict):
            return self.check(name, False, _("The proof is not a JSON object."))
        method_id = proof.get("verificationMethod")
        if not isinstance(method_id, str) or not method_id:
            return self.check(name, False, _("The proof names no verificationMethod."))
        if proof.get("proofPurpose") != "assertionMethod":
            return self.check(
                name,
                False,
                _("The proof's purpose is %(purpose)s, not assertionMethod.")
                % {"purpose": repr(proof.get("proofPurpose"))},
            )
        key = self.issuer_key(method_id, issuer_id)
        if key is None:
            return False
        try:
            suite = dataintegrity.suite_of(proof)
            dataintegrity.verify(document, proof, key)
        except (dataintegrity.ProofError, JsonLdError) as exc:
            return self.check(name, False, _("The proof is not valid: %(error)s") % {"error": exc})
        return self.check(name, True, _("The %(suite)s proof is valid.") % {"suite": suite.name})

    def check_jwt(self, token: str, credential: dict, issuer_id: str) -> None:
        header, payload = vcjwt.read(token)
        if header.get("alg") not in vcjwt.ALGORITHMS:
            self.stop(
                "proof",
                _("The JWT is signed with %(alg)s; Laurel accepts %(accepted)s.")
                % {"alg": repr(header.get("alg")), "accepted": ", ".join(vcjwt.ALGORITHMS)},
            )
        if "d" in (header.get("jwk") or {}):
            self.stop("proof", _("The JWT's header holds a private key; never trust this token."))
        if header.get("kid"):
            kid = str(header["kid"])
            key = self.issuer_key(f"{issuer_id}{kid}" if kid.startswith("#") else kid, issuer_id)
            if key is None:
                raise Stop
        elif header.get("jwk"):
            try:
                key = did.key_from_jwk(header["jwk"])
            except did.DidError as exc:
                self.stop("issuer key", str(exc))
            self.check(
                "issuer key",
                False,
                _(
                    "The JWT carries its own key (jwk) instead of naming one of its issuer's "
                    "keys, so it shows the credential is intact but not who signed it."
                ),
                "warning",
            )
        else:
            self.stop(
                "issuer key",
                _(
                    "The JWT names no key (neither a kid nor a jwk header); its "
                    "signature cannot be checked."
                ),
            )
        try:
            vcjwt.verify(token, key)
        except SigningError as exc:
            self.stop("proof", str(exc))
        self.check(
            "proof",
            True,
            _("The JWT's %(alg)s signature is valid.") % {"alg": header.get("alg")},
        )
        problems = vcjwt.claim_problems(payload, credential)
        for problem in problems:
            self.check("jwt claims", False, problem)
        if not problems:
            self.check(
                "jwt claims", True, _("The JWT's claims agree with the credential it carries.")
            )
        if "vc" not in payload and "sub" not in payload and _subject_id(credential):
            # 1EdTech's validator accepts this (its own baked fixtures do it); others
            # (openbadgeslib, did-jwt-vc) refuse it, so the holder should know.
            self.check(
                "jwt claims",
                False,
                _(
                    "The JWT has no sub claim although its credential's subject has an id; "
                    "OB 3.0 (JWT Payload Format) puts it there, and some verifiers refuse the "
                    "JWT without it."
                ),
                "warning",
            )

    def issuer_key(self, method_id: str, issuer_id: str):
        """The public key of method_id when the issuer controls it; else a failed check."""
        controller = method_id.split("#")[0]
        if controller != issuer_id:
            self.check(
                "issuer key",
                False,
                _(
                    "The credential was signed with a key of %(controller)s, not of its issuer "
                    "%(issuer)s."
                )
                % {"controller": controller, "issuer": issuer_id},
            )
            return None
        try:
            document = did.resolvable_document(method_id)
            if document is None:
                document = self.controller_document(controller)
                if document is None:
                    return None
            if document.get("id") == method_id or not (
                "verificationMethod" in document or "assertionMethod" in document
            ):
                # The URL itself is the key (a JWK or Multikey published on its own).
                method = document
                if document.get("controller", controller) != controller:
                    raise did.DidError(
                        _("The key %(key)s is not controlled by %(controller)s.")
                        % {"key": method_id, "controller": controller}
                    )
            else:
                method = did.find_method(document, method_id)
            key = did.method_key(method)
        except did.DidError as exc:
            self.check("issuer key", False, str(exc))
            return None
        self.check(
            "issuer key", True, _("The key %(key)s belongs to the issuer.") % {"key": method_id}
        )
        return key

    def controller_document(self, controller: str) -> dict | None:
        if controller in self.documents:
            return self.documents[controller]
        try:
            url = did.did_web_url(controller) if controller.startswith("did:") else controller
        except did.DidError as exc:
            self.check(
                "issuer key",
                False,
                _("%(error)s Laurel resolves did:web, did:key and did:jwk.") % {"error": exc},
            )
            return None
        if not url.startswith(("https://", "http://")):
            self.check(
                "issuer key",
                False,
                _(
                    "The key's controller %(controller)s cannot be resolved; Laurel resolves "
                    "did:web, did:key, did:jwk and https URLs."
                )
                % {"controller": repr(controller)},
            )
            return None
        document = self.fetch_json(
            url, "DID document" if controller.startswith("did:") else "issuer's key document"
        )
        self.documents[controller] = document
        return document

    def fetch_json(
        self, url: str, what: str, name: str = "issuer key", level: str = "error"
    ) -> dict | None:
        try:
            response = self.fetch(url)
        except FetchError as exc:
            self.check(
                name,
                False,
                _("The %(what)s at %(url)s could not be fetched: %(error)s")
                % {"what": noun(what), "url": url, "error": exc},
                level,
            )
            return None
        if response.status != 200:
            self.check(
                name,
                False,
                _("The %(what)s at %(url)s could not be read (HTTP %(status)s).")
                % {"what": noun(what), "url": url, "status": response.status},
                level,
            )
            return None
        try:
            document = json.loads(response.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            document = None
        if not isinstance(document, dict):
            self.check(
                name,
                False,
                _("The %(what)s at %(url)s is not a JSON object.")
                % {"what": noun(what), "url": url},
                level,
            )

            return None
        return document


def _subject_id(credential: dict) -> Any:
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    return subject.get("id") if isinstance(subject, dict) else None
