"""The learner's pages: "Add to a wallet" on the badge page opens an exchange whose page shows
the QR code and the links; nobody else sees it; a revoked award or an issuer that does not
offer wallets gets no exchange."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from accounts.tests.factories import signed_in
from badges.services.awards import assertion_award, assertion_revoke
from badges.tests.factories import make_badge, make_issuer
from wallets import links
from wallets.models import WalletExchange
from wallets.services import exchange_create, issuer_wallet_settings_save

pytestmark = pytest.mark.django_db
EMAIL = "ada@example.org"


@pytest.fixture
def award():
    badge = make_badge(make_issuer(name="Harbour College"), name="Sea Survival")
    return assertion_award(badge_class=badge, user=None, recipient_identity=EMAIL, notify=False)


def test_the_badge_page_offers_a_wallet_and_the_exchange_page_shows_the_qr_code(client, award):
    signed_in(client, email=EMAIL)
    page = client.get(reverse("backpack:badge", args=[award.entity_id]))
    assert reverse("wallets:add", args=[award.entity_id]) in page.content.decode()

    response = client.post(reverse("wallets:add", args=[award.entity_id]))
    exchange = WalletExchange.objects.get(assertion=award)
    assert response.url == reverse("wallets:exchange", args=[exchange.entity_id])
    page = client.get(response.url).content.decode()
    assert "<svg" in page
    assert links.lcw_link(exchange).replace("&", "&amp;") in page
    assert links.dcc_link(exchange).startswith("dccrequest://request?")
    assert "VerifiableCredentialApiExchangeService" in page
    assert f'id="tx-code">{exchange.tx_code}<' in page
    assert links.offer_link(exchange).replace("&", "&amp;") in page


def test_another_learner_cannot_open_the_exchange_or_make_one(client, award):
    signed_in(client, email="ada@example.org")
    client.post(reverse("wallets:add", args=[award.entity_id]))
    exchange = WalletExchange.objects.get()
    signed_in(client, email="eve@example.org")
    assert client.get(reverse("wallets:exchange", args=[exchange.entity_id])).status_code == 404
    assert client.post(reverse("wallets:add", args=[award.entity_id])).status_code == 404


def test_no_exchange_for_a_revoked_award_or_an_issuer_that_does_not_offer_wallets(client, award):
    signed_in(client, email=EMAIL)
    issuer_wallet_settings_save(issuer=award.issuer, offer_collection=False)
    response = client.post(reverse("wallets:add", args=[award.entity_id]), follow=True)
    assert "does not offer collection into wallets" in response.content.decode()
    issuer_wallet_settings_save(issuer=award.issuer, offer_collection=True)
    assertion_revoke(assertion=award, user=None, reason="Mistake")
    assert client.post(reverse("wallets:add", args=[award.entity_id])).status_code == 404
    assert not WalletExchange.objects.exists()


def test_the_interaction_url_names_the_exchange(client, award):
    signed_in(client, email=EMAIL)
    client.post(reverse("wallets:add", args=[award.entity_id]))
    exchange = WalletExchange.objects.get()
    client.logout()
    answer = client.get(links.interaction_url(exchange), HTTP_ACCEPT="application/json").json()
    assert answer["protocols"]["vcapi"] == links.exchange_url(exchange)
    assert answer["protocols"]["OID4VCI"] == links.offer_link(exchange)
    unknown = client.post("/wallets/exchanges/nope", {}, content_type="application/json")
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_exchange"


def test_every_wallet_endpoint_is_in_the_openapi_schema(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert {
        "/.well-known/openid-credential-issuer",
        "/.well-known/oauth-authorization-server",
        "/wallets/exchanges/{exchange_id}",
        "/wallets/interact/{exchange_id}",
        "/wallets/oid4vci/offers/{exchange_id}",
        "/wallets/oid4vci/token",
        "/wallets/oid4vci/nonce",
        "/wallets/oid4vci/credential",
    } <= set(paths)


def test_the_token_and_credential_endpoints_answer_bad_input_in_oauths_shape(client, award):
    form = "application/x-www-form-urlencoded"
    token = client.post("/wallets/oid4vci/token", "grant_type=password", content_type=form)
    assert token.status_code == 400 and token.json()["error"] == "unsupported_grant_type"
    token = client.post(
        "/wallets/oid4vci/token",
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code",
        content_type=form,
    )
    assert token.status_code == 400 and token.json()["error"] == "invalid_request"
    credential = client.post("/wallets/oid4vci/credential", {}, content_type="application/json")
    assert credential.status_code == 401 and credential.json()["error"] == "invalid_token"
    exchange = exchange_create(assertion=award, user=None)
    garbled = client.post(links.exchange_url(exchange), "{not", content_type="application/json")
    assert garbled.status_code == 400 and garbled.json()["error"] == "parse_error"


def test_five_wrong_transaction_codes_kill_the_pre_authorized_code(client, award):
    exchange = exchange_create(assertion=award, user=None)
    form = "application/x-www-form-urlencoded"

    def token(tx_code: str):
        body = urlencode(
            {
                "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
                "pre-authorized_code": exchange.pre_authorized_code,
                "tx_code": tx_code,
            }
        )
        return client.post("/wallets/oid4vci/token", body, content_type=form)

    wrong = "1" + exchange.tx_code[1:] if exchange.tx_code[0] != "1" else "2" + exchange.tx_code[1:]
    for _ in range(5):
        assert "wrong:" in token(wrong).json()["error_description"]
    refused = token(exchange.tx_code)
    assert refused.status_code == 400 and "too many times" in refused.json()["error_description"]
    exchange.refresh_from_db()
    assert exchange.tx_code_failures == 5 and exchange.access_token is None
