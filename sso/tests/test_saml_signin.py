"""Signing in through a real SAML IdP (pysaml2's IdP side, with its own test key): a signed
assertion signs in and maps attributes and roles; unsigned, expired, replayed, wrong-audience
and other-SP responses are refused with a clear 400 page."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client

from badges.tests.factories import make_issuer
from sso.models import Attribute, Grant, Institution, MappingRule
from sso.services import institution_save
from sso.tests.saml_idp import IDP_SSO_URL, SamlIdP, authn_request_id

pytestmark = pytest.mark.django_db

HOST = "laurel.example"
SLUG = "uni-saml"
ACS = f"http://{HOST}/accounts/saml/{SLUG}/acs/"
SP_ENTITY = f"http://{HOST}/accounts/saml/{SLUG}/metadata/"
ADA = {
    "mail": ["Ada@University.example"],
    "displayName": ["Ada Lovelace"],
    "eduPersonPrincipalName": ["ada@university.example"],
    "eduPersonScopedAffiliation": ["staff@university.example", "member@university.example"],
}


@pytest.fixture
def laurel(settings):
    settings.LAUREL_BASE_URL = f"http://{HOST}"
    settings.ALLOWED_HOSTS = [HOST]
    return Client(HTTP_HOST=HOST)


def setup_idp(laurel, **idp_options) -> tuple[SamlIdP, Institution]:
    """An institution made from the IdP's metadata; then the IdP learns Laurel's SP metadata."""
    bare = SamlIdP(**idp_options)
    institution = institution_save(
        institution=Institution(
            slug=SLUG, name="University of Example", protocol="saml", metadata_xml=bare.metadata()
        )
    )
    sp_metadata = laurel.get(f"/accounts/saml/{SLUG}/metadata/")
    assert sp_metadata.status_code == 200
    idp = SamlIdP(sp_metadata.content.decode(), **idp_options)
    institution.metadata_xml = idp.metadata()
    return idp, institution_save(institution=institution)


def start(laurel) -> str:
    response = laurel.get(f"/accounts/login/?idp={SLUG}")
    assert response.status_code == 302
    assert response["Location"].startswith(IDP_SSO_URL)
    assert "Signature=" in response["Location"]  # Laurel signs its AuthnRequest
    return authn_request_id(response["Location"])


def post_to_acs(laurel, saml_response: str):
    response = laurel.post(ACS, {"SAMLResponse": saml_response}, follow=True)
    return response, response.content.decode()


def test_the_sp_metadata_names_the_acs_and_a_signing_certificate(laurel):
    setup_idp(laurel)

    xml = laurel.get(f"/accounts/saml/{SLUG}/metadata/").content.decode()

    assert f'entityID="{SP_ENTITY}"' in xml
    assert ACS in xml and "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" in xml
    assert "<ds:X509Certificate>" in xml
    assert 'WantAssertionsSigned="true"' in xml


def test_a_signed_assertion_signs_in_and_maps_attributes_and_roles(laurel):
    idp, institution = setup_idp(laurel)
    issuer = make_issuer()
    MappingRule.objects.create(
        institution=institution,
        attribute=Attribute.AFFILIATION,
        value="staff@university.example",
        grant=Grant.ISSUER_ROLE,
        issuer=issuer,
        role="staff",
    )
    request_id = start(laurel)

    response, page = post_to_acs(
        laurel, idp.response(request_id=request_id, acs_url=ACS, audience=SP_ENTITY, identity=ADA)
    )

    assert response.status_code == 200, page
    assert response.redirect_chain[-1][0] == "/dashboard/"
    user = get_user_model().objects.get(email="ada@university.example")
    assert user.display_name == "Ada Lovelace"
    assert EmailAddress.objects.get(user=user).verified
    assert user.socialaccount_set.get().uid == "ada@university.example"
    assert issuer.staff.get(user=user).role == "staff"


def refused(laurel, saml_response: str) -> str:
    response, page = post_to_acs(laurel, saml_response)
    assert response.status_code == 400, page
    assert "Sign-in failed" in page
    assert not get_user_model().objects.filter(email="ada@university.example").exists()
    return page


def test_an_unsigned_assertion_is_refused(laurel):
    idp, _ = setup_idp(laurel)
    saml = idp.response(
        request_id=start(laurel),
        acs_url=ACS,
        audience=SP_ENTITY,
        identity=ADA,
        sign_assertion=False,
    )

    assert "signed" in refused(laurel, saml)


def test_an_assertion_for_another_audience_is_refused(laurel):
    idp, _ = setup_idp(laurel)
    saml = idp.response(
        request_id=start(laurel),
        acs_url=ACS,
        audience="https://another-sp.example/metadata",
        identity=ADA,
    )

    assert "audience" in refused(laurel, saml).lower()


def test_an_assertion_for_another_sp_is_refused(laurel):
    idp, _ = setup_idp(laurel)
    saml = idp.response(
        request_id=start(laurel),
        acs_url="https://another-sp.example/acs",
        audience="https://another-sp.example/metadata",
        identity=ADA,
    )

    refused(laurel, saml)


def test_an_expired_assertion_is_refused(laurel):
    idp, _ = setup_idp(laurel, lifetime_minutes=-10)
    saml = idp.response(request_id=start(laurel), acs_url=ACS, audience=SP_ENTITY, identity=ADA)

    assert "expired" in refused(laurel, saml).lower() or "NotOnOrAfter" in refused(laurel, saml)


def test_a_replayed_assertion_is_refused(laurel):
    idp, _ = setup_idp(laurel)
    saml = idp.response(request_id=start(laurel), acs_url=ACS, audience=SP_ENTITY, identity=ADA)
    first, _ = post_to_acs(laurel, saml)
    assert first.status_code == 200
    other = Client(HTTP_HOST=HOST)

    response, page = post_to_acs(other, saml)

    assert response.status_code == 400
    assert "used already" in page


def test_a_garbage_response_is_a_400_not_a_500(laurel):
    setup_idp(laurel)
    start(laurel)

    response, page = post_to_acs(laurel, "bm90IGEgU0FNTCByZXNwb25zZQ==")

    assert response.status_code == 400
    assert "not a SAML response" in page


@pytest.mark.parametrize(
    "xml,message",
    [
        ("not xml at all", "not readable SAML metadata"),
        (
            '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            'entityID="https://sp.example"><md:SPSSODescriptor '
            'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>'
            "</md:EntityDescriptor>",
            "no identity provider",
        ),
    ],
)
def test_bad_metadata_is_a_clear_error(xml, message):
    with pytest.raises(ValidationError) as error:
        institution_save(
            institution=Institution(slug="bad", name="Bad", protocol="saml", metadata_xml=xml)
        )

    assert message in str(error.value)
