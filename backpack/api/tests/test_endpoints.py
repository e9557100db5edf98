"""The backpack part of /v2/: awards in the earner's backpack, acceptance, collections, imports."""

from backpack.models import Acceptance, BackpackEntry
from badges.api.tests.conftest import client_for
from badges.api.tests.test_endpoints import ASSERTION_FIELDS, result


def test_the_backpack_holds_awards_to_the_earners_verified_emails(world):
    [award] = result(client_for(world.earner).get("/v2/backpack/assertions"))
    assert set(award) == ASSERTION_FIELDS | {"acceptance"}
    assert (award["entityId"], award["acceptance"]) == (world.assertion.entity_id, "Unaccepted")
    assert result(client_for(world.owner).get("/v2/backpack/assertions")) == []


def test_accepting_and_rejecting_an_award(world):
    client = client_for(world.earner)
    path = f"/v2/backpack/assertions/{world.assertion.entity_id}"
    assert result(client.get(path))[0]["acceptance"] == "Unaccepted"
    [award] = result(client.put(path, {"acceptance": "Accepted"}, format="json"))
    assert award["acceptance"] == "Accepted"
    response = client.put(path, {"acceptance": "Maybe"}, format="json")
    assert response.status_code == 400
    assert result(client.delete(path)) == []
    entry = BackpackEntry.objects.get(user=world.earner, assertion=world.assertion)
    assert entry.acceptance == Acceptance.REJECTED
    assert result(client.get("/v2/backpack/assertions")) == []
    assert (
        result(client.get(f"/v2/backpack/collections/{world.collection.entity_id}"))[0][
            "assertions"
        ]
        == []
    )


def test_collections_can_be_made_read_changed_and_deleted(world):
    client = client_for(world.earner)
    [made] = result(
        client.post(
            "/v2/backpack/collections",
            {"name": "For employers", "assertions": [world.assertion.entity_id]},
            format="json",
        ),
        201,
    )
    assert set(made) == {
        "entityType", "entityId", "createdAt", "owner", "name", "description", "published",
        "shareUrl", "assertions",
    }  # fmt: skip
    assert made["assertions"] == [world.assertion.entity_id]
    path = f"/v2/backpack/collections/{made['entityId']}"
    [changed] = result(client.put(path, {"published": True, "assertions": []}, format="json"))
    assert (changed["name"], changed["published"], changed["assertions"]) == (
        "For employers",
        True,
        [],
    )
    assert len(result(client.get("/v2/backpack/collections"))) == 2
    assert result(client.delete(path)) == []


def test_a_collection_takes_only_awards_from_the_owners_backpack(world):
    response = client_for(world.owner).post(
        "/v2/backpack/collections",
        {"name": "Borrowed", "assertions": [world.assertion.entity_id]},
        format="json",
    )
    assert response.status_code == 400
    assert "Not in your backpack" in response.json()["fieldErrors"]["assertions"][0]


def test_import_needs_exactly_one_way_of_giving_the_badge(world):
    client = client_for(world.earner)
    response = client.post("/v2/backpack/import", {}, format="json")
    assert response.status_code == 400
    assert "exactly one of url, image" in response.json()["status"]["description"]
    both = {"url": "https://elsewhere.example/a", "assertion": {"id": "x"}}
    assert client.post("/v2/backpack/import", both, format="json").status_code == 400


def test_import_of_a_badge_that_does_not_verify_is_refused_with_the_reasons(world):
    response = client_for(world.earner).post(
        "/v2/backpack/import",
        {"assertion": {"type": "Assertion", "id": "urn:uuid:1"}},
        format="json",
    )
    assert response.status_code == 400
    assert "does not verify" in response.json()["status"]["description"]


def test_a_badge_from_elsewhere_is_imported_by_url_and_listed_with_its_verification(
    world, settings
):
    from backpack.tests.conftest import ElsewhereIssuer
    from badges.tests.static_server import running_static_server

    email = world.earner.email
    with running_static_server() as server:
        settings.LAUREL_FETCH_ALLOWED_HOSTS = [server.host_port]
        url = ElsewhereIssuer(server).award(1, email)
        client = client_for(world.earner)
        [made] = result(client.post("/v2/backpack/import", {"url": url}, format="json"), 201)
        again = client.post("/v2/backpack/import", {"url": url}, format="json")
    assert made["openBadgeId"] == url and made["acceptance"] == "Accepted"
    assert made["recipient"]["plaintextIdentity"] == email
    assert made["verification"]["status"] == "valid" and made["sourceUrl"] == url
    assert again.status_code == 400
    assert "already in your backpack" in again.json()["status"]["description"]
    listed = result(client.get("/v2/backpack/assertions"))
    assert [a["openBadgeId"] for a in listed][-1] == url
    [detail] = result(client.get(f"/v2/backpack/assertions/{made['entityId']}"))
    assert detail["badgeclass"].endswith("/badge")
    assert client.delete(f"/v2/backpack/assertions/{made['entityId']}").status_code == 200
    assert url not in [a["openBadgeId"] for a in result(client.get("/v2/backpack/assertions"))]
