"""`/v2/assertions/<id>/credential`: an award as an Open Badges 3.0 credential for API clients."""

import json

from badges.openbadges.verify import verify_badge
from badges.own_documents import own_or_remote

from .conftest import client_for


def test_the_api_gives_the_credential_as_json_or_as_a_jwt_that_verify(world):
    client = client_for(world.owner)
    path = f"/v2/assertions/{world.assertion.entity_id}/credential"
    as_json = client.get(path).json()["result"][0]
    assert as_json["format"] == "json" and as_json["jwt"] is None
    assert as_json["credential"]["id"] == as_json["url"]
    assert verify_badge(text=json.dumps(as_json["credential"]), fetch=own_or_remote).valid
    as_jwt = client.get(path + "?as=jwt").json()["result"][0]
    assert as_jwt["credential"] is None
    assert verify_badge(text=as_jwt["jwt"], fetch=own_or_remote).valid
    bad = client.get(path + "?as=xml")
    assert bad.status_code == 400 and "as" in bad.json()["fieldErrors"]


def test_the_credential_is_not_given_to_other_issuers(world):
    path = f"/v2/assertions/{world.assertion.entity_id}/credential"
    assert client_for(world.other_owner).get(path).status_code == 404
