"""JSON-LD for Open Badges 3.0: contexts from local copies only, RDF canonicalisation, and the
check that expansion dropped no term.

pyld resolves every context through `document_loader`, which answers from the files in
contexts/ and refuses any other URL: a credential can never make Laurel fetch a context.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from pyld import jsonld

CONTEXT_DIR = Path(__file__).parent / "contexts"
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "npm-credentials-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "npm-credentials-v1.jsonld",
    "https://w3id.org/security/data-integrity/v1": "npm-data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2": "npm-data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "npm-multikey-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "npm-ob-v3p0-context-3.0.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "npm-ob-v3p0-context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "npm-ob-v3p0-context-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "npm-ob-v3p0-context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": (
        "npm-ob-v3p0-context-extensions.json"
    ),
    "https://w3id.org/security/suites/ed25519-2020/v1": "npm-ed25519-signature-2020-v1.jsonld",
    "https://w3id.org/security/suites/x25519-2020/v1": "npm-x25519-key-agreement-2020-v1.json",
    "https://www.w3.org/ns/did/v1": "npm-did-v1.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "npm-vc-bitstring-status-list-v1.jsonld",
    "https://w3id.org/vc/status-list/2021/v1": "npm-vc-status-list-v1.jsonld",
    "https://w3id.org/dcc/v1": "npm-dcc-v1.json",
    "https://w3id.org/openbadges/v2": "openbadges-v2.jsonld",
    "https://openbadgespec.org/v2/context.json": "openbadges-v2.jsonld",
}
# Appended to a document's contexts when checking expansion: a term no context defines then
# expands to this vocabulary instead of vanishing (or landing in VC 2.0's catch-all vocabulary).
UNDEFINED = "urn:laurel:undefined-term#"
ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"


class JsonLdError(ValueError):
    """The document cannot be processed as JSON-LD; the message says why."""


@cache
def _context(name: str) -> dict:
    return json.loads((CONTEXT_DIR / name).read_text(encoding="utf-8"))


def document_loader(url: str, options: dict | None = None) -> dict:
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise JsonLdError(
            _(
                "The context %(url)s is not one Laurel holds, and Laurel never fetches a context "
                "from the web; the credential cannot be read safely."
            )
            % {"url": url}
        )
    return {"contextUrl": None, "documentUrl": url, "document": _context(name)}


def _options(**extra: Any) -> dict:
    return {"documentLoader": document_loader, "safe": False, **extra}


def _failure(exc: Exception) -> JsonLdError:
    """Laurel's own error when pyld's chain of causes holds one (a context not held), else
    pyld's first line, readably."""
    seen = exc
    while seen is not None:
        if isinstance(seen, JsonLdError):
            return JsonLdError(str(seen))
        seen = getattr(seen, "cause", None) or seen.__cause__
    return JsonLdError(
        _("The document is not valid JSON-LD: %(error)s") % {"error": str(exc).splitlines()[0]}
    )


def canonize(document: dict) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document."""
    try:
        return jsonld.normalize(
            document, _options(algorithm="URDNA2015", format="application/n-quads")
        )
    except JsonLdError:
        raise
    except Exception as exc:  # pyld raises its own error types, and others on bad input
        raise _failure(exc) from exc


def undefined_terms(document: dict) -> list[str]:
    """Names of the document's properties and types that no context defines, which a JSON-LD
    processor would drop (or file under VC 2.0's issuer-dependent vocabulary)."""
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    probe = {**document, "@context": [*contexts, {"@vocab": UNDEFINED}]}
    try:
        expanded = jsonld.expand(probe, _options())
    except JsonLdError:
        raise
    except Exception as exc:
        raise _failure(exc) from exc
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                for prefix in (UNDEFINED, ISSUER_DEPENDENT):
                    if key.startswith(prefix):
                        found.add(key.removeprefix(prefix))
                if key == "@type":
                    for kind in item if isinstance(item, list) else [item]:
                        if isinstance(kind, str) and kind.startswith((UNDEFINED, ISSUER_DEPENDENT)):
                            found.add(kind.rpartition("#")[2])
                elif key != "@value":
                    walk(item)

    walk(expanded)
    return sorted(found)
