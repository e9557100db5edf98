"""openbadgeslib (the independent 3.0 verifier of badges/tests/test_openbadgeslib.py) accepts
the credential a certificate PDF carries, fetched from a live Laurel like the others."""

import io

import pytest
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from badges.openbadges.pdf import CREDENTIAL_NAME
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer
from badges.tests.test_openbadgeslib import base_url, openbadgeslib, rejected  # noqa: F401
from certificates.render import certificate_pdf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
EMAIL = "ada@example.org"


def test_the_credential_attached_to_a_certificate_passes_openbadgeslib(base_url):  # noqa: F811
    UserFactory(email=EMAIL, display_name="Ada Lovelace", show_name_publicly=True)
    badge = make_badge(make_issuer(), name="Knots")
    award = assertion_award(badge_class=badge, user=None, notify=False, recipient_identity=EMAIL)
    attached = PdfReader(io.BytesIO(certificate_pdf(award))).attachments[CREDENTIAL_NAME][0]
    case = {"name": "certificate", "kind": "credential", "text": attached.decode()}
    results = openbadgeslib(base_url, [{**case, "recipient": None}])
    assert rejected(results) == {}
    assert results["certificate"]["valid"] and results["certificate"]["trusted"]
