"""Claim codes in the workspace: made, listed, downloaded, printed, shown as QR codes and
disabled by the issuer's staff, and nothing of them seen by another issuer's staff."""

import csv
import io

import pytest
from django.urls import reverse

from badges.models import ClaimCode
from badges.services.claim_codes import claim_code_create, claim_code_disable

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"workspace:{name}", args=args)


def codes_url(s):
    return url("claim-codes", s.issuer.entity_id, s.badge.entity_id)


@pytest.fixture
def as_staff(client, staffed):
    client.force_login(staffed.staff)
    return client


def test_staff_make_single_use_codes_and_see_them_listed(as_staff, staffed):
    response = as_staff.post(
        codes_url(staffed), {"mode": "single", "single-count": "3", "single-note": "Lab day"}
    )
    assert response.status_code == 302
    codes = ClaimCode.objects.filter(badge_class=staffed.badge)
    assert codes.count() == 3 and {c.note for c in codes} == {"Lab day"}
    page = as_staff.get(codes_url(staffed)).content.decode()
    assert all(c.formatted in page for c in codes)
    assert "Made 3 claim codes." in page
    assert "Can be claimed" in page


def test_codes_bound_to_listed_emails(as_staff, staffed):
    as_staff.post(
        codes_url(staffed),
        {"mode": "single", "single-emails": "ada@example.org\nbo@example.org\n\n"},
    )
    assert sorted(ClaimCode.objects.values_list("email", flat=True)) == [
        "ada@example.org",
        "bo@example.org",
    ]


def test_a_multi_use_code_needs_a_limit_or_an_expiry(as_staff, staffed):
    refused = as_staff.post(codes_url(staffed), {"mode": "multi"})
    assert refused.status_code == 400
    assert "Give a multi-use code a use limit, an expiry, or both." in refused.content.decode()
    made = as_staff.post(codes_url(staffed), {"mode": "multi", "multi-max_uses": "25"})
    assert made.status_code == 302
    code = ClaimCode.objects.get()
    assert code.multi_use and code.max_uses == 25


def test_an_unknown_mode_is_bad_input(as_staff, staffed):
    assert as_staff.post(codes_url(staffed), {"mode": "explode"}).status_code == 400


def test_the_csv_has_every_code_with_its_claim_link(as_staff, staffed):
    codes = claim_code_create(badge_class=staffed.badge, user=staffed.owner, count=2)
    ClaimCode.objects.filter(pk=codes[0].pk).update(note="=HYPERLINK(1)")
    response = as_staff.get(
        url("claim-codes-csv", staffed.issuer.entity_id, staffed.badge.entity_id)
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["code"] for row in rows} == {c.formatted for c in codes}
    assert all(row["claim_url"].endswith("/claim/" + row["code"].replace("-", "")) for row in rows)
    assert {row["note"] for row in rows} == {"'=HYPERLINK(1)", ""}


def test_the_qr_code_is_a_png_or_an_svg_of_the_claim_link(as_staff, staffed):
    code = claim_code_create(badge_class=staffed.badge, user=staffed.owner)[0]
    qr = url("claim-code-qr", staffed.issuer.entity_id, staffed.badge.entity_id, code.entity_id)
    png = as_staff.get(qr)
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = as_staff.get(qr + "?format=svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert as_staff.get(qr + "?format=gif").status_code == 400


def test_the_print_sheet_shows_only_codes_that_can_be_claimed_with_qr_codes(as_staff, staffed):
    live, gone = claim_code_create(badge_class=staffed.badge, user=staffed.owner, count=2)
    claim_code_disable(claim_code=gone, user=staffed.owner)
    page = as_staff.get(
        url("claim-codes-print", staffed.issuer.entity_id, staffed.badge.entity_id)
    ).content.decode()
    assert live.formatted in page and gone.formatted not in page
    assert page.count("<svg") >= 1


def test_staff_disable_ticked_codes(as_staff, staffed):
    first, second = claim_code_create(badge_class=staffed.badge, user=staffed.owner, count=2)
    response = as_staff.post(codes_url(staffed), {"mode": "disable", "code": [first.entity_id]})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.disabled_at is not None and second.disabled_at is None
    page = as_staff.get(codes_url(staffed) + "?show=closed").content.decode()
    assert first.formatted in page and second.formatted not in page


def test_another_issuers_staff_see_nothing_of_the_codes(client, staffed):
    code = claim_code_create(badge_class=staffed.badge, user=staffed.owner)[0]
    client.force_login(staffed.outsider)
    i, b = staffed.issuer.entity_id, staffed.badge.entity_id
    for page in (
        url("claim-codes", i, b),
        url("claim-codes-csv", i, b),
        url("claim-codes-print", i, b),
        url("claim-code-qr", i, b, code.entity_id),
    ):
        assert client.get(page).status_code == 404
    assert (
        client.post(
            url("claim-codes", i, b), {"mode": "disable", "code": [code.entity_id]}
        ).status_code
        == 404
    )
    code.refresh_from_db()
    assert code.disabled_at is None


def test_a_code_of_another_badge_is_not_found_under_this_one(as_staff, staffed):
    from badges.tests.factories import make_badge

    other = make_badge(staffed.issuer, name="Rowing")
    code = claim_code_create(badge_class=other, user=staffed.owner)[0]
    qr = url("claim-code-qr", staffed.issuer.entity_id, staffed.badge.entity_id, code.entity_id)
    assert as_staff.get(qr).status_code == 404
