"""An issuer hands an award out in person (at an event): the awards list's *Wallet QR* asks,
then opens an exchange whose page shows the QR code for the recipient to scan; the award email
points recipients at *Add to a wallet*."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award, assertion_revoke
from badges.tests.factories import make_badge, make_issuer
from wallets import links
from wallets.models import WalletExchange
from wallets.services import issuer_wallet_settings_save

pytestmark = pytest.mark.django_db
EMAIL = "ada@example.org"


@pytest.fixture
def owner():
    return UserFactory(email="dean@harbour.example")


@pytest.fixture
def award(owner):
    badge = make_badge(make_issuer(owner=owner, name="Harbour College"), name="Sea Survival")
    return assertion_award(badge_class=badge, user=owner, recipient_identity=EMAIL, notify=False)


def handout_url(award) -> str:
    args = [award.issuer.entity_id, award.badge_class.entity_id, award.entity_id]
    return reverse("workspace:award-wallet", args=args)


def test_the_awards_list_hands_an_award_out_through_a_qr_code(client, owner, award):
    client.force_login(owner)
    awards = reverse("workspace:awards", args=[award.issuer.entity_id, award.badge_class.entity_id])
    assert handout_url(award) in client.get(awards).content.decode()

    question = client.get(handout_url(award)).content.decode()
    assert f"Hand Sea Survival to {EMAIL} in a wallet?" in question
    assert not WalletExchange.objects.exists()  # a GET only asks

    response = client.post(handout_url(award))
    exchange = WalletExchange.objects.get(assertion=award)
    assert exchange.handout and exchange.created_by == owner
    assert response.url == reverse("wallets:exchange", args=[exchange.entity_id])
    page = client.get(response.url).content.decode()
    assert f"Show this page to {EMAIL}" in page
    assert links.lcw_link(exchange).replace("&", "&amp;") in page
    assert f'href="{awards}"' in page  # back to the awards, not to a backpack


def test_only_the_issuers_staff_hand_out(client, award):
    client.force_login(UserFactory(email=EMAIL))  # the recipient, not on the issuer's staff
    assert client.get(handout_url(award)).status_code == 404
    assert client.post(handout_url(award)).status_code == 404
    assert not WalletExchange.objects.exists()


def test_a_revoked_award_or_an_issuer_without_wallets_gets_a_message(client, owner, award):
    client.force_login(owner)
    issuer_wallet_settings_save(issuer=award.issuer, offer_collection=False)
    page = client.post(handout_url(award), follow=True).content.decode()
    assert "does not offer collection into wallets" in page
    issuer_wallet_settings_save(issuer=award.issuer, offer_collection=True)
    assertion_revoke(assertion=award, user=owner, reason="Mistake")
    page = client.post(handout_url(award), follow=True).content.decode()
    assert "A revoked award cannot be added to a wallet." in page
    assert not WalletExchange.objects.exists()


def test_the_award_email_points_at_add_to_a_wallet_unless_the_issuer_turned_it_off(
    owner, django_capture_on_commit_callbacks
):
    badge = make_badge(make_issuer(owner=owner, name="Harbour College"), name="Sea Survival")
    with django_capture_on_commit_callbacks(execute=True):
        offered = assertion_award(badge_class=badge, user=owner, recipient_identity=EMAIL)
    wallet = links.award_wallet_url(assertion=offered)
    assert wallet.endswith(f"/backpack/badges/{offered.entity_id}/#wallet-heading")
    text, html = mail.outbox[-1].body, mail.outbox[-1].alternatives[0][0]
    assert wallet in text and wallet in html

    issuer_wallet_settings_save(issuer=badge.issuer, offer_collection=False)
    with django_capture_on_commit_callbacks(execute=True):
        assertion_award(badge_class=badge, user=owner, recipient_identity="grace@example.org")
    assert "wallet" not in mail.outbox[-1].body.lower()
