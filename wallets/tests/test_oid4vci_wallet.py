"""Animo's OID4VCI client (@openid4vc/openid4vci, tools/wallet/oid4vci.mjs) collects an award
from a live Laurel by the pre-authorized code flow: it resolves the offer and the issuer
metadata (validating both against its own schemas), gets the token with the transaction code,
the nonce, sends its key proof and receives the credential in both formats, which the DCC's
verifier-core, Digital Bazaar's vc and jose then verify. Then the refusals."""

import json

import pytest

from badges.tests.test_ob3_fixtures import _b64
from wallets import links
from wallets.models import Protocol, WalletExchange
from wallets.services import exchange_create

from .wallet_client import independent_verdicts, run_wallet

LDP, JWT = links.CREDENTIAL_CONFIGURATIONS["ldp_vc"], links.CREDENTIAL_CONFIGURATIONS["jwt_vc_json"]


def offer(award) -> tuple[WalletExchange, str]:
    exchange = exchange_create(assertion=award, user=None)
    return exchange, links.offer_link(exchange)


@pytest.mark.parametrize(
    ("configuration", "binding"), [(LDP, "did:key"), (JWT, "jwk")], ids=["ldp_vc", "jwt_vc_json"]
)
def test_the_wallet_collects_the_award_by_oid4vci_and_it_verifies(
    award, client, configuration, binding
):
    exchange, link = offer(award)
    answer = run_wallet(
        "oid4vci.mjs",
        offer=link,
        txCode=exchange.tx_code,
        configuration=configuration,
        binding=binding,
    )
    assert answer["stage"] == "done", answer.get("error")
    assert set(answer["metadata"]["credentialIssuer"]["credential_configurations_supported"]) == {
        LDP,
        JWT,
    }
    credential = answer["credential"]
    verdicts = independent_verdicts(client, credential)
    exchange.refresh_from_db()
    assert exchange.protocol == Protocol.OID4VCI
    if binding == "did:key":
        assert credential["credentialSubject"]["id"] == answer["holder"] == exchange.holder
        assert verdicts["@digitalcredentials/verifier-core"]["verdict"] == "valid", verdicts
        assert verdicts["@digitalbazaar/vc"]["verdict"] == "valid", verdicts
    else:
        claims = json.loads(_b64(credential.split(".")[1]))
        assert claims["sub"] == exchange.holder
        assert exchange.holder.startswith("did:jwk:")
        holder_jwk = json.loads(_b64(exchange.holder.removeprefix("did:jwk:")))
        assert holder_jwk["x"] == answer["holder"]["x"]
        assert verdicts["jose"]["verdict"] == "valid", verdicts


def test_a_wrong_transaction_code_gets_no_token(award):
    exchange, link = offer(award)
    answer = run_wallet(
        "oid4vci.mjs", offer=link, txCode="000000" if exchange.tx_code != "000000" else "111111"
    )
    assert answer["stage"] == "token"
    assert answer["error"]["body"]["error"] == "invalid_grant", answer["error"]
    exchange.refresh_from_db()
    assert exchange.access_token is None


def test_a_proof_without_the_nonce_is_refused_and_the_code_works_once(award):
    exchange, link = offer(award)
    answer = run_wallet("oid4vci.mjs", offer=link, txCode=exchange.tx_code, noNonce=True)
    assert answer["stage"] == "credential"
    assert "invalid_nonce" in str(answer["error"]), answer["error"]
    exchange.refresh_from_db()
    assert exchange.collected_at is None

    again = run_wallet("oid4vci.mjs", offer=link, txCode=exchange.tx_code)
    assert again["stage"] == "token"
    assert again["error"]["body"]["error"] == "invalid_grant", again["error"]
