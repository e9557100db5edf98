"""Run the 1EdTech Open Badges 2.0 validator offline; runs in the validator's own venv.

Usage: ob2_validate.py [--recipient-email E] INPUT   (a URL, a baked .png/.svg path, or JSON)
The OB 2.0 context is served from Laurel's local copy; badge objects are fetched over HTTP.
Prints the validator's JSON result.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from openbadges import verify
from openbadges.verifier import verifier
from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_URI
from openbadges_bakery import svg_bakery

CONTEXTS = Path(__file__).resolve().parent.parent / "badges" / "openbadges" / "contexts"
LOCAL = {
    OPENBADGES_CONTEXT_V2_URI: CONTEXTS / "openbadges-v2.jsonld",
    "https://w3id.org/openbadges/v2": CONTEXTS / "openbadges-v2.jsonld",
    "https://openbadgespec.org/v2/context.json": CONTEXTS / "openbadges-v2.jsonld",
}
Original = verifier.CachableDocumentLoader


class OfflineLoader(Original):
    def __call__(self, url, *args, **kwargs):
        if url in LOCAL:
            document = LOCAL[url].read_text()
            return {
                "contextUrl": None,
                "documentUrl": url,
                "document": document,
                "from_cache": True,
            }
        return super().__call__(url, *args, **kwargs)


verifier.CachableDocumentLoader = OfflineLoader

# openbadges-bakery 1.x returns an SVG's verify URL as bytes, which the validator then
# cannot classify on Python 3 ("only URL, JSON, or JWS input"); hand it a str instead.
_svg_unbake = svg_bakery.unbake


def _svg_unbake_text(image_file):
    value = _svg_unbake(image_file)
    return value.decode("utf-8") if isinstance(value, bytes) else value


svg_bakery.unbake = _svg_unbake_text


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipient-email")
    parser.add_argument("input")
    args = parser.parse_args()
    profile = {"email": args.recipient_email} if args.recipient_email else None
    if os.path.exists(args.input):
        with open(args.input, "rb") as handle:
            result = verify(handle, recipient_profile=profile, use_cache=False)
    else:
        result = verify(args.input, recipient_profile=profile, use_cache=False)
    json.dump(result, sys.stdout, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
