"""The public pages of a learner's badges as a visitor meets them: the earner named (when they
chose so), revoked badges said to be revoked (410), private collections a portal 404, and
*Verify it yourself* answered at once."""

import json
import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import user_profile_update
from accounts.tests.factories import UserFactory
from backpack import services
from backpack.models import Acceptance
from badges.openbadges import ob2
from badges.services.awards import assertion_award, assertion_revoke
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    user = UserFactory(email="ada@example.org")
    user_profile_update(user=user, display_name="Ada Lovelace", show_name_publicly=True)
    return user


@pytest.fixture
def award(ada):
    return assertion_award(
        badge_class=make_badge(make_issuer(name="Harbour College"), name="Knots"),
        user=None,
        recipient_identity="ada@example.org",
        notify=False,
    )


def share(entity_id: str) -> str:
    return reverse("backpack:share-badge", args=[entity_id])


def test_the_share_page_and_the_award_page_name_the_earner(client, award):
    html = client.get(share(award.entity_id)).content.decode()
    assert "Earned by <strong>Ada Lovelace</strong>" in html
    assert 'property="og:title" content="Ada Lovelace: Knots"' in html
    assert "Awarded to Ada Lovelace by Harbour College" in html  # LinkedIn's preview of the link
    page = client.get(reverse("discovery:award", args=[award.entity_id])).content.decode()
    assert "Earned by <strong>Ada Lovelace</strong>" in page


def test_a_learner_who_hides_their_name_is_not_named_anywhere(client, ada, award):
    user_profile_update(user=ada, display_name="Ada Lovelace", show_name_publicly=False)
    collection = services.collection_create(
        user=ada, name="Sailing", assertion_ids=[award.entity_id]
    )
    services.collection_update(collection=collection, user=ada, published=True)
    for url in (
        share(award.entity_id),
        reverse("discovery:award", args=[award.entity_id]),
        reverse("backpack:share-collection", args=[collection.entity_id]),
    ):
        html = client.get(url).content.decode()
        assert "Knots" in html and "Ada Lovelace" not in html


def test_a_public_collection_names_its_owner(client, ada, award):
    collection = services.collection_create(
        user=ada, name="Sailing", assertion_ids=[award.entity_id]
    )
    services.collection_update(collection=collection, user=ada, published=True)
    html = client.get(reverse("backpack:share-collection", args=[collection.entity_id]))
    assert "Badges of <strong>Ada Lovelace</strong>" in html.content.decode()


def test_a_declined_award_does_not_name_the_learner_who_declined_it(client, ada, award):
    services.backpack_acceptance_set(user=ada, assertion=award, acceptance=Acceptance.REJECTED)
    assert "Ada Lovelace" not in client.get(share(award.entity_id)).content.decode()


def test_the_display_name_never_enters_the_open_badges_documents(client, award, settings):
    for url in (
        ob2.public_url("assertions", award.entity_id) + ".json",
        ob2.public_url("assertions", award.entity_id) + ".json?expand=badge.issuer",
        reverse("badges:credential", args=[award.entity_id]) + "?format=json",
    ):
        body = client.get(url.replace(settings.LAUREL_BASE_URL, "")).content.decode()
        assert "Knots" in body or "ada@example.org" in body or "sha256$" in body
        assert "Ada Lovelace" not in body


def test_every_public_page_of_a_revoked_award_says_revoked_with_date_and_reason(client, award):
    assertion_revoke(assertion=award, user=None, reason="Awarded by mistake")
    award.refresh_from_db()
    day = f"{award.revoked_at.day} {award.revoked_at:%B %Y}"
    for url in (
        share(award.entity_id),
        reverse("backpack:embed-badge", args=[award.entity_id]),
        reverse("discovery:award", args=[award.entity_id]),
    ):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 410, url
        assert "Revoked" in html and day in html and "Awarded by mistake" in html, url
    oembed = client.get(
        reverse("backpack:oembed"), {"url": "http://testserver" + share(award.entity_id)}
    )
    assert oembed.status_code in (404, 410)


def test_an_imported_badge_revoked_since_says_revoked_on_its_share_page(client, ada, elsewhere):
    item = services.backpack_import(user=ada, url=elsewhere.award(3, "ada@example.org"))
    elsewhere.revoke(3, reason="Exam voided")
    services.imported_badge_reverify(imported=item.obj)
    response = client.get(share(item.entity_id))
    assert response.status_code == 410 and "Exam voided" in response.content.decode()


def test_a_private_collection_is_a_portal_404_page(client, ada, award, settings):
    settings.DEBUG = False
    collection = services.collection_create(user=ada, name="Private", assertion_ids=[])
    response = client.get(reverse("backpack:share-collection", args=[collection.entity_id]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html and "This collection is private" in html
    assert 'class="site-header"' in html  # the portal's page, not a bare "Not Found"


def test_verify_it_yourself_opens_the_verify_page_with_the_report_shown(client, award):
    html = client.get(share(award.entity_id)).content.decode()
    link = re.search(r'href="([^"]*/verify/\?url=[^"]*)">Verify it yourself', html).group(1)
    assert link.endswith("#report")
    assert unquote(link.split("url=", 1)[1].split("#")[0]) == ob2.public_url(
        "assertions", award.entity_id
    )
    page = client.get(link.replace("&amp;", "&").split("#")[0])
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="report"' in text and "This badge verifies" in text and "Knots" in text


def test_the_verify_and_import_pages_say_which_versions_they_take(client, ada):
    assert "1.0, 1.1 and 2.0" in client.get(reverse("backpack:verify")).content.decode()
    assert "3.0 credentials" in client.get(reverse("backpack:verify")).content.decode()
    client.force_login(ada)
    assert "1.0, 1.1, 2.0 and 3.0" in client.get(reverse("backpack:import")).content.decode()


def test_a_visitor_checking_an_email_is_told_the_badge_was_not_issued_to_it(client, award):
    url = ob2.public_url("assertions", award.entity_id)
    html = client.post(
        reverse("backpack:verify"), {"url": url, "email": "grace@example.org"}
    ).content.decode()
    assert "This badge was not issued to grace@example.org." in html
    assert "none of yours" not in html
    html = client.post(
        reverse("backpack:verify"), {"url": url, "email": "ada@example.org"}
    ).content.decode()
    assert "This badge verifies" in html


def test_the_award_page_shows_whether_it_is_valid_or_expired(client, award):
    from datetime import timedelta

    from django.utils import timezone

    html = client.get(reverse("discovery:award", args=[award.entity_id])).content.decode()
    assert '<span class="status valid">Valid</span>' in html
    award.expires = timezone.now() - timedelta(days=1)
    award.save(update_fields=["expires"])
    html = client.get(reverse("discovery:award", args=[award.entity_id])).content.decode()
    assert '<span class="status expired">Expired</span>' in html


def test_the_award_page_invites_a_visitor_to_sign_up_and_keep_the_badge(client, award):
    html = client.get(reverse("discovery:award", args=[award.entity_id])).content.decode()
    assert "Is this your badge?" in html
    assert "/accounts/signup/?next=%2Fbackpack%2F%3Fshow%3Dnew" in html
    assert "/accounts/login/?next=%2Fbackpack%2F%3Fshow%3Dnew" in html


def test_the_award_email_invites_the_recipient_to_keep_the_badge_in_a_backpack(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assertion_award(
            badge_class=make_badge(make_issuer(), name="Splices"),
            user=None,
            recipient_identity="newcomer@example.org",
        )
    [message] = mail.outbox
    assert "create an account (or sign in) with newcomer@example.org" in message.body
    assert "/accounts/signup/?next=%2Fbackpack%2F%3Fshow%3Dnew" in message.body
    html = message.alternatives[0][0]
    assert "create an account or sign in</a> with newcomer@example.org" in html


def test_the_verify_report_json_is_shown_with_the_report(client, award):
    url = ob2.public_url("assertions", award.entity_id)
    page = client.get(reverse("backpack:verify"), {"url": url}).content.decode()
    assert json.dumps(True) in page  # the report as JSON, under its details
