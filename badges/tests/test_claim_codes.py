"""Claim codes: making them, and learners claiming badges with them, one use at a time."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from accounts.tests.factories import UserFactory
from badges.models import (
    CLAIM_CODE_ALPHABET,
    Assertion,
    ClaimCode,
    ClaimCodeClaim,
)
from badges.services import claim_codes
from badges.services.awards import assertion_award
from badges.services.badge_classes import badge_class_archive
from badges.services.claim_codes import (
    ClaimThrottled,
    claim_code_create,
    claim_code_disable,
    claim_code_redeem,
    normalize_claim_code,
)

from .concurrency import race
from .factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(email="owner@harbour.example")


@pytest.fixture
def badge(owner):
    return make_badge(make_issuer(owner=owner, name="Harbour College"), name="Knots")


def make_codes(badge, owner, **fields):
    return claim_code_create(badge_class=badge, user=owner, **fields)


def redeem(user, code, **fields):
    return claim_code_redeem(user=user, code=code, **fields)


def code_error(exc_info, field="code") -> str:
    return " ".join(exc_info.value.message_dict[field])


def awards_of(badge):
    return Assertion.objects.filter(badge_class=badge)


# Making codes ------------------------------------------------------------------------------


def test_a_batch_of_single_use_codes_is_random_typable_and_distinct(badge, owner):
    codes = make_codes(badge, owner, count=50)
    assert len({c.code for c in codes}) == 50
    for c in codes:
        assert len(c.code) == 12 and set(c.code) <= set(CLAIM_CODE_ALPHABET)
        assert c.max_uses == 1 and not c.multi_use and c.uses == 0
    assert not set("01OIL") & set(CLAIM_CODE_ALPHABET)
    assert codes[0].formatted.count("-") == 2


def test_single_use_codes_bound_to_emails_make_one_code_each(badge, owner):
    codes = make_codes(badge, owner, emails=["Ada@Example.org", "bo@example.org"], count=7)
    assert sorted(c.email for c in codes) == ["ada@example.org", "bo@example.org"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"count": 0}, "count"),
        ({"count": 1001}, "count"),
        ({"emails": ["not-an-email"]}, "emails"),
        ({"emails": ["a@example.org", "A@example.org"]}, "emails"),
        ({"max_uses": 5}, "max_uses"),
        ({"multi_use": True}, "max_uses"),
        ({"multi_use": True, "max_uses": 0}, "max_uses"),
        ({"multi_use": True, "max_uses": 5, "emails": ["a@example.org"]}, "emails"),
        ({"multi_use": True, "max_uses": 5, "count": 3}, "count"),
        ({"expires_at": timezone.now() - timedelta(days=1)}, "expires_at"),
        ({"note": "x" * 201}, "note"),
        ({"note": "bell\x07"}, "note"),
    ],
)
def test_bad_code_requests_are_refused_by_field_and_make_nothing(badge, owner, fields, field):
    with pytest.raises(ValidationError) as refused:
        make_codes(badge, owner, **fields)
    assert field in refused.value.message_dict
    assert ClaimCode.objects.count() == 0


def test_codes_are_made_only_by_issuer_staff_and_only_for_published_badges(badge, owner):
    with pytest.raises(PermissionDenied):
        make_codes(badge, UserFactory())
    draft = make_badge(badge.issuer, name="Draft", draft=True)
    with pytest.raises(ValidationError, match="draft"):
        make_codes(draft, owner)


# Claiming ----------------------------------------------------------------------------------


def test_a_single_use_code_awards_the_badge_once_to_the_learners_verified_email(badge, owner):
    code = make_codes(badge, owner)[0]
    learner = UserFactory(email="ada@example.org")
    claim = redeem(learner, code.formatted.lower().replace("-", " "), address="192.0.2.1")
    assert claim.user == learner and claim.email == "ada@example.org"
    assert claim.assertion.recipient_identity == "ada@example.org"
    assert claim.assertion.badge_class == badge
    code.refresh_from_db()
    assert code.uses == 1 and code.remaining == 0 and code.status == "used up"

    with pytest.raises(ValidationError) as used_up:
        redeem(UserFactory(), code.code)
    assert "used up" in code_error(used_up)
    assert awards_of(badge).count() == 1


def test_a_multi_use_code_serves_many_learners_until_its_limit(badge, owner):
    code = make_codes(badge, owner, multi_use=True, max_uses=2)[0]
    redeem(UserFactory(), code.code)
    redeem(UserFactory(), code.code)
    with pytest.raises(ValidationError, match="used up"):
        redeem(UserFactory(), code.code)
    assert awards_of(badge).count() == 2


def test_the_same_learner_cannot_claim_a_multi_use_code_twice(badge, owner):
    code = make_codes(badge, owner, multi_use=True, max_uses=10)[0]
    learner = UserFactory()
    redeem(learner, code.code)
    with pytest.raises(ValidationError) as twice:
        redeem(learner, code.code)
    assert "already claimed" in code_error(twice)
    code.refresh_from_db()
    assert code.uses == 1 and awards_of(badge).count() == 1


def test_a_multi_use_code_without_a_limit_ends_at_its_expiry(badge, owner):
    soon = timezone.now() + timedelta(hours=1)
    code = make_codes(badge, owner, multi_use=True, expires_at=soon)[0]
    redeem(UserFactory(), code.code)
    ClaimCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as expired:
        redeem(UserFactory(), code.code)
    assert "expired" in code_error(expired)


def test_a_disabled_code_is_refused_and_its_awards_stay(badge, owner):
    code = make_codes(badge, owner, multi_use=True, max_uses=5)[0]
    redeem(UserFactory(), code.code)
    claim_code_disable(claim_code=code, user=owner)
    with pytest.raises(ValidationError) as disabled:
        redeem(UserFactory(), code.code)
    assert "disabled" in code_error(disabled)
    assert awards_of(badge).count() == 1
    with pytest.raises(PermissionDenied):
        claim_code_disable(claim_code=code, user=UserFactory())


def test_a_code_bound_to_an_email_goes_only_to_that_verified_email(badge, owner):
    code = make_codes(badge, owner, emails=["ada@work.example"])[0]
    stranger = UserFactory(email="someone@example.org")
    with pytest.raises(ValidationError) as other:
        redeem(stranger, code.code)
    assert "another email address" in code_error(other)

    ada = UserFactory(email="ada@example.org")
    EmailAddress.objects.create(user=ada, email="ada@work.example", verified=False)
    with pytest.raises(ValidationError) as unverified:
        redeem(ada, code.code)
    assert "verify that address" in code_error(unverified)

    EmailAddress.objects.filter(email="ada@work.example").update(verified=True)
    claim = redeem(ada, code.code)
    assert claim.assertion.recipient_identity == "ada@work.example"
    assert awards_of(badge).count() == 1


def test_a_learner_without_a_verified_email_is_told_to_verify_one(badge, owner):
    code = make_codes(badge, owner)[0]
    with pytest.raises(ValidationError) as refused:
        redeem(UserFactory(verified_email=False), code.code)
    assert "Verify your email address first" in code_error(refused)
    code.refresh_from_db()
    assert code.uses == 0 and not awards_of(badge).exists()


def test_a_learner_may_choose_which_of_their_verified_emails_gets_the_badge(badge, owner):
    code = make_codes(badge, owner)[0]
    ada = UserFactory(email="ada@example.org")
    EmailAddress.objects.create(user=ada, email="ada@work.example", verified=True)
    with pytest.raises(ValidationError) as not_hers:
        redeem(ada, code.code, email="boss@work.example")
    assert "not one of your verified" in code_error(not_hers, "email")
    assert redeem(ada, code.code, email="ADA@work.example").email == "ada@work.example"


def test_unknown_and_empty_codes_are_refused_clearly(badge, owner):
    learner = UserFactory()
    with pytest.raises(ValidationError, match="no such code"):
        redeem(learner, "ABCD-EFGH-JKMN")
    with pytest.raises(ValidationError, match="Enter the code"):
        redeem(learner, " - ")
    assert normalize_claim_code("abcd efgh-jkmn\x00") == "ABCDEFGHJKMN"


def test_a_failed_award_leaves_no_use_taken_and_no_claim(badge, owner, monkeypatch):
    code = make_codes(badge, owner, multi_use=True, max_uses=3)[0]
    badge_class_archive(badge_class=badge, user=owner)
    with pytest.raises(ValidationError, match="no longer awarded"):
        redeem(UserFactory(), code.code)
    # Even a refusal from the award itself, past the checks, writes nothing.
    badge_class_archive(badge_class=badge, user=owner, archived=False)
    learner = UserFactory()
    badge.refresh_from_db()
    original = assertion_award

    def failing_award(**kwargs):
        original(**kwargs)
        raise ValidationError("the award failed")

    monkeypatch.setattr(claim_codes, "assertion_award", failing_award)
    with pytest.raises(ValidationError, match="the award failed"):
        redeem(learner, code.code)
    code.refresh_from_db()
    assert code.uses == 0
    assert not ClaimCodeClaim.objects.exists() and not awards_of(badge).exists()


@override_settings(LAUREL_CLAIM_FAILURES_PER_USER=3, LAUREL_CLAIM_FAILURES_PER_IP=5)
def test_guessing_codes_is_throttled_per_user_and_per_address(badge, owner):
    good = make_codes(badge, owner, count=2)
    guesser = UserFactory()
    for _ in range(3):
        with pytest.raises(ValidationError, match="no such code"):
            redeem(guesser, "ZZZZZZZZZZZZ", address="198.51.100.7")
    with pytest.raises(ClaimThrottled, match="Too many unknown codes"):
        redeem(guesser, good[0].code, address="203.0.113.9")  # even a good code waits
    # Other learners from the same address share its larger allowance.
    for _ in range(2):
        with pytest.raises(ValidationError, match="no such code"):
            redeem(UserFactory(), "ZZZZZZZZZZZZ", address="198.51.100.7")
    with pytest.raises(ClaimThrottled):
        redeem(UserFactory(), good[0].code, address="198.51.100.7")
    # Elsewhere, a learner with a good code is not held up.
    assert redeem(UserFactory(), good[1].code, address="203.0.113.10").assertion


# Racing for the last use (PostgreSQL: real concurrent transactions) ------------------------


def _multi_use_code(name: str, *, max_uses: int):
    """A badge of its own issuer, and one code for it that max_uses learners may claim."""
    owner = UserFactory()
    badge = make_badge(make_issuer(owner=owner), name=name)
    return badge, claim_codes.claim_code_create(
        badge_class=badge, user=owner, multi_use=True, max_uses=max_uses
    )[0]


def _race(code: str, users: list) -> tuple[list, list]:
    return race(lambda user: claim_codes.claim_code_redeem(user=user, code=code).pk, users)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_learners_racing_for_the_last_use_of_a_code_leave_exactly_one_winner():
    badge, code = _multi_use_code("Race", max_uses=3)
    claim_codes.claim_code_redeem(user=UserFactory(), code=code.code)
    claim_codes.claim_code_redeem(user=UserFactory(), code=code.code)
    racers = [UserFactory() for _ in range(8)]

    won, lost = _race(code.code, racers)

    assert len(won) == 1 and len(lost) == 7
    assert all("used up" in message for message in lost)
    code.refresh_from_db()
    assert code.uses == 3
    assert ClaimCodeClaim.objects.filter(claim_code=code).count() == 3
    assert Assertion.objects.filter(badge_class=badge).count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_learner_claiming_a_code_twice_at_once_gets_it_once():
    badge, code = _multi_use_code("Twice", max_uses=9)
    learner = UserFactory()

    won, lost = _race(code.code, [learner] * 4)

    assert len(won) == 1 and len(lost) == 3
    assert all("already claimed" in message for message in lost)
    code.refresh_from_db()
    assert code.uses == 1
    assert Assertion.objects.filter(badge_class=badge).count() == 1


def test_an_operator_reads_and_disables_codes_in_the_django_admin(client, badge, owner):
    code = make_codes(badge, owner)[0]
    redeem(UserFactory(email="ada@example.org"), code.code)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(f"/staff/badges/claimcode/{code.pk}/change/").content.decode()
    assert code.formatted in page or code.code in page
    assert "ada@example.org" in page
    response = client.post(
        "/staff/badges/claimcode/", {"action": "disable", "_selected_action": [code.pk]}
    )
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.disabled_at is not None
