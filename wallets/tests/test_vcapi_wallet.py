"""A wallet made of Digital Bazaar's libraries (tools/wallet/vcapi.mjs) collects an award from a
live Laurel by VC-API exchange, as the Learner Credential Wallet does: it parses the deep link,
starts the exchange, signs DIDAuth with a fresh did:key and receives the credential, which the
DCC's verifier-core and Digital Bazaar's vc then verify. Then every way it must be refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wallets import links
from wallets.models import Protocol, WalletExchange
from wallets.services import exchange_create

from .wallet_client import independent_verdicts, run_wallet


def new_link(award) -> tuple[WalletExchange, str]:
    exchange = exchange_create(assertion=award, user=None)
    return exchange, links.lcw_link(exchange)


def test_the_wallet_collects_the_award_bound_to_its_did_and_it_verifies(award, client):
    exchange, link = new_link(award)
    answer = run_wallet("vcapi.mjs", link=link)

    request = answer["request"]["verifiablePresentationRequest"]
    assert request["query"][0]["type"] == "DIDAuthentication"
    assert request["challenge"] == exchange.challenge
    assert request["domain"] == links.domain()
    assert answer["status"] == 200, answer["body"]
    credential = answer["body"]["verifiablePresentation"]["verifiableCredential"][0]
    subject = credential["credentialSubject"]
    assert subject["id"] == answer["holder"]
    assert subject["identifier"][0]["identityType"] == "emailAddress"
    assert credential["credentialStatus"]["statusPurpose"] == "revocation"

    verdicts = independent_verdicts(client, credential)
    assert verdicts["@digitalcredentials/verifier-core"]["verdict"] == "valid", verdicts
    assert verdicts["@digitalbazaar/vc"]["verdict"] == "valid", verdicts

    exchange.refresh_from_db()
    assert exchange.protocol == Protocol.VCAPI
    assert exchange.holder == answer["holder"]
    assert exchange.collected_at is not None

    # Collected twice: the same link again is refused at the start.
    again = run_wallet("vcapi.mjs", link=link)
    assert again["requestStatus"] == 409
    assert again["request"]["error"] == "already_collected"

    # A reused challenge: another exchange for the same award, signed with the first challenge.
    second, second_link = new_link(award)
    reused = run_wallet("vcapi.mjs", link=second_link, challenge=exchange.challenge)
    assert reused["status"] == 400
    assert reused["body"]["error"] == "invalid_challenge"
    second.refresh_from_db()
    assert second.collected_at is None


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"domain": "evil.example"}, "invalid_domain"),
        ({"tamper": True}, "invalid_proof"),
    ],
    ids=["wrong domain", "tampered proof"],
)
def test_the_exchange_refuses_a_bad_presentation(award, options, error):
    exchange, link = new_link(award)
    answer = run_wallet("vcapi.mjs", link=link, **options)
    assert answer["status"] == 400
    assert answer["body"]["error"] == error, answer["body"]
    exchange.refresh_from_db()
    assert exchange.collected_at is None and exchange.holder == ""


def test_an_expired_exchange_is_refused(award):
    exchange, link = new_link(award)
    WalletExchange.objects.filter(pk=exchange.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    answer = run_wallet("vcapi.mjs", link=link)
    assert answer["requestStatus"] == 410
    assert answer["request"]["error"] == "expired"
