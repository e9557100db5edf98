"""Examples shown in the OpenAPI schema and the interactive docs, one per representation."""

from drf_spectacular.utils import OpenApiExample

PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
BASE = "https://badges.example.org/public"
ISSUER_ID, BADGE_ID, AWARD_ID = "9GYYK_-kBBYkq54CO9o1cA", "rYfTZOSuIHG-e3_NCWtzDA", "qzy2W7ZYAZqC"
USER_ID = "Ihdu5jTANTpsRQX8Roz4Cg"
CREATED = {"createdAt": "2026-11-25T17:49:50Z", "createdBy": USER_ID}

ISSUER = {
    "entityType": "Issuer",
    "entityId": ISSUER_ID,
    "openBadgeId": f"{BASE}/issuers/{ISSUER_ID}",
    **CREATED,
    "name": "Curl University",
    "image": f"{BASE}/issuers/{ISSUER_ID}/image",
    "email": "badges@curl.example.org",
    "description": "Short courses in command-line skills.",
    "url": "https://curl.example.org",
    "staff": [{"user": USER_ID, "role": "owner"}],
    "verification": "hosted",
}
BADGE_CLASS = {
    "entityType": "BadgeClass",
    "entityId": BADGE_ID,
    "openBadgeId": f"{BASE}/badges/{BADGE_ID}",
    **CREATED,
    "issuer": ISSUER_ID,
    "issuerOpenBadgeId": f"{BASE}/issuers/{ISSUER_ID}",
    "name": "Command Line",
    "image": f"{BASE}/badges/{BADGE_ID}/image",
    "description": "Uses the shell well.",
    "criteriaUrl": "",
    "criteriaNarrative": "Finish the shell course.",
    "alignments": [{"targetName": "Use a command-line interface", "targetCode": "CLI-1"}],
    "tags": ["shell"],
    "expires": {"amount": 2, "duration": "years"},
    "extensions": {},
    "acceptsApplications": False,
    "approvalsRequired": 1,
    "evidenceTypes": [],
}
ASSERTION = {
    "entityType": "Assertion",
    "entityId": AWARD_ID,
    "openBadgeId": f"{BASE}/assertions/{AWARD_ID}",
    **CREATED,
    "badgeclass": BADGE_ID,
    "badgeclassOpenBadgeId": f"{BASE}/badges/{BADGE_ID}",
    "issuer": ISSUER_ID,
    "issuerOpenBadgeId": f"{BASE}/issuers/{ISSUER_ID}",
    "image": f"{BASE}/assertions/{AWARD_ID}/image",
    "recipient": {
        "identity": "sha256$a6b18ac6d6a5056299df530480e7d3af1bdcf2cef99520c7d621b70983b8b55f",
        "hashed": True,
        "type": "email",
        "plaintextIdentity": "learner@example.org",
        "salt": "18391b54fbcf67515e71bb71ad5b8aa6",
    },
    "issuedOn": "2026-11-25T17:49:51Z",
    "narrative": "Automated the weekly report.",
    "evidence": [{"url": "https://curl.example.org/work/1", "narrative": "The scripts"}],
    "revoked": False,
    "revocationReason": None,
    "expires": "2028-11-25T17:49:51Z",
    "extensions": {},
}
OUTPUTS = {
    "IssuerOutput": ISSUER,
    "BadgeClassOutput": BADGE_CLASS,
    "AssertionOutput": ASSERTION,
    "BackpackAssertionOutput": {**ASSERTION, "acceptance": "Accepted"},
    "CollectionOutput": {
        "entityType": "BackpackCollection",
        "entityId": "c0LLect1on",
        "createdAt": "2026-11-26T09:00:00Z",
        "owner": USER_ID,
        "name": "For employers",
        "description": "",
        "published": False,
        "assertions": [AWARD_ID],
    },
    "UserOutput": {
        "entityType": "BadgeUser",
        "entityId": USER_ID,
        "firstName": "Ada",
        "lastName": "Lovelace",
        "emails": [{"email": "ada@example.org", "verified": True, "primary": True}],
    },
    "TokenOutput": {
        "entityType": "AccessToken",
        "entityId": "t0keN",
        "name": "nightly export",
        "scope": "r:backpack",
        "expires": "2027-11-26T09:00:00Z",
        "createdAt": "2026-11-26T09:00:00Z",
    },
    "RevokeItemOutput": {"entityId": AWARD_ID, "revoked": True, "revocationReason": "Duplicate"},
}
OUTPUTS["ClaimCodeOutput"] = {
    "entityType": "ClaimCode",
    "entityId": "cLa1mC0de",
    **CREATED,
    "badgeclass": BADGE_ID,
    "code": "K7QM-3XPA-W9RT",
    "claimUrl": "https://badges.example.org/claim/K7QM3XPAW9RT",
    "multiUse": True,
    "maxUses": 30,
    "uses": 12,
    "remaining": 18,
    "email": "",
    "expires": "2026-12-31T23:00:00Z",
    "note": "Knots workshop, 3 December",
    "status": "active",
    "disabledAt": None,
}
OUTPUTS["TokenCreatedOutput"] = {**OUTPUTS["TokenOutput"], "token": "x7Ksgtt3ghlyYnkWNT2q4Gjb"}
WEBHOOK_ID, MESSAGE_ID = "wHk3nDp0int_5cZ1a8Qb2A", "msg_2f1c9e7a4b5d4c0e9a8b7c6d5e4f3a2b"
OUTPUTS["WebhookEndpointOutput"] = {
    "entityType": "WebhookEndpoint",
    "entityId": WEBHOOK_ID,
    **CREATED,
    "issuer": ISSUER_ID,
    "url": "https://crm.curl.example.org/badges",
    "description": "Our CRM",
    "events": ["assertion.awarded", "assertion.revoked"],
    "active": True,
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
}
OUTPUTS["WebhookDeliveryOutput"] = {
    "entityType": "WebhookDelivery",
    "entityId": MESSAGE_ID,
    "endpoint": WEBHOOK_ID,
    "event": "assertion.awarded",
    "status": "delivered",
    "attempts": 2,
    "nextAttemptAt": "2026-11-25T17:50:51Z",
    "lastStatusCode": 200,
    "lastError": "",
    "createdAt": "2026-11-25T17:49:51Z",
    "deliveredAt": "2026-11-25T17:50:52Z",
    "payload": {
        "type": "assertion.awarded",
        "timestamp": "2026-11-25T17:49:51Z",
        "data": {"assertion": {"id": AWARD_ID, "url": f"{BASE}/assertions/{AWARD_ID}"}},
    },
    "attemptLog": [
        {
            "sentAt": "2026-11-25T17:50:52Z",
            "statusCode": 200,
            "responseExcerpt": "ok",
            "error": "",
            "durationMs": 84,
        },
        {
            "sentAt": "2026-11-25T17:49:51Z",
            "statusCode": 503,
            "responseExcerpt": "Service Unavailable",
            "error": "The endpoint answered HTTP 503; only 2xx counts as received.",
            "durationMs": 31,
        },
    ],
}


INPUTS = {
    "WebhookEndpointInput": (
        "Webhook endpoint",
        {
            "url": "https://crm.curl.example.org/badges",
            "events": ["assertion.awarded", "assertion.revoked"],
            "description": "Our CRM",
        },
    ),
    "IssuerInput": (
        "Issuer",
        {
            "name": "Curl University",
            "email": "badges@curl.example.org",
            "url": "https://curl.example.org",
            "description": "Short courses in command-line skills.",
            "image": PNG,
        },
    ),
    "BadgeClassInput": (
        "Badge class",
        {
            "name": "Command Line",
            "description": "Uses the shell well.",
            "criteriaNarrative": "Finish the shell course.",
            "image": PNG,
            "tags": ["shell"],
            "expires": {"amount": 2, "duration": "years"},
        },
    ),
    "BadgeClassCreateInput": (
        "Badge class at an issuer",
        {
            "issuer": ISSUER_ID,
            "name": "Command Line",
            "description": "Uses the shell well.",
            "criteriaNarrative": "Finish the shell course.",
            "image": PNG,
        },
    ),
    "AssertionInput": (
        "Award with evidence",
        {
            "recipient": {"identity": "learner@example.org", "type": "email"},
            "narrative": "Automated the weekly report.",
            "evidence": [{"url": "https://curl.example.org/work/1", "narrative": "The scripts"}],
            "notify": False,
        },
    ),
    "IssuerAssertionInput": (
        "Award a badge class of this issuer",
        {"badgeclass": BADGE_ID, "recipient": {"identity": "learner@example.org"}},
    ),
    "BatchIssueInput": (
        "Award two learners",
        {
            "assertions": [
                {"recipient": {"identity": "ada@example.org"}},
                {"recipient": {"identity": "https://grace.example.org", "type": "url"}},
            ],
            "create_notification": False,
        },
    ),
    "AssertionUpdateInput": ("New narrative", {"narrative": "Automated two weekly reports."}),
    "RevokeInput": ("Revoke", {"revocation_reason": "Awarded by mistake"}),
    # Documented as one item: the schema wraps it in the list the endpoint takes.
    "RevokeItemInput": ("Revoke", {"entityId": AWARD_ID, "revocationReason": "Duplicate"}),
    "AcceptanceInput": ("Accept", {"acceptance": "Accepted"}),
    "CollectionInput": (
        "Collection",
        {"name": "For employers", "published": False, "assertions": [AWARD_ID]},
    ),
    "ImportInput": ("By URL", {"url": "https://elsewhere.example/assertions/1"}),
    "UserInput": ("Name", {"firstName": "Ada", "lastName": "Lovelace"}),
    "ClaimCodeInput": (
        "A code for a workshop",
        {"multiUse": True, "maxUses": 30, "expires": "2026-12-31T23:00:00Z", "note": "Workshop"},
    ),
    "ClaimInput": ("Claim", {"code": "K7QM-3XPA-W9RT"}),
    "TokenInput": ("Read-only backpack token", {"name": "nightly export", "scope": "r:backpack"}),
}

ERROR_EXAMPLES = {
    400: (
        "Bad input",
        "email: Enter a valid email address.",
        {"email": ["Enter a valid email address."]},
    ),
    401: ("No token", "Authentication credentials were not provided.", {}),
    403: ("Missing scope", "This token lacks the rw:issuer scope this endpoint needs.", {}),
    404: ("Not found", "Not found, or you have no role at its issuer.", {}),
    413: (
        "Too large",
        "The request body is larger than the limit of 2621440 bytes; send less at once "
        "(for images, a smaller file).",
        {},
    ),
    422: ("Key reused", "This Idempotency-Key was already used with a different request body.", {}),
    429: ("Too many", "Too many unknown codes were tried; wait 15 minutes and try again.", {}),
    501: ("Not yet", "Importing badges is not available yet on this server.", {}),
}


def operation_examples(
    *, output_name: str | None, status: int | None, input_name: str | None, errors
) -> list[OpenApiExample]:
    """The request example, the answer in its envelope, and one example per error status."""
    examples = []
    if input_name in INPUTS:
        title, value = INPUTS[input_name]
        examples.append(OpenApiExample(title, value=value, request_only=True))
    if output_name in OUTPUTS and status is not None:
        examples.append(
            OpenApiExample(
                output_name.removesuffix("Output"),
                value={
                    "status": {"success": True, "description": "ok"},
                    "result": [OUTPUTS[output_name]],
                },
                response_only=True,
                status_codes=[str(status)],
            )
        )
    for code in errors:
        title, description, fields = ERROR_EXAMPLES[code]
        examples.append(
            OpenApiExample(
                title,
                value={
                    "status": {"success": False, "description": description},
                    "result": [],
                    "fieldErrors": fields,
                    "validationErrors": [],
                },
                response_only=True,
                status_codes=[str(code)],
            )
        )
    return examples
