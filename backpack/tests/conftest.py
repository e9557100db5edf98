"""Fixtures for backpack tests: a badge issued elsewhere, served over real HTTP on loopback."""

import hashlib
from dataclasses import dataclass

import pytest

from badges.tests.factories import png_bytes
from badges.tests.static_server import StaticBadgeServer, running_static_server

V2 = "https://w3id.org/openbadges/v2"


@dataclass
class ElsewhereIssuer:
    """Another platform's issuer publishing hosted Open Badges 2.0 awards."""

    server: StaticBadgeServer

    def __post_init__(self):
        self.server.add_json(
            "/issuer",
            {"@context": V2, "type": "Issuer", "id": self.server.url("/issuer"),
             "name": "Elsewhere Academy", "url": "https://academy.example",
             "email": "b@academy.example"},
        )  # fmt: skip
        self.server.add_json(
            "/badge",
            {"@context": V2, "type": "BadgeClass", "id": self.server.url("/badge"),
             "name": "Rope Access", "description": "Works safely at height.",
             "image": self.server.url("/badge.png"), "criteria": {"narrative": "Pass the course."},
             "issuer": self.server.url("/issuer")},
        )  # fmt: skip
        self.server.add("/badge.png", "image/png", png_bytes(color="#884400"))

    def award(self, number: int, email: str, **fields) -> str:
        """Publish assertion /a/<number> to the email; returns its URL."""
        salt = f"salt{number}"
        digest = hashlib.sha256((email.lower() + salt).encode()).hexdigest()
        path = f"/a/{number}"
        return self.server.add_json(
            path,
            {
                "@context": V2,
                "type": "Assertion",
                "id": self.server.url(path),
                "recipient": {"type": "email", "hashed": True, "salt": salt,
                              "identity": f"sha256${digest}"},
                "badge": self.server.url("/badge"),
                "verification": {"type": "HostedBadge"},
                "issuedOn": "2026-05-01T10:00:00Z",
                **fields,
            },
        )  # fmt: skip

    def revoke(self, number: int, reason: str = "Awarded by mistake") -> None:
        path = f"/a/{number}"
        self.server.add_json(
            path,
            {"@context": V2, "type": "Assertion", "id": self.server.url(path), "revoked": True,
             "revocationReason": reason},
            status=410,
        )  # fmt: skip


@pytest.fixture
def elsewhere(settings):
    with running_static_server() as server:
        settings.LAUREL_FETCH_ALLOWED_HOSTS = [server.host_port]
        yield ElsewhereIssuer(server)
