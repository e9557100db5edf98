"""Operators add institutions in the admin (/staff/): bad metadata is a form error, a good
OIDC provider is saved with its allauth app."""

import pytest
from allauth.socialaccount.models import SocialApp

from accounts.services import user_create
from sso.models import Institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = user_create(email="op@laurel.example", password="a-long-passphrase-7", verified=True)
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def form(**fields):
    return {
        "name": "University of Example",
        "slug": "uni",
        "keywords": "",
        "protocol": "saml",
        "enabled": "on",
        "trust_email": "on",
        "scopes": "openid profile email",
        "rules-TOTAL_FORMS": "0",
        "rules-INITIAL_FORMS": "0",
        **fields,
    }


def test_pasted_metadata_that_is_not_saml_is_a_form_error(operator):
    response = operator.post("/staff/sso/institution/add/", form(metadata_xml="<html></html>"))

    assert response.status_code == 200
    assert "no identity provider" in response.content.decode()
    assert not Institution.objects.exists()


def test_an_oidc_institution_is_saved_with_its_allauth_app(operator):
    response = operator.post(
        "/staff/sso/institution/add/",
        form(
            protocol="oidc",
            discovery_url="https://keycloak.uni.example/realms/uni",
            client_id="laurel",
            client_secret="s3cret",
        ),
    )

    assert response.status_code == 302
    app = SocialApp.objects.get(provider="openid_connect", provider_id="uni")
    assert app.settings["oauth_pkce_enabled"] is True
    assert app.secret == "s3cret"


def test_a_disabled_institution_has_no_sign_in(operator):
    from sso.services import institution_save

    institution = institution_save(
        institution=Institution(
            slug="uni",
            name="Uni",
            protocol="oidc",
            discovery_url="https://x.example",
            client_id="c",
        )
    )
    assert operator.get("/accounts/oidc/uni/login/").status_code == 200

    institution.enabled = False
    institution_save(institution=institution)

    assert not SocialApp.objects.exists()
    assert operator.get("/accounts/oidc/uni/login/").status_code == 404
    assert operator.get("/accounts/login/?idp=uni").status_code == 404
