"""The learner's claim page: a code typed or scanned becomes a badge in the backpack."""

import pytest
from allauth.account.models import EmailAddress
from django.test import override_settings
from django.urls import reverse

from accounts.tests.factories import UserFactory, signed_in
from backpack.models import Acceptance, BackpackEntry
from badges.services.claim_codes import claim_code_create, claim_code_disable, claim_code_redeem
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge():
    owner = UserFactory()
    return make_badge(make_issuer(owner=owner, name="Harbour College"), name="Knots")


@pytest.fixture
def code(badge):
    return claim_code_create(badge_class=badge, user=None)[0]


@pytest.fixture
def learner(client):
    return signed_in(client, email="ada@example.org")


def test_a_scanned_link_asks_for_sign_in_and_comes_back_with_the_code(client, code):
    link = reverse("backpack:claim-code", args=[code.code])
    response = client.get(link)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    UserFactory(email="bo@example.org")
    signed_in = client.post(
        response["Location"],
        {"login": "bo@example.org", "password": "correct horse battery staple"},
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == link


def test_the_scanned_link_fills_in_the_code(client, learner, code):
    page = client.get(reverse("backpack:claim-code", args=[code.code])).content.decode()
    assert f'value="{code.formatted}"' in page


def test_claiming_shows_the_badge_and_links_to_it_in_the_backpack(client, learner, code, badge):
    response = client.post(reverse("backpack:claim"), {"code": code.formatted})
    assert response.status_code == 302
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Knots" in text and "Harbour College" in text
    entry = BackpackEntry.objects.get(user=learner)
    assert entry.acceptance == Acceptance.ACCEPTED
    assert reverse("backpack:badge", args=[entry.assertion.entity_id]) in text
    backpack = client.get(reverse("backpack:list")).content.decode()
    assert "Knots" in backpack and reverse("backpack:claim") in backpack


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("unknown", "There is no such code."),
        ("used", "This code has been used up"),
        ("disabled", "This code was disabled by its issuer."),
    ],
)
def test_refusals_are_shown_beside_the_code(client, learner, code, setup, message):
    typed = code.code
    if setup == "unknown":
        typed = "AAAA-BBBB-CCCC"
    elif setup == "used":
        claim_code_redeem(user=UserFactory(), code=code.code)
    else:
        claim_code_disable(claim_code=code, user=None)
    response = client.post(reverse("backpack:claim"), {"code": typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BackpackEntry.objects.filter(user=learner).exists()


@override_settings(LAUREL_CLAIM_FAILURES_PER_USER=2)
def test_guessing_is_throttled_with_429(client, learner, code):
    for _ in range(2):
        client.post(reverse("backpack:claim"), {"code": "AAAA-BBBB-CCCC"})
    response = client.post(reverse("backpack:claim"), {"code": code.code})
    assert response.status_code == 429
    assert "Too many unknown codes" in response.content.decode()


def test_a_learner_with_several_verified_emails_picks_one(client, learner, code):
    EmailAddress.objects.create(user=learner, email="ada@work.example", verified=True)
    page = client.get(reverse("backpack:claim")).content.decode()
    assert 'name="email"' in page and "ada@work.example" in page
    client.post(reverse("backpack:claim"), {"code": code.code, "email": "ada@work.example"})
    assert BackpackEntry.objects.get().assertion.recipient_identity == "ada@work.example"


def test_a_learner_without_a_verified_email_is_told_to_verify(client, code):
    client.force_login(UserFactory(verified_email=False))
    page = client.get(reverse("backpack:claim")).content.decode()
    assert "verify one" in page
    response = client.post(reverse("backpack:claim"), {"code": code.code})
    assert response.status_code == 400
    assert "Verify your email address first" in response.content.decode()


def test_the_claimed_page_of_someone_elses_award_is_not_found(client, learner, code):
    claim = claim_code_redeem(user=UserFactory(), code=code.code)
    response = client.get(reverse("backpack:claimed", args=[claim.assertion.entity_id]))
    assert response.status_code == 404
