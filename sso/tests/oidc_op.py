"""The test OpenID Provider (panva's oidc-provider, tools/oidc-op/op.mjs) as a running process."""

import contextlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from badges.tests.ob2_validator import tool_required
from sso.models import Institution
from sso.services import institution_save

TOOL = Path(__file__).resolve().parents[2] / "tools" / "oidc-op"
SLUG = "uni-oidc"
ADA = {
    "email": "Ada@University.example",
    "email_verified": True,
    "name": "Ada Lovelace",
    "groups": ["badge-editors"],
    "eduperson_scoped_affiliation": ["staff@university.example", "member@university.example"],
}


def institution(discovery_url: str) -> Institution:
    return institution_save(
        institution=Institution(
            slug=SLUG,
            name="University of Example",
            protocol="oidc",
            discovery_url=discovery_url,
            client_id="laurel",
            client_secret="a-long-test-secret-for-laurel",
            scopes="openid profile email groups eduperson",
        )
    )


def require_op() -> str:
    """The node binary; skips the test (or fails, when required) if the OP is not set up."""
    node = shutil.which("node")
    if node is None:
        reason = "Node is not installed (apt-get install nodejs npm)"
    elif not (TOOL / "node_modules" / "oidc-provider").is_dir():
        reason = f"oidc-provider is not installed in {TOOL}: run make oidc-op"
    else:
        return node
    if tool_required("oidc-op"):
        pytest.fail(f"LAUREL_REQUIRE_SERVICES requires the test OP: {reason}")
    pytest.skip(reason)


@contextlib.contextmanager
def running_op(*, clients: list[dict], accounts: dict):
    """Start the OP on a free loopback port; yields its issuer URL, stops it afterwards."""
    node = require_op()
    config = json.dumps({"clients": clients, "accounts": accounts})
    process = subprocess.Popen(
        [node, str(TOOL / "op.mjs"), config],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"the test OP did not start (exit {process.wait(5)})")
        yield json.loads(line)["issuer"]
    finally:
        process.terminate()
        process.wait(10)
