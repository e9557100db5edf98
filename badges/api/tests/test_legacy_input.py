"""What Badgr's older API took is read as v2: snake_case names, spaced dates, explicit nulls."""

from datetime import UTC, datetime

import pytest
import yaml

from badges.api.serializers.assertions import (
    AssertionInput,
    AssertionUpdateInput,
    BatchIssueInput,
    RevokeItemInput,
)
from badges.api.serializers.badge_classes import BadgeClassCreateInput
from badges.api.serializers.issuers import IssuerInput
from badges.api.serializers.users import UserInput
from badges.api.tests.conftest import client_for, png_data_uri
from badges.api.tests.test_endpoints import result
from badges.api.views.assertions import NO_REASON


def valid(serializer_class, data: dict):
    serializer = serializer_class(data=data)
    assert serializer.is_valid(), serializer.errors
    return serializer


def refused(serializer_class, data: dict) -> dict:
    serializer = serializer_class(data=data)
    assert not serializer.is_valid()
    return serializer.errors


BADGE = {"issuer": "abc", "name": "Old Client", "description": "Sent the old way."}
RECIPIENT = {"identity": "ada@example.org", "type": "email"}


# Badge classes -----------------------------------------------------------------------------


def test_criteria_text_is_read_as_the_criteria_narrative():
    fields = valid(BadgeClassCreateInput, {**BADGE, "criteria_text": "Pass."}).to_service()
    assert fields["criteria_narrative"] == "Pass."


def test_criteria_narrative_in_snake_case_is_read_too():
    fields = valid(BadgeClassCreateInput, {**BADGE, "criteria_narrative": "Pass."}).to_service()
    assert fields["criteria_narrative"] == "Pass."


def test_criteria_url_is_read_as_the_criteria_url():
    fields = valid(
        BadgeClassCreateInput, {**BADGE, "criteria_url": "https://example.org/c"}
    ).to_service()
    assert fields["criteria_url"] == "https://example.org/c"


def test_an_old_and_a_new_name_may_both_be_sent_when_they_agree():
    data = {
        **BADGE,
        "criteriaUrl": "https://example.org/c",
        "criteria_url": "https://example.org/c",
    }
    assert valid(BadgeClassCreateInput, data).to_service()["criteria_url"] == (
        "https://example.org/c"
    )


def test_an_old_and_a_new_name_that_disagree_are_refused_with_both_names():
    errors = refused(
        BadgeClassCreateInput,
        {**BADGE, "criteriaUrl": "https://a.example", "criteria_url": "https://b.example"},
    )
    assert errors == {"criteria_url": ["Give criteriaUrl or criteria_url, not both."]}


def test_explicit_nulls_for_optional_badge_class_fields_count_as_not_sent():
    data = {
        **BADGE,
        "criteria_text": "Pass.",
        "criteria_url": None,
        "image": None,
        "alignments": None,
        "tags": None,
        "expires": None,
    }
    fields = valid(BadgeClassCreateInput, data).to_service()
    assert fields == {
        "name": "Old Client",
        "description": "Sent the old way.",
        "criteria_narrative": "Pass.",
        "expires_amount": None,  # expires takes null: it means no expiry
        "expires_unit": "",
    }


def test_alignments_in_snake_case_are_read_as_v2():
    data = {
        **BADGE,
        "criteriaNarrative": "Pass.",
        "alignments": [
            {"target_name": "Python", "target_url": "https://py.example", "target_code": None}
        ],
    }
    fields = valid(BadgeClassCreateInput, data).to_service()
    assert fields["alignments"] == [{"targetName": "Python", "targetUrl": "https://py.example"}]


def test_an_expiry_amount_sent_as_a_string_is_a_number():
    data = {**BADGE, "criteria_text": "Pass.", "expires": {"amount": "2", "duration": "years"}}
    fields = valid(BadgeClassCreateInput, data).to_service()
    assert (fields["expires_amount"], fields["expires_unit"]) == (2, "years")


def test_a_null_for_a_required_field_is_still_refused():
    errors = refused(BadgeClassCreateInput, {**BADGE, "name": None})
    assert errors["name"] == ["This field may not be null."]


# Issuers -----------------------------------------------------------------------------------


def test_an_issuer_with_a_null_image_and_description_is_made_without_them():
    data = {
        "name": "Old College",
        "email": "ada@example.org",
        "url": "https://old.example",
        "image": None,
        "description": None,
    }
    assert dict(valid(IssuerInput, data).validated_data) == {
        "name": "Old College",
        "email": "ada@example.org",
        "url": "https://old.example",
    }


# Assertions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sent",
    ["2026-06-01 10:00:00", "2026-06-01 10:00:00Z", "2026-06-01T10:00:00Z", "2026-06-01T10:00:00"],
)
def test_issued_on_is_read_with_a_space_or_a_t_and_with_or_without_z(sent):
    row = valid(AssertionInput, {"recipient": RECIPIENT, "issuedOn": sent}).to_row()
    assert row["issued_on"] == datetime(2026, 6, 1, 10, tzinfo=UTC)


def test_issued_on_in_snake_case_is_read_as_issued_on():
    row = valid(AssertionInput, {"recipient": RECIPIENT, "issued_on": "2026-06-01 10:00:00"})
    assert row.to_row()["issued_on"] == datetime(2026, 6, 1, 10, tzinfo=UTC)


def test_an_expiry_with_a_space_is_read_as_a_date_and_time():
    row = valid(AssertionInput, {"recipient": RECIPIENT, "expires": "2030-01-01 10:00:00"})
    assert row.to_row()["expires"] == datetime(2030, 1, 1, 10, tzinfo=UTC)


def test_explicit_nulls_of_an_award_count_as_not_sent():
    data = {
        "recipient": {"identity": "ada@example.org", "type": None},
        "narrative": None,
        "evidence": None,
        "extensions": None,
        "notify": None,
        "issuedOn": None,
        "expires": None,
    }
    award = valid(AssertionInput, data)
    assert award.validated_data["notify"] is False
    assert award.to_row() == {
        "recipient_identity": "ada@example.org",
        "recipient_type": "email",
        "hashed": None,
        "expires": None,
    }


def test_evidence_with_a_null_url_keeps_its_narrative():
    data = {"recipient": RECIPIENT, "evidence": [{"url": None, "narrative": "The log."}]}
    assert valid(AssertionInput, data).to_row()["evidence"] == [{"narrative": "The log."}]


def test_create_notification_on_one_award_is_read_as_notify():
    data = {"recipient": RECIPIENT, "create_notification": True}
    assert valid(AssertionInput, data).validated_data["notify"] is True


def test_a_batch_with_a_null_create_notification_and_old_forms_in_its_rows():
    data = {
        "create_notification": None,
        "assertions": [{"recipient": RECIPIENT, "issued_on": "2026-06-01 10:00:00"}],
    }
    batch = valid(BatchIssueInput, data)
    assert batch.validated_data["create_notification"] is False
    assert batch.to_rows()[0]["issued_on"] == datetime(2026, 6, 1, 10, tzinfo=UTC)


def test_an_update_with_a_null_narrative_leaves_it_and_a_null_expiry_clears_it():
    update = valid(AssertionUpdateInput, {"narrative": None, "expires": None}).to_service()
    assert update == {"expires": None}


def test_batch_revoke_items_in_snake_case_are_read_as_v2():
    item = valid(RevokeItemInput, {"entity_id": "abc", "revocation_reason": "Duplicate"})
    assert dict(item.validated_data) == {"entityId": "abc", "revocationReason": "Duplicate"}


# Users -------------------------------------------------------------------------------------


def test_first_and_last_name_in_snake_case_are_read_as_v2():
    user = valid(UserInput, {"first_name": "Ada", "last_name": "Lovelace"})
    assert dict(user.validated_data) == {"firstName": "Ada", "lastName": "Lovelace"}


# Over HTTP ---------------------------------------------------------------------------------


def test_an_award_sent_the_old_way_is_made_as_meant(world):
    [award] = result(
        client_for(world.staff).post(
            f"/v2/badgeclasses/{world.badge.entity_id}/assertions",
            {
                "recipient": {"identity": "old@example.org", "type": "email"},
                "narrative": None,
                "evidence": [],
                "notify": False,
                "expires": None,
                "issuedOn": "2026-06-01 10:00:00Z",
            },
            format="json",
        ),
        201,
    )
    assert award["issuedOn"] == "2026-06-01T10:00:00Z"
    assert (award["narrative"], award["expires"]) == ("", None)


def test_a_badge_class_sent_the_old_way_is_made_as_meant(world):
    [badge] = result(
        client_for(world.editor).post(
            "/v2/badgeclasses",
            {
                "issuer": world.issuer.entity_id,
                "name": "Old Way",
                "description": "Sent by an older client.",
                "image": png_data_uri(),
                "criteria_text": "Pass the test.",
                "criteria_url": None,
                "alignments": [],
                "tags": [],
                "expires": None,
            },
            format="json",
        ),
        201,
    )
    assert (badge["criteriaNarrative"], badge["criteriaUrl"], badge["expires"]) == (
        "Pass the test.",
        "",
        None,
    )


def test_a_delete_without_a_body_revokes_with_no_reason_given(world):
    # badgrclient's Assertion.revoke sends a bare DELETE; a body must still give the reason
    # (test_endpoints.py: test_revoking_needs_a_reason).
    client, path = client_for(world.staff), f"/v2/assertions/{world.assertion.entity_id}"
    [award] = result(client.delete(path))
    assert (award["revoked"], award["revocationReason"]) == (True, NO_REASON)
    [again] = result(client.delete(path))  # a second time changes nothing
    assert (again["revoked"], again["revocationReason"]) == (True, NO_REASON)


def test_the_schema_documents_only_the_v2_names(client, db):
    schemas = yaml.safe_load(client.get("/api/schema/").content)["components"]["schemas"]
    documented = {name for schema in schemas.values() for name in schema.get("properties", {})}
    assert documented.isdisjoint({"criteria_text", "criteria_url", "issued_on", "target_name"})
    assert {"criteriaNarrative", "criteriaUrl", "issuedOn", "targetName"} <= documented
