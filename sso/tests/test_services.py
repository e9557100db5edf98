"""Institution services without a network: rules give and take back roles at each sign-in,
SAML metadata comes by URL under the safe-fetch rules and is refreshed by the beat task."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.services import user_create
from badges.models import Role
from badges.services.issuers import issuer_staff_add
from badges.tests.factories import make_issuer
from sso.attributes import Person, person_from
from sso.models import Attribute, Grant, Institution, MappingRule
from sso.services import institution_save, rules_apply
from sso.tasks import refresh_metadata
from sso.tests.saml_idp import IDP_ENTITY_ID, SamlIdP

pytestmark = pytest.mark.django_db


@pytest.fixture
def oidc_institution():
    return institution_save(
        institution=Institution(
            slug="uni",
            name="Uni",
            protocol="oidc",
            discovery_url="https://login.uni.example",
            client_id="laurel",
        )
    )


def test_rules_give_roles_and_take_them_back_at_the_next_sign_in(oidc_institution):
    issuer = make_issuer()
    user = user_create(email="ada@uni.example", password="a-long-passphrase-7", verified=True)
    MappingRule.objects.create(
        institution=oidc_institution,
        attribute=Attribute.AFFILIATION,
        value="staff@uni.example",
        grant=Grant.ISSUER_ROLE,
        issuer=issuer,
        role=Role.EDITOR,
    )
    MappingRule.objects.create(
        institution=oidc_institution,
        attribute=Attribute.GROUP,
        value="CMS-Editors",
        grant=Grant.SITE_EDITOR,
    )
    staff = Person(email=user.email, affiliations=["staff@uni.example"], groups=["cms-editors"])

    rules_apply(user=user, institution=oidc_institution, person=staff)
    assert issuer.staff.get(user=user).role == Role.EDITOR
    assert user.groups.filter(name="Editors").exists()

    rules_apply(user=user, institution=oidc_institution, person=Person(email=user.email))
    assert not issuer.staff.filter(user=user).exists()
    assert not user.groups.filter(name="Editors").exists()


def test_rules_never_take_back_a_role_given_otherwise(oidc_institution):
    issuer = make_issuer()
    user = user_create(email="bo@uni.example", password="a-long-passphrase-7", verified=True)
    issuer_staff_add(issuer=issuer, user=None, member=user, role=Role.OWNER)
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])
    MappingRule.objects.create(
        institution=oidc_institution,
        attribute=Attribute.EMAIL_DOMAIN,
        value="uni.example",
        grant=Grant.ISSUER_ROLE,
        issuer=issuer,
        role=Role.STAFF,
    )
    rules_apply(user=user, institution=oidc_institution, person=Person(email=user.email))
    rules_apply(user=user, institution=oidc_institution, person=Person(email="bo@else.example"))

    assert issuer.staff.get(user=user).role == Role.OWNER
    assert user.groups.filter(name="Editors").exists()


def test_saml_attributes_and_oidc_claims_read_alike():
    saml = person_from(
        "saml",
        {
            "urn:oid:0.9.2342.19200300.100.1.3": ["Ada@Uni.example"],
            "urn:oid:2.5.4.42": ["Ada"],
            "urn:oid:2.5.4.4": ["Lovelace"],
            "urn:oasis:names:tc:SAML:attribute:pairwise-id": ["x1@uni.example"],
            "eduPersonPrincipalName": ["ada@uni.example"],
            "urn:oid:1.3.6.1.4.1.5923.1.1.1.9": ["Staff@uni.example"],
        },
    )
    oidc = person_from(
        "oidc",
        {
            "id_token": {"sub": "x1@uni.example", "nonce": "n"},
            "userinfo": {
                "sub": "x1@uni.example",
                "email": "ada@uni.example",
                "given_name": "Ada",
                "family_name": "Lovelace",
                "eduperson_scoped_affiliation": ["staff@uni.example"],
            },
        },
    )

    assert saml == oidc
    assert saml.name == "Ada Lovelace" and saml.uid == "x1@uni.example"


@pytest.fixture
def metadata_server(settings):
    """IdP metadata served on loopback; the safe-fetch rules allow this one host:port only."""
    documents = {"/metadata": SamlIdP().metadata().encode()}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = documents.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/samlmetadata+xml")
            self.end_headers()
            self.wfile.write(body or b"not found")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    settings.LAUREL_FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    yield f"http://127.0.0.1:{port}", documents
    server.shutdown()


def test_metadata_by_url_is_fetched_and_refreshed_by_the_task(metadata_server, settings):
    base, documents = metadata_server
    institution = institution_save(
        institution=Institution(
            slug="shib", name="Shib", protocol="saml", metadata_url=f"{base}/metadata"
        )
    )
    assert institution.app.settings["idp"]["entity_id"] == IDP_ENTITY_ID
    first_certificate = institution.app.settings["idp"]["x509cert"]

    documents["/metadata"] = SamlIdP().metadata().encode()  # the IdP rolled its key
    Institution.objects.filter(pk=institution.pk).update(
        metadata_fetched_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert refresh_metadata() == 1

    institution.refresh_from_db()
    institution.app.refresh_from_db()
    assert institution.app.settings["idp"]["x509cert"] != first_certificate
    assert refresh_metadata() == 0  # not due again yet


def test_a_metadata_url_that_fails_keeps_the_last_good_metadata(metadata_server):
    base, documents = metadata_server
    institution = institution_save(
        institution=Institution(
            slug="shib", name="Shib", protocol="saml", metadata_url=f"{base}/metadata"
        )
    )
    documents["/metadata"] = b"<oops"
    Institution.objects.filter(pk=institution.pk).update(metadata_fetched_at=None)

    assert refresh_metadata() == 0

    institution.refresh_from_db()
    assert "not readable SAML metadata" in institution.metadata_error
    assert institution.app.settings["idp"]["entity_id"] == IDP_ENTITY_ID


def test_a_metadata_url_at_a_private_address_is_refused():
    with pytest.raises(ValidationError) as error:
        institution_save(
            institution=Institution(
                slug="x", name="X", protocol="saml", metadata_url="http://127.0.0.1:9/metadata"
            )
        )

    assert "could not be fetched" in str(error.value)


def test_the_beat_schedule_checks_metadata_hourly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sso-metadata"]

    assert entry["task"] == refresh_metadata.name and entry["schedule"] == 3600
