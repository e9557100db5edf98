"""Laurel's OID4VCI documents read by someone else's models: the PyPI `openid4vci` package's
pydantic models of OpenID for Verifiable Credential Issuance 1.0 (issuer and authorization
server metadata, the credential offer, the token and nonce answers) accept what Laurel serves."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from openid4vci.models.metadata import AuthorizationServerMetadata, CredentialIssuerMetadata
from openid4vci.models.nonce import NonceResponse
from openid4vci.models.oauth import TokenResponse
from openid4vci.models.offer import CredentialOffer

from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer
from wallets import links
from wallets.services import exchange_create

pytestmark = pytest.mark.django_db
BASE = "https://laurel.example"  # the models want https endpoints, as production has


@pytest.fixture
def exchange(settings):
    settings.LAUREL_BASE_URL = BASE
    badge = make_badge(make_issuer(name="Harbour College"), name="Sea Survival")
    award = assertion_award(
        badge_class=badge, user=None, recipient_identity="ada@example.org", notify=False
    )
    return exchange_create(assertion=award, user=None)


def test_the_issuer_and_authorization_server_metadata_fit_the_models(client, exchange):
    issuer = CredentialIssuerMetadata.model_validate(
        client.get("/.well-known/openid-credential-issuer").json()
    )
    assert issuer.credential_issuer == BASE
    assert set(issuer.credential_configurations_supported) == set(
        links.CREDENTIAL_CONFIGURATIONS.values()
    )
    server = AuthorizationServerMetadata.model_validate(
        client.get("/.well-known/oauth-authorization-server").json()
    )
    assert server.issuer == BASE


def test_the_offer_token_and_nonce_fit_the_models(client, exchange):
    query = parse_qs(urlsplit(links.offer_link(exchange)).query)
    offer_uri = query["credential_offer_uri"][0]
    assert offer_uri.startswith(BASE)
    offer = CredentialOffer.model_validate(client.get(offer_uri.removeprefix(BASE)).json())
    assert offer.credential_issuer == BASE
    assert offer.grants.pre_authorized_code.pre_authorized_code == exchange.pre_authorized_code
    assert offer.grants.pre_authorized_code.tx_code.length == len(exchange.tx_code)

    form = {
        "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
        "pre-authorized_code": exchange.pre_authorized_code,
        "tx_code": exchange.tx_code,
    }
    answer = client.post(
        "/wallets/oid4vci/token",
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200, answer.content
    token = TokenResponse.model_validate(answer.json())
    assert token.token_type.lower() == "bearer"
    nonce = NonceResponse.model_validate(client.post("/wallets/oid4vci/nonce").json())
    assert nonce.c_nonce
