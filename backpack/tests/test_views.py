"""The backpack's pages as a learner and a visitor use them: lists, actions, import, collections,
share, embed, oEmbed, exports and the public verify page."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from backpack import selectors, services
from backpack.models import Acceptance
from badges.openbadges import ob2
from badges.openbadges.baking import bake_png, extract
from badges.services.awards import assertion_award, assertion_revoke
from badges.tests.factories import make_badge, make_issuer, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return UserFactory(email="ada@example.org")


def award_knots():
    return assertion_award(
        badge_class=make_badge(make_issuer(), name="Knots"),
        user=None,
        recipient_identity="ada@example.org",
        notify=False,
    )


@pytest.fixture
def award(ada):
    return award_knots()


@pytest.fixture
def signed_in(client, ada):
    client.force_login(ada)
    return client


def act(client, entity_id: str, action: str, **data):
    return client.post(
        reverse("backpack:badge-action", args=[entity_id]), {"action": action, **data}
    )


def test_an_award_made_before_sign_up_waits_in_the_backpack_to_be_accepted(client):
    award = award_knots()
    learner = UserFactory(email="ada@example.org")  # signs up after the award
    client.force_login(learner)
    page = client.get(reverse("backpack:list")).content.decode()
    assert "Knots" in page and "Accept" in page
    act(client, award.entity_id, "accept")
    assert selectors.backpack_assertion_get(user=learner, entity_id=award.entity_id).acceptance == (
        Acceptance.ACCEPTED
    )


def test_declining_moves_an_award_to_declined_where_it_can_be_accepted_again(signed_in, award):
    act(signed_in, award.entity_id, "decline")
    assert "Knots" not in signed_in.get(reverse("backpack:list")).content.decode()
    assert "Knots" in signed_in.get(reverse("backpack:list") + "?show=declined").content.decode()
    act(signed_in, award.entity_id, "accept")
    assert "Knots" in signed_in.get(reverse("backpack:list")).content.decode()


def test_a_hidden_badge_leaves_the_list_and_public_collections_but_stays(signed_in, ada, award):
    collection = services.collection_create(
        user=ada, name="Public", published=True, assertion_ids=[award.entity_id]
    )
    act(signed_in, award.entity_id, "hide")
    assert "Knots" not in signed_in.get(reverse("backpack:list")).content.decode()
    assert "Knots" in signed_in.get(reverse("backpack:list") + "?show=hidden").content.decode()
    assert selectors.collection_items(collection=collection, public=True) == []
    assert len(selectors.collection_items(collection=collection)) == 1


def test_someone_elses_badge_cannot_be_acted_on_or_seen(client, award):
    client.force_login(UserFactory())
    assert client.get(reverse("backpack:badge", args=[award.entity_id])).status_code == 404
    response = act(client, award.entity_id, "hide")
    assert response.status_code == 302
    assert not selectors.backpack_items(user=award.badge_class.issuer.staff.first().user)


def test_an_unknown_action_is_a_400_not_a_500(signed_in, award):
    assert act(signed_in, award.entity_id, "explode").status_code == 400


def test_the_import_form_shows_why_a_badge_was_refused(signed_in):
    response = signed_in.post(reverse("backpack:import"), {"url": "http://127.0.0.1:9/a"})
    assert response.status_code == 400
    assert "does not verify" in response.content.decode()
    response = signed_in.post(reverse("backpack:import"), {})
    assert "Give the badge one way" in response.content.decode()


def test_a_bad_upload_gets_a_form_error(signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = signed_in.post(
        reverse("backpack:import"),
        {"image": SimpleUploadedFile("x.png", b"not an image at all", "image/png")},
    )
    assert response.status_code == 400
    assert "does not verify" in response.content.decode()


def test_the_import_page_imports_a_baked_badge_from_elsewhere(signed_in, ada, elsewhere):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = elsewhere.award(1, "ada@example.org")
    baked = SimpleUploadedFile("badge.png", bake_png(png_bytes(), url), "image/png")
    response = signed_in.post(reverse("backpack:import"), {"image": baked})
    assert response.status_code == 302
    page = signed_in.get(response["Location"]).content.decode()
    assert "Rope Access" in page and "Elsewhere Academy" in page and "Verify again" in page


def test_a_collection_is_made_ordered_and_shared_only_when_public(signed_in, client, ada, award):
    second = assertion_award(
        badge_class=make_badge(make_issuer(), name="Splices"),
        user=None,
        recipient_identity="ada@example.org",
        notify=False,
    )
    response = signed_in.post(reverse("backpack:collections"), {"name": "Sailing"})
    [collection] = selectors.collection_list(user=ada)
    assert response["Location"] == reverse("backpack:collection", args=[collection.entity_id])
    page = reverse("backpack:collection", args=[collection.entity_id])
    for badge in (award, second):
        signed_in.post(page, {"action": "add", "badge": badge.entity_id})
    signed_in.post(page, {"action": "up", "badge": second.entity_id})
    names = [item.name for item in selectors.collection_items(collection=collection)]
    assert names == ["Splices", "Knots"]

    share = reverse("backpack:share-collection", args=[collection.entity_id])
    signed_in.logout()
    assert client.get(share).status_code == 404
    services.collection_update(collection=collection, user=ada, published=True)
    html = client.get(share).content.decode()
    assert "Splices" in html and "Knots" in html
    assert 'property="og:image"' in html and "fmt=wide" in html


def test_a_collection_name_is_required_on_the_form(signed_in):
    response = signed_in.post(reverse("backpack:collections"), {"name": "  "})
    assert response.status_code == 400


def test_a_badge_share_page_has_open_graph_tags_and_a_linkedin_add_to_profile_link(client, award):
    html = client.get(reverse("backpack:share-badge", args=[award.entity_id])).content.decode()
    assert 'property="og:title" content="Knots"' in html
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in html
    assert "name=Knots" in html and "certId=" + award.entity_id in html
    assert "x.com/intent/post" in html and "facebook.com/sharer" in html and "mailto:" in html


def test_a_revoked_award_s_share_page_says_revoked_with_status_410(client, award):
    assertion_revoke(assertion=award, user=None, reason="Mistake")
    response = client.get(reverse("backpack:share-badge", args=[award.entity_id]))
    assert response.status_code == 410 and "Mistake" in response.content.decode()


def test_oembed_answers_for_share_pages_and_refuses_other_urls(client, award, settings):
    share = settings.LAUREL_BASE_URL + reverse("backpack:share-badge", args=[award.entity_id])
    answer = client.get(reverse("backpack:oembed"), {"url": share, "maxwidth": 300}).json()
    assert answer["type"] == "rich" and answer["width"] == 300
    assert reverse("backpack:embed-badge", args=[award.entity_id]) in answer["html"]
    assert (
        client.get(reverse("backpack:oembed"), {"url": "https://evil.example/x"}).status_code == 404
    )
    bad = client.get(reverse("backpack:oembed"), {"url": share, "maxwidth": "wide"})
    assert bad.status_code == 400


def test_the_embed_page_may_be_framed_by_other_sites(client, award):
    response = client.get(reverse("backpack:embed-badge", args=[award.entity_id]))
    assert response.status_code == 200 and "Knots" in response.content.decode()
    assert "X-Frame-Options" not in response
    assert "frame-ancestors 'none'" not in response.get("Content-Security-Policy", "")
    page = client.get(reverse("backpack:share-badge", args=[award.entity_id]))
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_downloads_give_the_baked_image_and_the_open_badges_json(signed_in, award):
    url = reverse("backpack:download", args=[award.entity_id])
    image = signed_in.get(url)
    assert image["Content-Type"] == "image/png" and "attachment" in image["Content-Disposition"]
    assert extract(image.content) == ob2.public_url("assertions", award.entity_id)
    document = json.loads(signed_in.get(url + "?format=json").content)
    assert document["badge"]["name"] == "Knots" and document["badge"]["issuer"]["type"] == "Issuer"


def test_the_backpack_zip_holds_every_badge_with_an_index(signed_in, ada, award, elsewhere):
    services.backpack_import(user=ada, url=elsewhere.award(2, "ada@example.org"))
    archive = zipfile.ZipFile(io.BytesIO(signed_in.get(reverse("backpack:export")).content))
    index = json.loads(archive.read("backpack.json"))
    assert sorted(entry["name"] for entry in index) == ["Knots", "Rope Access"]
    for entry in index:
        assert len(entry["files"]) == 2
        for name in entry["files"]:
            assert archive.read(name)


def test_anyone_can_verify_a_badge_on_the_verify_page(client, award):
    url = ob2.public_url("assertions", award.entity_id)
    html = client.post(reverse("backpack:verify"), {"url": url}).content.decode()
    assert "This badge verifies" in html and "Knots" in html
    html = client.post(
        reverse("backpack:verify"), {"url": url, "email": "grace@example.org"}
    ).content.decode()
    assert "This badge does not verify" in html


def test_pages_of_the_backpack_need_signing_in(client):
    response = client.get(reverse("backpack:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_badge_page_offers_the_open_badges_3_credential_downloads(signed_in, award):
    html = signed_in.get(reverse("backpack:badge", args=[award.entity_id])).content.decode()
    credential = reverse("badges:credential", args=[award.entity_id])
    for kind in ("json", "jwt", "png"):
        assert f"{credential}?format={kind}&amp;download=1" in html
    jwt = signed_in.get(f"{credential}?format=jwt&download=1")
    assert jwt.status_code == 200 and jwt.content.count(b".") == 2
