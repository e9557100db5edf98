"""Run the 1EdTech Open Badges 2.0 validator offline; runs in the validator's venv, not Laurel's.

Usage: ob2_validate.py [--recipient-email E] INPUT
       ob2_validate.py --batch < CASES.json

INPUT is a URL, a path to a baked .png/.svg file, a JSON string, a JWS string, or `-` to read
one of the string forms from stdin. The OB 2.0 context documents come from Laurel's local copies
in badges/openbadges/contexts/; every other document (assertion, badge class, issuer, image,
key, revocation list) is fetched over real HTTP. Prints the validator's JSON result to stdout.
With --batch, stdin holds a JSON list of {"input": ..., "recipient_email": ...} objects and
stdout gets the list of results in the same order: one process for many badges, since starting
the validator costs about a second.
Exit status: 0 when the validator ran (whatever its verdict), 2 on a usage error.

This file must not import Django or Laurel: it runs under scripts/install-validator's venv.
"""

import argparse
import json
import sys
from pathlib import Path

from openbadges import verify
from openbadges.verifier import utils as verifier_utils
from openbadges.verifier import verifier
from openbadges_bakery import svg_bakery
from pyld import jsonld

CONTEXTS = Path(__file__).resolve().parent.parent / "badges" / "openbadges" / "contexts"
OB2_CONTEXT = CONTEXTS / "openbadges-v2.jsonld"
# Context URL -> local file. The validator dereferences the OB 2.0 context on every call.
LOCAL_CONTEXTS = {
    "https://w3id.org/openbadges/v2": OB2_CONTEXT,
    "https://openbadgespec.org/v2/context.json": OB2_CONTEXT,
}
BAKED_SUFFIXES = (".png", ".svg")

OriginalLoader = verifier.CachableDocumentLoader


class OfflineLoader(OriginalLoader):
    """Serves the held context documents from disk, fetches everything else over HTTP."""

    def __call__(self, url):
        path = LOCAL_CONTEXTS.get(url)
        if path is None:
            return super().__call__(url)
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": path.read_text(encoding="utf-8"),
            "from_cache": True,
        }


# verifier._get_options builds a new loader per call from this module-level name.
verifier.CachableDocumentLoader = OfflineLoader
# Fallbacks some tasks use when no options reach them, and pyld's own default, so that no
# path can reach w3id.org.
for _options in (verifier_utils.jsonld_use_cache, verifier_utils.jsonld_no_cache):
    _options["documentLoader"] = OfflineLoader(use_cache=False)
jsonld.set_document_loader(OfflineLoader(use_cache=False))

# openbadges-bakery 1.x returns an SVG's verify URL as bytes, which the validator then cannot
# classify on Python 3 ("only URL, JSON, or JWS input"); hand it a str instead.
_svg_unbake = svg_bakery.unbake


def _svg_unbake_text(image_file):
    value = _svg_unbake(image_file)
    return value.decode("utf-8") if isinstance(value, bytes) else value


svg_bakery.unbake = _svg_unbake_text


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipient-email", help="check the hashed recipient against this email")
    parser.add_argument("--batch", action="store_true", help="validate a JSON list from stdin")
    parser.add_argument(
        "input", nargs="?", help="URL, baked .png/.svg path, JSON, JWS, or - for stdin"
    )
    return parser.parse_args(argv)


def run(badge_input: str, recipient_email: str | None) -> dict:
    profile = {"email": recipient_email} if recipient_email else None
    if badge_input.lower().endswith(BAKED_SUFFIXES) and Path(badge_input).is_file():
        # The validator unbakes an open file and tells PNG from SVG by its content.
        with open(badge_input, "rb") as image:
            return verify(image, recipient_profile=profile, use_cache=False)
    return verify(badge_input, recipient_profile=profile, use_cache=False)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)  # argparse exits with 2 on a usage error
    if args.batch:
        cases = json.loads(sys.stdin.read())
        results = [run(case["input"].strip(), case.get("recipient_email")) for case in cases]
        print(json.dumps(results, default=str))
        return 0
    if args.input is None:
        print("ob2_validate.py: give an INPUT, or --batch", file=sys.stderr)
        return 2
    badge_input = sys.stdin.read().strip() if args.input == "-" else args.input.strip()
    if not badge_input:
        print("ob2_validate.py: the input is empty", file=sys.stderr)
        return 2
    if badge_input.lower().endswith(BAKED_SUFFIXES) and not (
        badge_input.startswith(("http://", "https://")) or Path(badge_input).is_file()
    ):
        print(f"ob2_validate.py: no such baked badge file: {badge_input}", file=sys.stderr)
        return 2
    result = run(badge_input, args.recipient_email)
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
