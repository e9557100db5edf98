"""A `next` parameter never sends anyone off the site: one helper judges every one of them."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory, signed_in
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer
from web.redirects import is_same_site_path

PASSWORD = "correct horse battery staple"

OFF_SITE = [
    "//other-host/x",
    "///other-host/x",
    "/\\other-host/x",
    "\\\\other-host/x",
    "https://other-host/x",
    "http:other-host",
    "javascript:alert(1)",
    "/\t/other-host/x",
    "/\n/other-host/x",
    " //other-host/x",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_no_off_site_target_counts_as_a_same_site_path(target):
    assert not is_same_site_path(target)


@pytest.mark.parametrize("target", ["/", "/backpack/", "/backpack/?show=all#top", "/a//b"])
def test_paths_on_the_site_count_as_same_site(target):
    assert is_same_site_path(target)


def _signed_in_learner_award(client):
    """A badge awarded to a learner, who is signed in on client."""
    learner = signed_in(client, email="ada@example.org")
    return assertion_award(
        badge_class=make_badge(make_issuer()),
        user=None,
        recipient_identity=learner.email,
        notify=False,
    )


def _hide(client, award, next_url: str):
    return client.post(
        reverse("backpack:badge-action", args=[award.entity_id]),
        {"action": "hide", "next": next_url},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("target", OFF_SITE)
def test_a_backpack_badge_action_never_redirects_off_site(client, target):
    award = _signed_in_learner_award(client)
    response = _hide(client, award, target)
    assert response.status_code == 302
    assert response["Location"] == reverse("backpack:badge", args=[award.entity_id])


@pytest.mark.django_db
def test_a_backpack_badge_action_follows_a_path_on_the_site(client):
    award = _signed_in_learner_award(client)
    response = _hide(client, award, "/backpack/?show=all")
    assert response["Location"] == "/backpack/?show=all"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["//other-host/x", "https://other-host/x", "/\\other-host"])
def test_signing_in_with_an_off_site_next_stays_on_the_site(client, settings, target):
    settings.ALLOWED_HOSTS = ["testserver", "other-host"]  # even a host the site also serves
    UserFactory(email="ada@example.org", password=PASSWORD)
    response = client.post(
        reverse("account_login") + "?next=" + target,
        {"login": "ada@example.org", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert "other-host" not in response["Location"]
