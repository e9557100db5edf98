"""The /v2/ backpack import takes a certificate PDF as a data URI, as the import page does: its
own earner gets the badge back, anyone else is refused."""

import base64

import pytest

from backpack.models import Acceptance
from backpack.services import backpack_acceptance_set
from badges.api.tests.conftest import client_for, world  # noqa: F401  (the fixture)
from certificates.render import certificate_pdf

pytestmark = pytest.mark.django_db


def as_data_uri(pdf: bytes) -> str:
    return "data:application/pdf;base64," + base64.b64encode(pdf).decode()


def test_a_certificate_imports_through_the_api_only_to_its_earner(world):  # noqa: F811
    image = as_data_uri(certificate_pdf(world.assertion))
    refused = client_for(world.other_owner).post(
        "/v2/backpack/import", {"image": image}, format="json"
    )
    assert refused.status_code == 400
    assert "awarded to someone else" in refused.json()["status"]["description"]
    backpack_acceptance_set(
        user=world.earner, assertion=world.assertion, acceptance=Acceptance.REJECTED
    )
    taken = client_for(world.earner).post("/v2/backpack/import", {"image": image}, format="json")
    assert taken.status_code in (200, 201), taken.content[:500]
    assert taken.json()["result"][0]["acceptance"] == "Accepted"


def test_a_pdf_without_a_badge_is_refused_with_a_reason(world):  # noqa: F811
    empty = as_data_uri(b"%PDF-1.4\n%%EOF\n")
    response = client_for(world.earner).post("/v2/backpack/import", {"image": empty}, format="json")
    assert response.status_code == 400
    assert "PDF" in response.json()["status"]["description"], response.json()
