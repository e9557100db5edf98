"""The backpack export reads what it needs in a fixed number of queries, whatever the number
of badges: issuers, keys, endorsements and images come with the awards, not one by one."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from badges.models import Assertion
from badges.services.awards import assertion_award
from badges.services.endorsements import endorsement_create
from badges.services.keys import issuer_key_rotate
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


def award_to(email: str, badges: list, count: int) -> None:
    for n in range(count):
        assertion_award(
            badge_class=badges[n % len(badges)], user=None, recipient_identity=email, notify=False
        )


def export_queries(client) -> tuple[list[str], dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("backpack:export"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return [q["sql"] for q in captured.captured_queries], archive


def test_the_export_takes_the_same_queries_for_5_and_30_badges(client):
    learner = UserFactory(email="ada@example.org")
    hosted = make_issuer(name="Hosted College")
    signed = make_issuer(name="Signed Institute", verification="signed")
    issuer_key_rotate(issuer=signed, user=None)
    badges = [make_badge(hosted, name="Knots"), make_badge(signed, name="Charts")]
    award_to(learner.email, badges, 5)
    endorser_owner = UserFactory()
    endorser = make_issuer(owner=endorser_owner, name="Guild of Sailors")
    first = Assertion.objects.order_by("id").first()
    for target in (hosted, badges[1], first):
        endorsement_create(endorser=endorser, user=endorser_owner, target=target, comment="Good.")
    client.force_login(learner)
    export_queries(client)  # images rendered and stored once, as a warm site has them
    few, _ = export_queries(client)
    award_to(learner.email, badges, 25)
    export_queries(client)
    many, archive = export_queries(client)
    index = json.loads(archive.read("backpack.json"))
    assert len(index) == 30 and all(len(entry["files"]) == 2 for entry in index)
    assert len(few) == len(many) <= 20, (len(few), len(many))
    # The prefetched endorsements reach the documents as a query each would have.
    document = json.loads(archive.read(index[-1]["files"][0]))
    assert document["id"].endswith(first.entity_id) and len(document["endorsement"]) == 1
    assert any(
        len(json.loads(archive.read(e["files"][0]))["badge"].get("endorsement", [])) == 1
        for e in index
    )
