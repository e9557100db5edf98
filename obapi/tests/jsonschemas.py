"""1EdTech's published JSON schemas (copies under schemas/, with their licence) as validators."""

import json
import re
from pathlib import Path

from jsonschema import Draft7Validator

HERE = Path(__file__).resolve().parent / "schemas"


def badge_connect(name: str) -> Draft7Validator:
    """The Badge Connect 2.1 schema `imsob_v2p1v2p1-<name>-schemav1p0.json`."""
    text = (HERE / "ob_v2p1" / f"imsob_v2p1v2p1-{name}-schemav1p0.json").read_text("utf-8-sig")
    # The published files carry trailing commas, which JSON does not allow.
    return Draft7Validator(json.loads(re.sub(r",(\s*[}\]])", r"\1", text)))
