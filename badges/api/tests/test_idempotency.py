"""Idempotency-Key on award endpoints: a retried request awards nothing twice."""

import threading

import pytest
import requests

from badges.models import Assertion

from .conftest import client_for, token_for


def award(client, world, key: str, identity: str = "retry@example.org"):
    return client.post(
        f"/v2/badgeclasses/{world.badge.entity_id}/assertions",
        {"recipient": {"identity": identity}},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_retried_award_returns_the_first_answer_and_awards_once(world):
    client = client_for(world.staff)
    first = award(client, world, "key-1")
    again = award(client, world, "key-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Assertion.objects.filter(recipient_identity="retry@example.org").count() == 1


def test_the_same_key_with_another_body_is_refused(world):
    client = client_for(world.staff)
    award(client, world, "key-2")
    response = award(client, world, "key-2", identity="someone.else@example.org")
    assert response.status_code == 422
    assert "different request body" in response.json()["status"]["description"]
    assert not Assertion.objects.filter(recipient_identity="someone.else@example.org").exists()


def test_a_failed_request_keeps_no_record_so_the_corrected_retry_awards(world):
    client = client_for(world.staff)
    assert award(client, world, "key-3", identity="not an email").status_code == 400
    assert award(client, world, "key-3").status_code == 201


def test_keys_are_per_user_and_per_endpoint(world):
    award(client_for(world.staff), world, "shared")
    award(client_for(world.owner), world, "shared")
    batch = client_for(world.staff).post(
        f"/v2/badgeclasses/{world.badge.entity_id}/issue",
        {"assertions": [{"recipient": {"identity": "retry@example.org"}}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="shared",
    )
    assert batch.status_code == 201
    assert Assertion.objects.filter(recipient_identity="retry@example.org").count() == 3


def test_without_a_key_each_request_awards(world):
    client = client_for(world.staff)
    client.post(
        f"/v2/badgeclasses/{world.badge.entity_id}/assertions",
        {"recipient": {"identity": "twice@example.org"}},
        format="json",
    )
    client.post(
        f"/v2/badgeclasses/{world.badge.entity_id}/assertions",
        {"recipient": {"identity": "twice@example.org"}},
        format="json",
    )
    assert Assertion.objects.filter(recipient_identity="twice@example.org").count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_with_one_key_award_once(live_server, world):
    token = token_for(world.staff)
    url = f"{live_server.url}/v2/badgeclasses/{world.badge.entity_id}/issue"
    body = {"assertions": [{"recipient": {"identity": f"r{n}@example.org"}} for n in range(20)]}
    start = threading.Barrier(4)
    answers: list[requests.Response] = []

    def send():
        start.wait()
        answers.append(
            requests.post(
                url,
                json=body,
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "race"},
                timeout=60,
            )
        )

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201] * 4
    assert len({tuple(r["entityId"] for r in a.json()["result"]) for a in answers}) == 1
    assert (
        Assertion.objects.filter(
            recipient_identity__startswith="r", badge_class=world.badge
        ).count()
        == 20
    )
