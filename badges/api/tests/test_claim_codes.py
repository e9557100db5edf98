"""The claim code endpoints: issuer staff make, list and disable codes; learners claim."""

import pytest
from django.test import override_settings

from accounts.tests.factories import UserFactory
from badges.models import ClaimCode

from .conftest import client_for

pytestmark = pytest.mark.django_db


def codes_path(world) -> str:
    return f"/v2/badgeclasses/{world.badge.entity_id}/claimcodes"


def make(world, user=None, **body):
    return client_for(user or world.staff).post(codes_path(world), body, format="json")


def claim(user, code: str, **body):
    return client_for(user).post("/v2/backpack/claim", {"code": code, **body}, format="json")


def test_staff_make_a_multi_use_code_and_learners_claim_it_once_each(world):
    made = make(world, multiUse=True, maxUses=2, note="Workshop")
    assert made.status_code == 201, made.content
    code = made.json()["result"][0]
    assert code["multiUse"] and code["maxUses"] == 2 and code["remaining"] == 2
    assert code["claimUrl"].endswith("/claim/" + code["code"].replace("-", ""))

    ada = UserFactory(email="ada@example.org")
    claimed = claim(ada, code["code"])
    assert claimed.status_code == 201, claimed.content
    award = claimed.json()["result"][0]
    assert award["badgeclass"] == world.badge.entity_id
    assert award["recipient"]["plaintextIdentity"] == "ada@example.org"
    assert award["acceptance"] == "Accepted"

    again = claim(ada, code["code"])
    assert again.status_code == 400
    assert "already claimed" in again.json()["fieldErrors"]["code"][0]

    listed = client_for(world.owner).get(codes_path(world)).json()["result"]
    assert [(c["code"], c["uses"], c["remaining"]) for c in listed] == [(code["code"], 1, 1)]


def test_a_disabled_code_cannot_be_claimed(world):
    code = make(world, count=1).json()["result"][0]
    disabled = client_for(world.staff).delete(f"/v2/claimcodes/{code['entityId']}")
    assert disabled.status_code == 200
    assert disabled.json()["result"][0]["status"] == "disabled"
    refused = claim(world.earner, code["code"])
    assert refused.status_code == 400
    assert refused.json()["fieldErrors"]["code"] == ["This code was disabled by its issuer."]


def test_bad_requests_name_the_field_in_badgrs_names(world):
    answer = make(world, maxUses=5)
    assert answer.status_code == 400
    assert "maxUses" in answer.json()["fieldErrors"]
    answer = make(world, multiUse=True)
    assert "maxUses" in answer.json()["fieldErrors"]
    answer = make(world, count="many")
    assert "count" in answer.json()["fieldErrors"]
    assert claim(world.earner, "").status_code == 400
    assert ClaimCode.objects.count() == 0


def test_another_issuers_owner_sees_no_codes(world):
    code = make(world).json()["result"][0]
    other = client_for(world.other_owner)
    assert other.get(codes_path(world)).status_code == 404
    assert other.get(f"/v2/claimcodes/{code['entityId']}").status_code == 404
    assert other.delete(f"/v2/claimcodes/{code['entityId']}").status_code == 404
    assert ClaimCode.objects.get().disabled_at is None


def test_a_token_limited_to_another_issuer_cannot_reach_its_codes(world):
    code = make(world).json()["result"][0]
    limited = client_for(world.owner, f"rw:issuer:{world.spare_issuer.entity_id}")
    assert limited.get(f"/v2/claimcodes/{code['entityId']}").status_code == 403


@override_settings(LAUREL_CLAIM_FAILURES_PER_USER=2, LAUREL_CLAIM_FAILURE_WINDOW=600)
def test_guessing_codes_is_answered_429_with_retry_after(world):
    for _ in range(2):
        assert claim(world.earner, "WRONG-WRONG-1").status_code == 400
    throttled = claim(world.earner, "WRONG-WRONG-2")
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "600"
    assert "Too many unknown codes" in throttled.json()["status"]["description"]
