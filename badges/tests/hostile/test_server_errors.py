"""Bad input gets a clear 4xx (the API's envelope or a form error), never a server error.

Each case here was a 500 once: deeply nested JSON, a lone surrogate, numbers past what the
model or the date arithmetic holds, a CSV field past the csv module's limit, a body over the
upload limit, and names holding line breaks or invisible formatting characters.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory
from badges.api.tests.conftest import client_for, png_data_uri
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer, png_bytes

pytestmark = pytest.mark.django_db

NESTED = ("[" * 100_000 + "]" * 100_000).encode()
NESTED_OBJECT = ('{"a":' * 50_000 + "1" + "}" * 50_000).encode()


@pytest.fixture
def owner():
    return UserFactory(email="owner@example.org")


@pytest.fixture
def issuer(owner):
    return make_issuer(owner)


@pytest.fixture
def badge(issuer):
    return make_badge(issuer)


def envelope(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert body["status"]["success"] is False
    assert body["status"]["description"]
    return body


# Deeply nested JSON ---------------------------------------------------------------------


@pytest.mark.parametrize("body", [NESTED, NESTED_OBJECT], ids=["arrays", "objects"])
def test_deeply_nested_json_without_a_token_is_a_400_in_the_envelope(body):
    response = client_for().post("/v2/issuers", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in envelope(response)["status"]["description"]


def test_deeply_nested_json_with_a_token_is_a_400_in_the_envelope(owner, badge):
    api = client_for(owner)
    for path in ("/v2/issuers", f"/v2/badgeclasses/{badge.entity_id}/assertions"):
        response = api.post(path, NESTED, content_type="application/json")
        assert response.status_code == 400, path
        assert "nested" in envelope(response)["status"]["description"]


# Lone surrogates ------------------------------------------------------------------------


def test_a_lone_surrogate_in_a_choice_field_is_a_400_in_the_envelope(owner, badge):
    body = b'{"recipient": {"identity": "learner@example.org", "type": "\\ud800"}}'
    response = client_for(owner).post(
        f"/v2/badgeclasses/{badge.entity_id}/assertions", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "surrogate" in envelope(response)["status"]["description"]


def test_a_lone_surrogate_in_a_name_is_a_400_in_the_envelope(owner):
    body = b'{"name": "Bad \\udfff", "email": "owner@example.org", "url": "https://x.example"}'
    response = client_for(owner).post("/v2/issuers", body, content_type="application/json")
    assert response.status_code == 400
    envelope(response)


# Numbers past what the model and date arithmetic hold ------------------------------------


def badge_form_data(**overrides) -> dict:
    return {
        "name": "Bounded",
        "description": "Has bounded numbers.",
        "criteria_narrative": "Do it.",
        "language": "en",
        "approvals_required": "1",
        "alignment-TOTAL_FORMS": "0",
        "alignment-INITIAL_FORMS": "0",
        "image": SimpleUploadedFile("badge.png", png_bytes(), "image/png"),
        **overrides,
    }


def test_the_badge_form_with_sensible_values_saves_the_badge(client, owner, issuer):
    client.force_login(owner)
    response = client.post(
        reverse("workspace:badge-new", args=[issuer.entity_id]),
        badge_form_data(expires_amount="1000", expires_unit="years", name="Café ✓ 優秀"),
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "field, unit_field, unit, value",
    [
        ("expires_amount", "expires_unit", "years", str(2**64)),
        ("expires_amount", "expires_unit", "years", "99999"),
        ("expires_amount", "expires_unit", "days", str(2**40)),
        ("time_to_earn_value", "time_to_earn_unit", "hours", str(2**64)),
        ("time_to_earn_value", "time_to_earn_unit", "hours", str(2**31)),
    ],
)
def test_the_badge_form_refuses_numbers_too_large_with_a_field_error(
    client, owner, issuer, field, unit_field, unit, value
):
    client.force_login(owner)
    response = client.post(
        reverse("workspace:badge-new", args=[issuer.entity_id]),
        badge_form_data(**{field: value, unit_field: unit}),
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]


def test_the_services_refuse_an_expiry_too_far_away_for_dates(issuer):
    with pytest.raises(ValidationError) as caught:
        make_badge(issuer, name="Forever", expires_amount=99_999, expires_unit="years")
    assert "expires_amount" in caught.value.message_dict


def test_the_api_refuses_numbers_too_large_in_the_envelope(owner, issuer):
    response = client_for(owner).post(
        f"/v2/issuers/{issuer.entity_id}/badgeclasses",
        {
            "name": "Huge",
            "description": "Too long.",
            "criteriaNarrative": "Do it.",
            "image": png_data_uri(),
            "expires": {"amount": 2**64, "duration": "years"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "expires" in envelope(response)["fieldErrors"]


def test_a_badge_stored_with_an_expiry_past_the_calendar_is_refused_when_awarded(owner, badge):
    type(badge).objects.filter(pk=badge.pk).update(expires_amount=99_999, expires_unit="years")
    badge.refresh_from_db()
    with pytest.raises(ValidationError):
        assertion_award(
            badge_class=badge, user=owner, recipient_identity="a@example.org", notify=False
        )


# CSV ------------------------------------------------------------------------------------


def test_a_csv_award_with_a_huge_field_is_a_400_that_says_so(client, owner, badge):
    client.force_login(owner)
    csv_text = "email,narrative\nlearner@example.org," + "x" * 200_000 + "\n"
    response = client.post(
        reverse("workspace:award", args=[badge.issuer.entity_id, badge.entity_id]),
        {"mode": "confirm", "kind": "csv", "source": csv_text, "notify": "0"},
    )
    assert response.status_code == 400
    assert b"too long" in response.content


# A body over the upload limit -----------------------------------------------------------


def test_a_json_body_over_the_upload_limit_is_a_413_in_the_envelope_naming_the_limit(
    owner, issuer, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000, "email": owner.email, "url": "https://x.example"})
    for api in (client_for(), client_for(owner)):
        response = api.post("/v2/issuers", body, content_type="application/json")
        assert response.status_code == 413
        assert "1000 bytes" in envelope(response)["status"]["description"]


# One-line fields ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["First\nAid", "First\rAid", "First\u2028Aid", "Fir\u202est Aid", "First\u200bAid", "\ufeffA"],
    ids=["newline", "return", "line-separator", "rtl-override", "zero-width-space", "bom"],
)
def test_a_badge_name_with_a_line_break_or_invisible_character_is_a_field_error(
    client, owner, issuer, name
):
    client.force_login(owner)
    response = client.post(
        reverse("workspace:badge-new", args=[issuer.entity_id]), badge_form_data(name=name)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name"]


@pytest.mark.parametrize(
    "name", ["Evil\u202eCorp", "Open\u200dUniversity", "Two\nLines", "Tab\tbed"]
)
def test_an_issuer_name_with_invisible_formatting_is_refused_by_the_api(owner, name):
    response = client_for(owner).post(
        "/v2/issuers",
        {"name": name, "email": owner.email, "url": "https://x.example"},
        format="json",
    )
    assert response.status_code == 400
    assert "name" in envelope(response)["fieldErrors"]


def test_the_services_refuse_a_line_break_in_a_badge_name(issuer):
    with pytest.raises(ValidationError) as caught:
        make_badge(issuer, name="Line\nbreak")
    assert "name" in caught.value.message_dict


def test_names_in_other_scripts_and_emoji_are_still_accepted(issuer):
    for name in ("Премия", "شارة التميز", "優秀バッジ", "Family 👨‍👩‍👧 badge", "Café ✓"):
        assert make_badge(issuer, name=name).name == name
