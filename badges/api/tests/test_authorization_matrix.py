"""Every endpoint of the API against every kind of caller, each cell asserted.

Callers: nobody (no token), an earner (the recipient of the award, no issuer role), the
issuer's staff, editor and owner, the owner of another issuer, and a token that lacks the
scope the endpoint needs (held by the caller who would otherwise be allowed).
"""

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml
from django.test import Client

from badges.services.claim_codes import claim_code_create

from .conftest import ALL_SCOPES, client_for, png_data_uri

ROLES = ("anonymous", "earner", "staff", "editor", "owner", "other_owner", "no_scope")

# Scopes that satisfy a needed scope: taking them away makes a token that lacks it.
GRANTING = {
    "r:profile": {"r:profile", "rw:profile"},
    "rw:profile": {"rw:profile"},
    "r:backpack": {"r:backpack", "rw:backpack"},
    "rw:backpack": {"rw:backpack"},
    "rw:issuer": {"rw:issuer"},
}


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # placeholders: {issuer}, {spare_issuer}, {badge}, {spare_badge}, ...
    scope: str
    expected: tuple[int, ...]  # one status per ROLES entry
    body: Any = None  # a dict, or a callable(world, user) returning the body
    holder: str = "owner"  # who holds the token lacking the scope
    notes: dict = field(default_factory=dict)


def issuer_body(world, user):
    return {"name": "New Issuer", "email": user.email, "url": "https://new.example.org"}


def badge_body(world, user):
    return {
        "name": "Data Literacy",
        "description": "Reads and questions data.",
        "criteriaNarrative": "Complete the course.",
        "image": png_data_uri(),
        "issuer": world.issuer.entity_id,
    }


def award_body(world, user):
    return {
        "recipient": {"identity": "new.learner@example.org"},
        "badgeclass": world.badge.entity_id,
    }


def new_claim_code(world):
    return claim_code_create(badge_class=world.badge, user=world.owner)[0]


def claim_body(world, user):
    return {"code": new_claim_code(world).formatted}


def revoke_batch_body(world, user):
    return [{"entityId": world.assertion.entity_id, "revocationReason": "Issued in error"}]


def review_body(world, user):
    criteria = [{"criterion": r["criterion"], "met": False} for r in world.application.reflections]
    return {"decision": "return", "comment": "Add a photo.", "criteria": criteria}


ISSUER_READ = (401, 404, 200, 200, 200, 404, 403)
AWARD = (401, 404, 201, 201, 201, 404, 403)
EDIT_BADGES_CREATE = (401, 404, 403, 201, 201, 404, 403)
EDIT_BADGES = (401, 404, 403, 200, 200, 404, 403)
MANAGE = (401, 404, 403, 403, 200, 404, 403)
MANAGE_CREATE = (401, 404, 403, 403, 201, 404, 403)
ANY_USER = (401, 200, 200, 200, 200, 200, 403)
ANY_USER_CREATE = (401, 201, 201, 201, 201, 201, 403)
EARNER_ONLY = (401, 200, 404, 404, 404, 404, 403)
EARNER_ONLY_CREATE = (401, 201, 404, 404, 404, 404, 403)

MATRIX = [
    Row("GET", "/v2/issuers", "rw:issuer", ANY_USER),
    Row("POST", "/v2/issuers", "rw:issuer", ANY_USER_CREATE, issuer_body),
    Row("GET", "/v2/issuers/changed?since=2000-01-01T00:00:00Z", "rw:issuer", ANY_USER),
    Row("GET", "/v2/issuers/{issuer}", "rw:issuer", ISSUER_READ),
    Row("PUT", "/v2/issuers/{issuer}", "rw:issuer", MANAGE, {"description": "Now with more"}),
    Row("DELETE", "/v2/issuers/{spare_issuer}", "rw:issuer", MANAGE),
    Row("GET", "/v2/issuers/{issuer}/badgeclasses", "rw:issuer", ISSUER_READ),
    Row("POST", "/v2/issuers/{issuer}/badgeclasses", "rw:issuer", EDIT_BADGES_CREATE, badge_body),
    Row("GET", "/v2/issuers/{issuer}/assertions", "rw:issuer", ISSUER_READ),
    Row("POST", "/v2/issuers/{issuer}/assertions", "rw:issuer", AWARD, award_body),
    Row("GET", "/v2/issuers/{issuer}/webhooks", "rw:issuer", MANAGE),
    Row(
        "POST",
        "/v2/issuers/{issuer}/webhooks",
        "rw:issuer",
        MANAGE_CREATE,
        {"url": "http://127.0.0.1:8000/crm", "events": ["assertion.awarded"]},
    ),
    Row("GET", "/v2/webhooks/{webhook}", "rw:issuer", MANAGE),
    Row("PUT", "/v2/webhooks/{webhook}", "rw:issuer", MANAGE, {"description": "CRM"}),
    Row("DELETE", "/v2/webhooks/{webhook}", "rw:issuer", MANAGE),
    Row("GET", "/v2/webhooks/{webhook}/deliveries", "rw:issuer", MANAGE),
    Row("POST", "/v2/webhooks/{webhook}/secret", "rw:issuer", MANAGE),
    Row("POST", "/v2/webhooks/{webhook}/ping", "rw:issuer", MANAGE),
    Row("POST", "/v2/webhooks/deliveries/{delivery}/redeliver", "rw:issuer", MANAGE),
    Row("GET", "/v2/badgeclasses", "rw:issuer", ANY_USER),
    Row("POST", "/v2/badgeclasses", "rw:issuer", EDIT_BADGES_CREATE, badge_body),
    Row("GET", "/v2/badgeclasses/changed?since=2000-01-01T00:00:00Z", "rw:issuer", ANY_USER),
    Row("GET", "/v2/badgeclasses/{badge}", "rw:issuer", ISSUER_READ),
    Row("PUT", "/v2/badgeclasses/{badge}", "rw:issuer", EDIT_BADGES, {"name": "Python II"}),
    Row("DELETE", "/v2/badgeclasses/{spare_badge}", "rw:issuer", EDIT_BADGES),
    Row("GET", "/v2/badgeclasses/{badge}/assertions", "rw:issuer", ISSUER_READ),
    Row("POST", "/v2/badgeclasses/{badge}/assertions", "rw:issuer", AWARD, award_body),
    Row(
        "POST",
        "/v2/badgeclasses/{badge}/issue",
        "rw:issuer",
        AWARD,
        {
            "assertions": [{"recipient": {"identity": "a@example.org"}}],
            "create_notification": False,
        },
    ),
    Row("GET", "/v2/badgeclasses/{badge}/claimcodes", "rw:issuer", ISSUER_READ),
    Row("POST", "/v2/badgeclasses/{badge}/claimcodes", "rw:issuer", AWARD, {"count": 2}),
    Row("GET", "/v2/claimcodes/{claim_code}", "rw:issuer", ISSUER_READ),
    Row("DELETE", "/v2/claimcodes/{claim_code}", "rw:issuer", ISSUER_READ),
    Row("GET", "/v2/assertions/changed?since=2000-01-01T00:00:00Z", "rw:issuer", ANY_USER),
    Row("POST", "/v2/assertions/revoke", "rw:issuer", ISSUER_READ, revoke_batch_body),
    Row("GET", "/v2/assertions/{assertion}", "rw:issuer", ISSUER_READ),
    Row("GET", "/v2/assertions/{assertion}/credential", "rw:issuer", ISSUER_READ),
    Row("PUT", "/v2/assertions/{assertion}", "rw:issuer", ISSUER_READ, {"narrative": "Great"}),
    Row(
        "DELETE",
        "/v2/assertions/{assertion}",
        "rw:issuer",
        ISSUER_READ,
        {"revocation_reason": "Issued in error"},
    ),
    Row("GET", "/v2/backpack/assertions", "r:backpack", ANY_USER, holder="earner"),
    Row("GET", "/v2/backpack/assertions/{assertion}", "r:backpack", EARNER_ONLY, holder="earner"),
    Row(
        "PUT",
        "/v2/backpack/assertions/{assertion}",
        "rw:backpack",
        EARNER_ONLY,
        {"acceptance": "Accepted"},
        holder="earner",
    ),
    Row(
        "DELETE", "/v2/backpack/assertions/{assertion}", "rw:backpack", EARNER_ONLY, holder="earner"
    ),
    Row("GET", "/v2/backpack/collections", "r:backpack", ANY_USER, holder="earner"),
    Row(
        "POST",
        "/v2/backpack/collections",
        "rw:backpack",
        ANY_USER_CREATE,
        {"name": "Highlights"},
        holder="earner",
    ),
    Row("GET", "/v2/backpack/collections/{collection}", "r:backpack", EARNER_ONLY, holder="earner"),
    Row(
        "PUT",
        "/v2/backpack/collections/{collection}",
        "rw:backpack",
        EARNER_ONLY,
        {"name": "Renamed"},
        holder="earner",
    ),
    Row(
        "DELETE",
        "/v2/backpack/collections/{collection}",
        "rw:backpack",
        EARNER_ONLY,
        holder="earner",
    ),
    Row(
        "POST",
        "/v2/backpack/import",
        "rw:backpack",
        (401, 400, 400, 400, 400, 400, 403),  # allowed, and refused as no badge: 400
        {"assertion": {"type": "Assertion"}},
        holder="earner",
    ),
    Row("POST", "/v2/backpack/claim", "rw:backpack", ANY_USER_CREATE, claim_body, holder="earner"),
    Row("GET", "/v2/applications", "r:backpack", ANY_USER, holder="earner"),
    Row(
        "POST",
        "/v2/applications",
        "rw:backpack",
        ANY_USER_CREATE,
        lambda world, user: {"badgeclass": world.open_badge.entity_id},
        holder="earner",
    ),
    Row("GET", "/v2/applications/{application}", "r:backpack", EARNER_ONLY, holder="earner"),
    Row(
        "PUT",
        "/v2/applications/{draft_application}",
        "rw:backpack",
        EARNER_ONLY,
        {"reflections": []},
        holder="earner",
    ),
    Row(
        "POST",
        "/v2/applications/{draft_application}/evidence",
        "rw:backpack",
        EARNER_ONLY_CREATE,
        {"kind": "url", "url": "https://portfolio.example/me"},
        holder="earner",
    ),
    Row(
        "POST",
        "/v2/applications/{draft_application}/submit",
        "rw:backpack",
        EARNER_ONLY,
        holder="earner",
    ),
    Row(
        "POST",
        "/v2/applications/{draft_application}/withdraw",
        "rw:backpack",
        EARNER_ONLY,
        holder="earner",
    ),
    Row("GET", "/v2/issuers/{issuer}/applications", "rw:issuer", ISSUER_READ),
    Row("POST", "/v2/applications/{application}/take", "rw:issuer", ISSUER_READ),
    Row("POST", "/v2/applications/{application}/review", "rw:issuer", ISSUER_READ, review_body),
    Row("GET", "/v2/users/self", "r:profile", ANY_USER, holder="earner"),
    Row("PUT", "/v2/users/self", "rw:profile", ANY_USER, {"firstName": "Ada"}, holder="earner"),
    Row("GET", "/v2/auth/tokens", "rw:profile", ANY_USER, holder="earner"),
    Row(
        "POST",
        "/v2/auth/tokens",
        "rw:profile",
        ANY_USER_CREATE,
        {"name": "ci", "scope": "r:profile"},
        holder="earner",
    ),
    Row("DELETE", "/v2/auth/tokens/{personal_token}", "rw:profile", EARNER_ONLY, holder="earner"),
]

CELLS = [
    pytest.param(
        row, role, row.expected[index], id=f"{row.method} {row.path.split('?')[0]} as {role}"
    )
    for row in MATRIX
    for index, role in enumerate(ROLES)
]


def _client(world, row: Row, role: str):
    if role == "anonymous":
        return client_for(None), None
    if role == "no_scope":
        user = getattr(world, row.holder)
        lacking = " ".join(sorted(set(ALL_SCOPES.split()) - GRANTING[row.scope]))
        return client_for(user, lacking), user
    user = getattr(world, role)
    return client_for(user), user


def _path(world, row: Row) -> str:
    return row.path.format(
        issuer=world.issuer.entity_id,
        spare_issuer=world.spare_issuer.entity_id,
        badge=world.badge.entity_id,
        spare_badge=world.spare_badge.entity_id,
        assertion=world.assertion.entity_id,
        collection=world.collection.entity_id,
        personal_token=world.personal_token.entity_id,
        claim_code=new_claim_code(world).entity_id if "{claim_code}" in row.path else "",
        webhook=world.webhook.entity_id,
        delivery=world.delivery.message_id,
        application=world.application.entity_id,
        draft_application=world.draft_application.entity_id,
    )


@pytest.mark.parametrize(("row", "role", "expected"), CELLS)
def test_each_caller_gets_the_answer_their_role_and_scope_allow(applied_world, row, role, expected):
    world = applied_world
    client, user = _client(world, row, role)
    body = row.body(world, user or world.owner) if callable(row.body) else row.body
    response = client.generic(
        row.method,
        _path(world, row),
        data="" if body is None else json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == expected, response.content
    envelope = response.json()
    assert envelope["status"]["success"] is (expected < 400)
    if expected >= 400:
        assert envelope["result"] == []
        assert envelope["status"]["description"]


def test_the_matrix_covers_every_operation_of_the_api_schema(db):
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        if path.startswith("/v2/")
        for method in item
        if method in ("get", "post", "put", "delete")
    }
    placeholders = {
        "{issuer}": "{entity_id}",
        "{spare_issuer}": "{entity_id}",
        "{badge}": "{entity_id}",
        "{spare_badge}": "{entity_id}",
        "{assertion}": "{entity_id}",
        "{collection}": "{entity_id}",
        "{personal_token}": "{entity_id}",
        "{claim_code}": "{entity_id}",
        "{webhook}": "{entity_id}",
        "{delivery}": "{entity_id}",
        "{application}": "{entity_id}",
        "{draft_application}": "{entity_id}",
    }
    covered = set()
    for row in MATRIX:
        path = row.path.split("?")[0]
        for name, generic in placeholders.items():
            path = path.replace(name, generic)
        covered.add((row.method, path))
    assert operations == covered
    assert all(len(row.expected) == len(ROLES) for row in MATRIX)
