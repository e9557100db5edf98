import io
import json

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from badges.openbadges import signing
from badges.openbadges.baking import extract
from badges.openbadges.ob2 import public_url
from badges.services.awards import assertion_award, assertion_revoke, assertion_revoke_batch
from badges.services.badge_classes import badge_class_update
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/ld+json"}


@pytest.fixture
def award():
    badge = make_badge(
        make_issuer(),
        alignments=[{"targetName": "Programming", "targetFramework": "ESCO"}],
        tags=["python"],
    )
    return assertion_award(
        badge_class=badge,
        user=None,
        recipient_identity="ada@example.org",
        narrative="Built a parser.",
        evidence=[{"url": "https://example.org/work", "narrative": "The repository."}],
    )


def test_an_assertion_is_open_badges_2_json_ld_with_absolute_ids(client, award):
    response = client.get(f"/public/assertions/{award.entity_id}", **JSON)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    doc = response.json()
    assert doc["@context"] == "https://w3id.org/openbadges/v2"
    assert doc["id"] == public_url("assertions", award.entity_id)
    assert doc["badge"] == public_url("badges", award.badge_class.entity_id)
    assert doc["verification"] == {"type": "HostedBadge"}
    assert doc["evidence"][0]["id"] == "https://example.org/work"
    assert doc["recipient"]["identity"].startswith("sha256$")


def test_expand_embeds_the_badge_class_and_its_issuer(client, award):
    doc = client.get(f"/public/assertions/{award.entity_id}?expand=badge.issuer").json()
    assert doc["badge"]["name"] == "Python Programming"
    assert doc["badge"]["issuer"]["email"] == award.issuer.email
    assert doc["badge"]["alignment"][0]["targetName"] == "Programming"
    badge = client.get(f"/public/badges/{award.badge_class.entity_id}?expand=issuer").json()
    assert badge["issuer"]["name"] == award.issuer.name


def test_an_unknown_expand_is_a_400_naming_the_choices(client, award):
    response = client.get(f"/public/assertions/{award.entity_id}?expand=everything")
    assert response.status_code == 400
    assert "badge.issuer" in response.content.decode()


def test_a_browser_is_redirected_to_the_human_page(client, award):
    response = client.get(
        f"/public/assertions/{award.entity_id}",
        HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/awards/{award.entity_id}/"
    page = client.get(response["Location"])
    assert "Python Programming" in page.content.decode()


def test_the_json_suffix_always_answers_json(client, award):
    response = client.get(f"/public/assertions/{award.entity_id}.json", HTTP_ACCEPT="text/html")
    assert response.json()["type"] == "Assertion"


@pytest.mark.parametrize("agent", ["LinkedInBot/1.0", "Twitterbot/1.0", "facebookexternalhit/1.1"])
def test_social_bots_get_open_graph_tags_with_the_wide_image(client, award, agent):
    response = client.get(f"/public/assertions/{award.entity_id}", HTTP_USER_AGENT=agent)
    html = response.content.decode()
    assert '<meta property="og:title" content="Python Programming · Open University' in html
    assert "/image?fmt=wide" in html


def test_a_revoked_assertion_answers_410_with_the_reason(
    client, award, django_capture_on_commit_callbacks
):
    assert client.get(f"/public/assertions/{award.entity_id}").status_code == 200  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        assertion_revoke(assertion=award, user=None, reason="Plagiarism")
    response = client.get(f"/public/assertions/{award.entity_id}")
    assert response.status_code == 410
    assert response.json() == {
        "@context": "https://w3id.org/openbadges/v2",
        "id": public_url("assertions", award.entity_id),
        "type": "Assertion",
        "revoked": True,
        "revocationReason": "Plagiarism",
    }


def test_a_warm_public_assertion_request_makes_no_database_query(client, award):
    url = f"/public/assertions/{award.entity_id}"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        warm = client.get(url)
    assert len(queries) == 0
    assert warm.content == first.content
    assert warm["ETag"] and "max-age" in warm["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=warm["ETag"]).status_code == 304


def test_a_change_to_the_badge_class_reaches_the_cached_expanded_assertion(
    client, award, django_capture_on_commit_callbacks
):
    url = f"/public/assertions/{award.entity_id}?expand=badge"
    assert client.get(url).json()["badge"]["name"] == "Python Programming"
    with django_capture_on_commit_callbacks(execute=True):
        badge_class_update(badge_class=award.badge_class, user=None, name="Python II")
    assert client.get(url).json()["badge"]["name"] == "Python II"


def test_the_baked_png_holds_the_assertion_url(client, award):
    response = client.get(f"/public/assertions/{award.entity_id}/baked")
    assert response["Content-Type"] == "image/png"
    assert extract(response.content) == public_url("assertions", award.entity_id)


def test_a_baked_image_whose_stored_file_was_lost_is_made_again(client, award):
    from badges.models import StoredRendition

    url = f"/public/assertions/{award.entity_id}/baked"
    first = client.get(url).content
    rendition = StoredRendition.objects.get(key__startswith=f"assertions/{award.entity_id}/")
    rendition.file.storage.delete(rendition.file.name)  # media restored without it
    again = client.get(url)
    assert again.status_code == 200
    assert extract(again.content) == extract(first) == public_url("assertions", award.entity_id)
    rendition.refresh_from_db()
    assert rendition.file.storage.exists(rendition.file.name)


def test_an_svg_badge_bakes_as_svg_and_converts_to_png(client):
    badge = make_badge(make_issuer(), image=SVG_BADGE, image_name="badge.svg")
    award = assertion_award(badge_class=badge, user=None, recipient_identity="a@b.org")
    baked = client.get(f"/public/assertions/{award.entity_id}/baked")
    assert baked["Content-Type"] == "image/svg+xml"
    assert extract(baked.content) == public_url("assertions", award.entity_id)
    png = client.get(f"/public/badges/{badge.entity_id}/image?type=png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    wide = client.get(f"/public/badges/{badge.entity_id}/image?fmt=wide")
    assert Image.open(io.BytesIO(wide.content)).size == (1200, 628)


def test_a_signed_award_bakes_a_jws_that_verifies_with_the_published_key(client):
    issuer = make_issuer(verification="signed")
    badge = make_badge(issuer)
    award = assertion_award(badge_class=badge, user=None, recipient_identity="a@b.org")
    issuer_doc = client.get(f"/public/issuers/{issuer.entity_id}").json()
    key_url = issuer_doc["publicKey"][0]
    key_doc = client.get(key_url.split("127.0.0.1:8000")[1]).json()
    jws = extract(client.get(f"/public/assertions/{award.entity_id}/baked").content)
    payload = signing.verify_jws(jws, key_doc["publicKeyPem"])
    assert payload["id"] == public_url("assertions", award.entity_id)
    assert payload["verification"] == {"type": "SignedBadge", "creator": key_url}


def test_a_revocation_list_names_revoked_signed_awards(client):
    issuer = make_issuer(verification="signed")
    badge = make_badge(issuer)
    awards = [
        assertion_award(badge_class=badge, user=None, recipient_identity=f"{n}@b.org")
        for n in range(3)
    ]
    assertion_revoke_batch(assertions=awards[:2], user=None, reason="Withdrawn")
    doc = client.get(f"/public/issuers/{issuer.entity_id}/revocations").json()
    assert {entry["id"] for entry in doc["revokedAssertions"]} == {
        public_url("assertions", a.entity_id) for a in awards[:2]
    }


def test_an_award_emails_the_recipient_with_an_unsubscribe_link_that_works(
    client, django_capture_on_commit_callbacks
):
    badge = make_badge(make_issuer())
    with django_capture_on_commit_callbacks(execute=True):
        assertion_award(badge_class=badge, user=None, recipient_identity="ada@b.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@b.org"] and "Python Programming" in message.subject
    assert message.alternatives[0][1] == "text/html"
    link = message.extra_headers["List-Unsubscribe"].strip("<>").split("127.0.0.1:8000")[1]
    assert client.post(link).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        assertion_award(badge_class=badge, user=None, recipient_identity="Ada@b.org")
    assert len(mail.outbox) == 1


def test_an_unknown_object_is_404(client):
    assert client.get("/public/assertions/nope", **JSON).status_code == 404
    assert json.loads(client.get("/health").content)["checks"]


def test_an_award_email_sent_again_is_the_same_message_to_mail_systems(
    django_capture_on_commit_callbacks,
):
    from badges.notifications import send_award_notification

    badge = make_badge(make_issuer())
    with django_capture_on_commit_callbacks(execute=True):
        award = assertion_award(badge_class=badge, user=None, recipient_identity="a@b.org")
    send_award_notification(assertion_id=award.pk)  # as a redelivered outbox message would
    first, again = (message.message()["Message-ID"] for message in mail.outbox)
    assert first == again == f"<award-{award.entity_id}@127.0.0.1>"
