"""An issuer can require its staff to sign in through an institution: a password session is
sent to the institution first, a session that signed in through it opens the workspace."""

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.tests.factories import UserFactory
from badges.tests.factories import make_issuer
from sso.models import Institution
from sso.selectors import SESSION_KEY
from sso.services import institution_save
from sso.tests.oidc_op import SLUG, institution

pytestmark = pytest.mark.django_db


def oidc(slug: str, name: str) -> Institution:
    return institution_save(
        institution=Institution(
            slug=slug,
            name=name,
            protocol="oidc",
            discovery_url=f"https://login.{slug}.example",
            client_id="laurel",
        )
    )


@pytest.fixture
def issuer():
    return make_issuer()


def workspace(issuer) -> str:
    return reverse("workspace:dashboard", kwargs={"issuer_id": issuer.entity_id})


def test_a_password_session_is_sent_to_the_institution_with_a_way_back(client, issuer):
    uni = oidc("uni", "University of Example")
    uni.required_for_issuers.add(issuer)
    owner = issuer.staff.get().user
    client.force_login(owner)

    response = client.get(workspace(issuer))

    assert response.status_code == 302
    assert response["Location"] == (
        f"/accounts/login/?next=%2Fissue%2F{issuer.entity_id}%2F&idp=uni"
    )
    page = client.get("/accounts/login/", follow=True)
    assert "asks its staff to sign in through University of Example" in page.content.decode()


def test_a_session_signed_in_through_the_institution_opens_the_workspace(client, issuer):
    uni = oidc("uni", "University of Example")
    uni.required_for_issuers.add(issuer)
    client.force_login(issuer.staff.get().user)
    session = client.session
    session[SESSION_KEY] = "uni"
    session.save()

    assert client.get(workspace(issuer)).status_code == 200


def test_another_institution_or_a_disabled_one_does_not_count(client, issuer):
    uni = oidc("uni", "University of Example")
    other = oidc("other", "Other College")
    uni.required_for_issuers.add(issuer)
    client.force_login(issuer.staff.get().user)
    session = client.session
    session[SESSION_KEY] = other.slug
    session.save()
    assert client.get(workspace(issuer)).status_code == 302

    # Two institutions required: either will do, and the page lets the person choose.
    other.required_for_issuers.add(issuer)
    assert client.get(workspace(issuer)).status_code == 200
    session = client.session
    session[SESSION_KEY] = "password"
    session.save()
    response = client.get(workspace(issuer))
    assert response.status_code == 302 and "idp=" not in response["Location"]

    # A disabled institution requires nothing: staff are not locked out by it.
    Institution.objects.filter(pk__in=[uni.pk, other.pk]).update(enabled=False)
    assert client.get(workspace(issuer)).status_code == 200


def test_other_issuers_and_site_operators_are_not_affected(client, issuer):
    oidc("uni", "University of Example").required_for_issuers.add(issuer)
    free = make_issuer(name="Free Issuer")
    client.force_login(free.staff.get().user)
    assert client.get(workspace(free)).status_code == 200

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(workspace(issuer)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_signing_in_through_the_op_opens_the_workspace_it_was_sent_from(live_server, op):
    """End to end with a real OpenID Provider: the institution's sign-in lands on the page."""
    from sso.tests.test_oidc_signin import sign_in_at_op

    institution(op)
    first = requests.Session()
    start = first.get(f"{live_server.url}/accounts/login/?idp={SLUG}", timeout=20)
    sign_in_at_op(first, start, "ada")  # the account is made and linked
    ada = get_user_model().objects.get(email="ada@university.example")
    ada.set_password("correct horse battery staple")
    ada.save()
    issuer = make_issuer(owner=ada)
    Institution.objects.get(slug=SLUG).required_for_issuers.add(issuer)

    session = requests.Session()  # another browser, signed in with the password
    login = session.get(f"{live_server.url}/accounts/login/", timeout=20)
    session.post(
        login.url,
        data={
            "login": ada.email,
            "password": "correct horse battery staple",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": login.url},
        timeout=20,
    )
    sent = session.get(f"{live_server.url}{workspace(issuer)}", allow_redirects=False, timeout=20)
    assert sent.status_code == 302 and f"idp={SLUG}" in sent.headers["Location"], sent.headers

    done = sign_in_at_op(
        session, session.get(f"{live_server.url}{sent.headers['Location']}"), "ada"
    )

    assert done.status_code == 200 and done.url == f"{live_server.url}{workspace(issuer)}"
