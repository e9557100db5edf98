"""Each endpoint's happy path, with Badgr's field names and envelope."""

import pytest

from badges.models import Assertion, BadgeClass, Issuer
from badges.services.issuers import issuer_staff_change, issuer_staff_remove
from badges.tests.factories import make_badge

from .conftest import client_for, png_data_uri

ENVELOPE_OK = {"success": True, "description": "ok"}
ISSUER_FIELDS = {
    "entityType", "entityId", "openBadgeId", "createdAt", "createdBy", "name", "image",
    "email", "description", "url", "staff", "verification",
}  # fmt: skip
BADGE_FIELDS = {
    "entityType", "entityId", "openBadgeId", "createdAt", "createdBy", "issuer",
    "issuerOpenBadgeId", "name", "image", "description", "criteriaUrl", "criteriaNarrative",
    "alignments", "tags", "expires", "extensions",
    "acceptsApplications", "approvalsRequired", "evidenceTypes",  # Laurel's: applications
}  # fmt: skip
ASSERTION_FIELDS = {
    "entityType", "entityId", "openBadgeId", "createdAt", "createdBy", "badgeclass",
    "badgeclassOpenBadgeId", "issuer", "issuerOpenBadgeId", "image", "recipient", "issuedOn",
    "narrative", "evidence", "revoked", "revocationReason", "expires", "extensions",
}  # fmt: skip
RECIPIENT_FIELDS = {"identity", "hashed", "type", "plaintextIdentity", "salt"}


def result(response, status: int = 200) -> list[dict]:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["status"] == ENVELOPE_OK or body["status"]["success"] is True
    return body["result"]


# Issuers -----------------------------------------------------------------------------------


def test_listing_issuers_shows_only_those_where_the_caller_has_a_role(world):
    issuers = result(client_for(world.staff).get("/v2/issuers"))
    assert {i["name"] for i in issuers} == {"Open University of Testing", "Spare Institute"}
    assert set(issuers[0]) == ISSUER_FIELDS
    assert issuers[0]["entityType"] == "Issuer"


def test_creating_an_issuer_with_a_data_uri_image_makes_the_caller_its_owner(world):
    response = client_for(world.earner).post(
        "/v2/issuers",
        {
            "name": "Earner's Guild",
            "email": world.earner.email,
            "url": "https://guild.example.org",
            "description": "A guild.",
            "image": png_data_uri(),
        },
        format="json",
    )
    [issuer] = result(response, 201)
    assert set(issuer) == ISSUER_FIELDS
    assert issuer["openBadgeId"].endswith(f"/public/issuers/{issuer['entityId']}")
    assert issuer["image"].endswith("/image")
    assert issuer["createdBy"] == world.earner.entity_id
    assert issuer["staff"] == [{"user": world.earner.entity_id, "role": "owner"}]


def test_an_issuer_email_the_caller_has_not_verified_is_a_field_error(world):
    response = client_for(world.earner).post(
        "/v2/issuers",
        {"name": "Guild", "email": "someone@else.example", "url": "https://guild.example.org"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["status"]["success"] is False
    assert body["result"] == []
    assert "verified emails" in body["fieldErrors"]["email"][0]


def test_reading_updating_and_deleting_an_issuer(world):
    owner = client_for(world.owner)
    path = f"/v2/issuers/{world.issuer.entity_id}"
    assert result(owner.get(path))[0]["name"] == "Open University of Testing"
    # Badgr clients PUT the whole issuer back, email included.
    [updated] = result(
        owner.put(
            path,
            {"name": "OUT", "email": world.issuer.email, "url": "https://out.example.org"},
            format="json",
        )
    )
    assert (updated["name"], updated["url"]) == ("OUT", "https://out.example.org")
    assert result(owner.delete(f"/v2/issuers/{world.spare_issuer.entity_id}")) == []
    assert not Issuer.objects.filter(pk=world.spare_issuer.pk).exists()


def test_rights_follow_roles_not_who_created_the_object(world):
    # The owner created the issuer, its badge class and the award; once off the staff,
    # that counts for nothing, and the editor (who created none of them) may edit.
    issuer_staff_change(issuer=world.issuer, user=world.owner, member=world.editor, role="owner")
    issuer_staff_remove(issuer=world.issuer, user=world.editor, member=world.owner)
    creator = client_for(world.owner)
    assert creator.get(f"/v2/issuers/{world.issuer.entity_id}").status_code == 404
    assert creator.get(f"/v2/assertions/{world.assertion.entity_id}").status_code == 404
    response = client_for(world.editor).put(
        f"/v2/issuers/{world.issuer.entity_id}", {"description": "New hands"}, format="json"
    )
    assert response.status_code == 200


def test_an_issuer_with_awards_cannot_be_deleted_and_says_why(world):
    response = client_for(world.owner).delete(f"/v2/issuers/{world.issuer.entity_id}")
    assert response.status_code == 400
    assert "awarded badges" in response.json()["validationErrors"][0]


# Badge classes -----------------------------------------------------------------------------


def test_creating_a_badge_class_with_every_badgr_field(world):
    response = client_for(world.editor).post(
        f"/v2/issuers/{world.issuer.entity_id}/badgeclasses",
        {
            "name": "Data Literacy",
            "description": "Reads and questions data.",
            "image": png_data_uri(),
            "criteriaUrl": "https://out.example.org/criteria",
            "criteriaNarrative": "Complete the *course*.",
            "alignments": [{"targetName": "ESCO data", "targetUrl": "https://esco.example/1"}],
            "tags": ["data", "statistics"],
            "expires": {"amount": 2, "duration": "years"},
        },
        format="json",
    )
    [badge] = result(response, 201)
    assert set(badge) == BADGE_FIELDS
    assert badge["entityType"] == "BadgeClass"
    assert badge["issuer"] == world.issuer.entity_id
    assert badge["alignments"][0]["targetName"] == "ESCO data"
    assert badge["tags"] == ["data", "statistics"]
    assert badge["expires"] == {"amount": 2, "duration": "years"}
    assert badge["image"].endswith(f"/public/badges/{badge['entityId']}/image")


def test_creating_a_badge_class_by_issuer_in_the_body(world):
    [badge] = result(
        client_for(world.owner).post(
            "/v2/badgeclasses",
            {
                "issuer": world.issuer.entity_id,
                "name": "SVG Badge",
                "description": "Drawn.",
                "criteriaNarrative": "Draw.",
                "image": "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv"
                "MjAwMC9zdmciIHdpZHRoPSIxMCIgaGVpZ2h0PSIxMCIvPg==",
            },
            format="json",
        ),
        201,
    )
    assert BadgeClass.objects.get(entity_id=badge["entityId"]).image.name.endswith(".svg")


def test_an_expiry_beyond_a_thousand_units_is_a_field_error(world):
    response = client_for(world.owner).put(
        f"/v2/badgeclasses/{world.badge.entity_id}",
        {"expires": {"amount": 10**24, "duration": "years"}},
        format="json",
    )
    assert response.status_code == 400
    assert "amount" in response.json()["fieldErrors"]["expires"]


def test_an_image_that_is_not_a_data_uri_is_a_field_error(world):
    response = client_for(world.owner).post(
        f"/v2/issuers/{world.issuer.entity_id}/badgeclasses",
        {"name": "B", "description": "d", "criteriaNarrative": "c", "image": "not-an-image"},
        format="json",
    )
    assert response.status_code == 400
    assert "data URI" in response.json()["fieldErrors"]["image"][0]


def test_listing_reading_updating_and_deleting_badge_classes(world):
    editor = client_for(world.editor)
    names = {b["name"] for b in result(editor.get("/v2/badgeclasses"))}
    assert names == {"Python Programming", "Never Awarded"}
    issuer_badges = result(editor.get(f"/v2/issuers/{world.issuer.entity_id}/badgeclasses"))
    assert len(issuer_badges) == 2
    path = f"/v2/badgeclasses/{world.badge.entity_id}"
    assert result(editor.get(path))[0]["entityId"] == world.badge.entity_id
    [updated] = result(editor.put(path, {"tags": ["python"], "expires": None}, format="json"))
    assert (updated["name"], updated["tags"], updated["expires"]) == (
        "Python Programming",
        ["python"],
        None,
    )
    assert result(editor.delete(f"/v2/badgeclasses/{world.spare_badge.entity_id}")) == []
    assert not BadgeClass.objects.filter(pk=world.spare_badge.pk).exists()


# Assertions --------------------------------------------------------------------------------


def test_awarding_with_evidence_returns_the_assertion_with_badgr_fields(world):
    response = client_for(world.staff).post(
        f"/v2/badgeclasses/{world.badge.entity_id}/assertions",
        {
            "recipient": {"identity": "Ada@Example.org", "type": "email", "hashed": True},
            "narrative": "Built a parser.",
            "evidence": [{"url": "https://git.example/ada/parser", "narrative": "The code"}],
            "issuedOn": "2026-01-15T10:00:00Z",
        },
        format="json",
    )
    [award] = result(response, 201)
    assert set(award) == ASSERTION_FIELDS
    assert award["entityType"] == "Assertion"
    assert set(award["recipient"]) == RECIPIENT_FIELDS
    assert award["recipient"]["plaintextIdentity"] == "ada@example.org"
    assert award["recipient"]["identity"].startswith("sha256$")
    assert award["evidence"] == [{"url": "https://git.example/ada/parser", "narrative": "The code"}]
    assert award["issuedOn"].startswith("2026-01-15T10:00:00")
    assert (award["revoked"], award["revocationReason"]) == (False, None)
    assert award["badgeclass"] == world.badge.entity_id


def test_awarding_through_the_issuer_names_the_badge_class_in_the_body(world):
    [award] = result(
        client_for(world.owner).post(
            f"/v2/issuers/{world.issuer.entity_id}/assertions",
            {"recipient": {"identity": "bo@example.org"}, "badgeclass": world.badge.entity_id},
            format="json",
        ),
        201,
    )
    assert award["issuer"] == world.issuer.entity_id


def test_a_badge_class_of_another_issuer_cannot_be_awarded_through_this_one(world):
    other_badge = make_badge(world.other_issuer, name="Other")
    response = client_for(world.owner).post(
        f"/v2/issuers/{world.issuer.entity_id}/assertions",
        {"recipient": {"identity": "bo@example.org"}, "badgeclass": other_badge.entity_id},
        format="json",
    )
    assert response.status_code == 404


def test_batch_issue_awards_everyone_or_nobody(world):
    client = client_for(world.staff)
    path = f"/v2/badgeclasses/{world.badge.entity_id}/issue"
    bad = {
        "assertions": [
            {"recipient": {"identity": "ok@example.org"}},
            {"recipient": {"identity": "not an email"}},
        ]
    }
    response = client.post(path, bad, format="json")
    assert response.status_code == 400
    assert "recipient" in response.json()["fieldErrors"]["assertions"]["2"]
    assert not Assertion.objects.filter(recipient_identity="ok@example.org").exists()
    good = {
        "assertions": [
            {"recipient": {"identity": "one@example.org"}},
            {"recipient": {"identity": "https://two.example.org", "type": "url"}},
        ],
        "create_notification": False,
    }
    awards = result(client.post(path, good, format="json"), 201)
    assert [a["recipient"]["plaintextIdentity"] for a in awards] == [
        "one@example.org",
        "https://two.example.org",
    ]
    assert awards[1]["recipient"]["hashed"] is False


def test_listing_assertions_filters_by_recipient_and_hides_revoked_unless_asked(world):
    client = client_for(world.owner)
    path = f"/v2/badgeclasses/{world.badge.entity_id}/assertions"
    assert len(result(client.get(path))) == 1
    assert result(client.get(path, {"recipient": "EARNER@example.org"}))[0]["entityId"] == (
        world.assertion.entity_id
    )
    assert result(client.get(path, {"recipient": "nobody@example.org"})) == []
    client.delete(
        f"/v2/assertions/{world.assertion.entity_id}",
        {"revocation_reason": "Issued in error"},
        format="json",
    )
    assert result(client.get(path)) == []
    [revoked] = result(client.get(path, {"include_revoked": "true"}))
    assert (revoked["revoked"], revoked["revocationReason"]) == (True, "Issued in error")
    assert len(result(client.get(f"/v2/issuers/{world.issuer.entity_id}/assertions"))) == 0


def test_updating_an_assertion_changes_its_narrative_and_evidence(world):
    [award] = result(
        client_for(world.staff).put(
            f"/v2/assertions/{world.assertion.entity_id}",
            {"narrative": "Excellent", "evidence": [{"narrative": "Project report"}]},
            format="json",
        )
    )
    assert award["narrative"] == "Excellent"
    assert award["evidence"] == [{"narrative": "Project report"}]


def test_revoking_needs_a_reason(world):
    client = client_for(world.staff)
    path = f"/v2/assertions/{world.assertion.entity_id}"
    response = client.delete(path, {}, format="json")
    assert response.status_code == 400
    assert "revocation_reason" in response.json()["fieldErrors"]
    [revoked] = result(client.delete(path, {"revocation_reason": "Cheated"}, format="json"))
    assert (revoked["revoked"], revoked["revocationReason"]) == (True, "Cheated")


def test_batch_revoke_revokes_each_with_its_reason(world):
    response = client_for(world.owner).post(
        "/v2/assertions/revoke",
        [{"entityId": world.assertion.entity_id, "revocationReason": "Duplicate"}],
        format="json",
    )
    assert result(response) == [
        {"entityId": world.assertion.entity_id, "revoked": True, "revocationReason": "Duplicate"}
    ]
    world.assertion.refresh_from_db()
    assert world.assertion.revocation_reason == "Duplicate"


def test_batch_revoke_with_an_unknown_id_revokes_nothing(world):
    response = client_for(world.owner).post(
        "/v2/assertions/revoke",
        [
            {"entityId": world.assertion.entity_id, "revocationReason": "Duplicate"},
            {"entityId": "no-such-award", "revocationReason": "Duplicate"},
        ],
        format="json",
    )
    assert response.status_code == 404
    world.assertion.refresh_from_db()
    assert world.assertion.revoked is False


@pytest.mark.parametrize("kind", ["issuers", "badgeclasses", "assertions"])
def test_changed_lists_only_what_changed_since_the_moment(world, kind):
    client = client_for(world.owner)
    everything = result(client.get(f"/v2/{kind}/changed", {"since": "2000-01-01T00:00:00Z"}))
    assert everything
    assert result(client.get(f"/v2/{kind}/changed", {"since": "2999-01-01T00:00:00Z"})) == []


def test_changed_without_a_valid_since_is_a_field_error(world):
    response = client_for(world.owner).get("/v2/issuers/changed", {"since": "yesterday"})
    assert response.status_code == 400
    assert "since" in response.json()["fieldErrors"]


# Pagination --------------------------------------------------------------------------------


def test_lists_page_with_num_and_a_link_header_cursor(world):
    client = client_for(world.owner)
    path = f"/v2/badgeclasses/{world.badge.entity_id}/assertions"
    for number in range(4):
        client.post(path, {"recipient": {"identity": f"p{number}@example.org"}}, format="json")
    seen, url, pages = [], f"{path}?num=2", 0
    while url:
        response = client.get(url)
        page = result(response)
        assert len(page) <= 2
        seen += [a["entityId"] for a in page]
        pages += 1
        link = response.headers.get("Link", "")
        url = link.split(";")[0].strip("<>") if 'rel="next"' in link else None
    assert pages == 3
    assert len(seen) == len(set(seen)) == 5


# Users and tokens --------------------------------------------------------------------------


def test_the_profile_can_be_read_and_renamed(world):
    client = client_for(world.earner)
    [me] = result(client.get("/v2/users/self"))
    assert me["entityType"] == "BadgeUser"
    assert me["emails"] == [{"email": "earner@example.org", "verified": True, "primary": True}]
    [me] = result(
        client.put("/v2/users/self", {"firstName": "Ada", "lastName": "L"}, format="json")
    )
    assert (me["firstName"], me["lastName"]) == ("Ada", "L")


def test_personal_tokens_can_be_made_used_listed_and_deleted(world):
    client = client_for(world.earner)
    [made] = result(
        client.post("/v2/auth/tokens", {"name": "cron", "scope": "r:backpack"}, format="json"),
        201,
    )
    assert made["scope"] == "r:backpack"
    script = client_for(None)
    script.credentials(HTTP_AUTHORIZATION=f"Bearer {made['token']}")
    assert len(result(script.get("/v2/backpack/assertions"))) == 1
    assert script.get("/v2/users/self").status_code == 403
    listed = result(client.get("/v2/auth/tokens"))
    assert {t["name"] for t in listed} == {"cron", "backup script"}
    assert all("token" not in t for t in listed)
    assert result(client.delete(f"/v2/auth/tokens/{made['entityId']}")) == []
    assert script.get("/v2/backpack/assertions").status_code == 401


def test_a_token_cannot_make_a_token_with_more_scopes_than_it_holds(world):
    client = client_for(world.earner, "rw:profile")
    response = client.post("/v2/auth/tokens", {"name": "x", "scope": "rw:issuer"}, format="json")
    assert response.status_code == 403
    response = client.post("/v2/auth/tokens", {"name": "x", "scope": "root"}, format="json")
    assert response.status_code == 400


# Scopes limited to one issuer ---------------------------------------------------------------


def test_a_token_limited_to_one_issuer_reaches_only_that_issuer(world):
    client = client_for(world.owner, f"rw:issuer:{world.issuer.entity_id}")
    assert [i["entityId"] for i in result(client.get("/v2/issuers"))] == [world.issuer.entity_id]
    assert result(client.get(f"/v2/badgeclasses/{world.badge.entity_id}"))
    response = client.get(f"/v2/issuers/{world.spare_issuer.entity_id}")
    assert response.status_code == 403
    assert "limited to other issuers" in response.json()["status"]["description"]
    create = client.post(
        "/v2/issuers",
        {"name": "X", "email": world.owner.email, "url": "https://x.example.org"},
        format="json",
    )
    assert create.status_code == 403


def test_a_browser_session_of_the_portal_may_call_the_api(world, client):
    client.force_login(world.owner)
    assert client.get("/v2/issuers").status_code == 200


def test_odd_ids_keys_and_nul_characters_are_refused_cleanly(world):
    client = client_for(world.owner)
    assert client.get("/v2/issuers/bad%00id").status_code == 404
    path = f"/v2/badgeclasses/{world.badge.entity_id}/assertions"
    spaced = client.post(
        path,
        {"recipient": {"identity": "a@example.org"}},
        format="json",
        HTTP_IDEMPOTENCY_KEY="a b",
    )
    assert "Idempotency-Key" in spaced.json()["fieldErrors"]
    nul = client.post(
        path,
        {"recipient": {"identity": "a@example.org"}, "extensions": {"extensions:x": {"v": "\x00"}}},
        format="json",
    )
    assert nul.status_code == 400
    assert "NUL" in nul.json()["fieldErrors"]["extensions"][0]
    bell = client.post(
        f"/v2/issuers/{world.issuer.entity_id}/badgeclasses",
        {
            "name": "Bell\x07",
            "description": "Rings.",
            "criteriaNarrative": "Ring it.",
            "image": png_data_uri(),
        },
        format="json",
    )
    assert bell.status_code == 400
    assert bell.json()["status"]["success"] is False
    assert "U+0007" in bell.json()["fieldErrors"]["name"][0]
