"""Signing in through a real OpenID Provider (panva's oidc-provider on loopback): discovery,
PKCE, the nonce and the issuer are checked, claims land on the account and rules give roles."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from badges.tests.factories import make_issuer
from sso.models import Attribute, Grant, MappingRule
from sso.tests.oidc_op import SLUG, institution

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_at_op(session: requests.Session, response: requests.Response, login: str):
    """Answer the OP's sign-in form (the page response shows) as `login`."""
    assert "Test OP" in response.text, response.text[:500]
    return session.post(response.url, data={"login": login}, timeout=20)


def test_a_person_signs_in_with_pkce_and_gets_claims_and_roles(live_server, op):
    inst = institution(op)
    issuer = make_issuer()
    MappingRule.objects.create(
        institution=inst,
        attribute=Attribute.AFFILIATION,
        value="staff@university.example",
        grant=Grant.ISSUER_ROLE,
        issuer=issuer,
        role="editor",
    )
    MappingRule.objects.create(
        institution=inst, attribute=Attribute.GROUP, value="badge-editors", grant=Grant.SITE_EDITOR
    )
    session = requests.Session()
    start = session.get(f"{live_server.url}/accounts/login/?idp={SLUG}", allow_redirects=False)
    authorize = urlsplit(start.headers["Location"])
    params = parse_qs(authorize.query)
    assert authorize.netloc == urlsplit(op).netloc
    assert params["code_challenge_method"] == ["S256"] and params["code_challenge"]
    assert params["nonce"]

    done = sign_in_at_op(session, session.get(start.headers["Location"], timeout=20), "ada")

    assert done.status_code == 200 and urlsplit(done.url).path == "/dashboard/", done.url
    user = get_user_model().objects.get(email="ada@university.example")
    assert user.display_name == "Ada Lovelace"
    assert EmailAddress.objects.get(user=user, email="ada@university.example").verified
    assert issuer.staff.get(user=user).role == "editor"
    assert user.groups.filter(name="Editors").exists()


def test_an_id_token_with_another_nonce_is_refused(live_server, op):
    institution(op)
    session = requests.Session()
    start = session.get(f"{live_server.url}/accounts/login/?idp={SLUG}", allow_redirects=False)
    parts = urlsplit(start.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query["nonce"] = "a-nonce-laurel-never-sent"
    forged = urlunsplit(parts._replace(query=urlencode(query)))

    done = sign_in_at_op(session, session.get(forged, timeout=20), "ada")

    assert done.status_code == 400
    assert "wrong nonce" in done.text
    assert not get_user_model().objects.filter(email="ada@university.example").exists()


def test_a_discovery_document_of_another_issuer_is_refused(live_server, op):
    # The OP's issuer is http://127.0.0.1:<port>; configured by another name of the same
    # server, its documents and tokens are another issuer's.
    institution(op.replace("127.0.0.1", "localhost"))

    response = requests.get(f"{live_server.url}/accounts/login/?idp={SLUG}", timeout=20)

    assert response.status_code == 400
    assert "names the issuer" in response.text


def test_an_unknown_institution_is_a_404_page(client):
    response = client.get("/accounts/login/?idp=nowhere")

    assert response.status_code == 404
    assert "No institution here" in response.content.decode()


def test_an_existing_account_is_never_linked_silently(live_server, op):
    from accounts.services import user_create

    institution(op)
    owner = user_create(
        email="ada@university.example", password="a-long-passphrase-7", verified=True
    )
    session = requests.Session()
    start = session.get(f"{live_server.url}/accounts/login/?idp={SLUG}", allow_redirects=False)

    done = sign_in_at_op(session, session.get(start.headers["Location"], timeout=20), "ada")

    # Not signed in as the owner, nor a second account: allauth (which keeps quiet about which
    # emails have accounts) emails the address instead; the owner connects it once signed in.
    assert urlsplit(done.url).path == "/accounts/confirm-email/"
    assert not owner.socialaccount_set.exists()
    assert get_user_model().objects.filter(email__iexact="ada@university.example").count() == 1
    assert session.get(f"{live_server.url}/dashboard/", allow_redirects=False).status_code == 302
