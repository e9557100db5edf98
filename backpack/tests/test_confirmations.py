"""The backpack's destructive actions ask first: a GET shows what will happen, only the POST
acts. Remove a badge, delete a collection, withdraw an application."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory, signed_in
from backpack import selectors, services
from badges.models import ApplicationState
from badges.services.awards import assertion_award
from badges.tests.factories import make_application, make_applying_badge, make_badge, make_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client):
    return signed_in(client, email="ada@example.org")


@pytest.fixture
def award(ada):
    return assertion_award(
        badge_class=make_badge(make_issuer(), name="Knots"),
        user=None,
        recipient_identity="ada@example.org",
        notify=False,
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_removing_a_badge_asks_first_and_removes_only_when_confirmed(client, ada, award):
    remove = reverse("backpack:badge-remove", args=[award.entity_id])
    page = client.get(reverse("backpack:badge", args=[award.entity_id])).content.decode()
    assert f'href="{remove}"' in page
    asked = client.get(remove)
    html = asked.content.decode()
    assert asked.status_code == 200 and "Remove Knots from your backpack?" in html
    assert f'action="{remove}"' in html and "Cancel" in html
    assert selectors.backpack_item_get(user=ada, entity_id=award.entity_id) is not None
    # The old one-click action is gone.
    one_click = reverse("backpack:badge-action", args=[award.entity_id])
    assert client.post(one_click, {"action": "delete"}).status_code == 400
    response = client.post(remove)
    assert response["Location"] == reverse("backpack:list")
    assert "The badge was removed from your backpack." in messages_of(
        client.get(reverse("backpack:list"))
    )
    assert selectors.backpack_item_get(user=ada, entity_id=award.entity_id) is None
    assert award in selectors.declined_assertion_list(user=ada)  # it stays valid


def test_someone_elses_badge_cannot_be_removed(client, award):
    client.force_login(UserFactory())
    remove = reverse("backpack:badge-remove", args=[award.entity_id])
    assert client.get(remove).status_code == 404
    assert client.post(remove).status_code == 404


def test_deleting_a_collection_asks_first_and_keeps_the_badges(client, ada, award):
    collection = services.collection_create(
        user=ada, name="Sailing", published=True, assertion_ids=[award.entity_id]
    )
    delete = reverse("backpack:collection-delete", args=[collection.entity_id])
    page = client.get(reverse("backpack:collection", args=[collection.entity_id]))
    assert f'href="{delete}"' in page.content.decode()
    html = client.get(delete).content.decode()
    assert "Delete the collection Sailing?" in html and "The badges stay" in html
    assert selectors.collection_get(user=ada, entity_id=collection.entity_id) is not None
    response = client.post(delete)
    assert response["Location"] == reverse("backpack:collections")
    assert selectors.collection_get(user=ada, entity_id=collection.entity_id) is None
    assert selectors.backpack_item_get(user=ada, entity_id=award.entity_id) is not None


def test_someone_elses_collection_cannot_be_deleted(client, ada, award):
    collection = services.collection_create(user=ada, name="Sailing")
    client.force_login(UserFactory())
    delete = reverse("backpack:collection-delete", args=[collection.entity_id])
    assert client.get(delete).status_code == 404
    assert client.post(delete).status_code == 404
    assert selectors.collection_get(user=ada, entity_id=collection.entity_id) is not None


def test_withdrawing_an_application_asks_first(client, ada):
    badge = make_applying_badge(make_issuer(name="Harbour College"), name="Sailing")
    application = make_application(badge, ada)
    withdraw = reverse("backpack:application-withdraw", args=[application.entity_id])
    page = client.get(reverse("backpack:application", args=[application.entity_id]))
    assert f'href="{withdraw}"' in page.content.decode()
    html = client.get(withdraw).content.decode()
    assert "Withdraw your application for Sailing?" in html
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    client.post(withdraw)
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    # Decided: the question is not asked again, and nothing changes.
    response = client.get(withdraw)
    assert response.status_code == 302
    assert "nothing to withdraw" in messages_of(client.get(response["Location"]))[-1]
