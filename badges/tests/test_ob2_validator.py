"""The 1EdTech Open Badges 2.0 validator, run offline against a live Laurel, accepts its badges."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award, assertion_revoke_batch
from badges.services.endorsements import endorsement_create
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer
from badges.tests.ob2_validator import (
    errors,
    require_validator,
    validate,
    validate_many,
    validate_result,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def base_url(live_server, settings):
    require_validator()
    settings.LAUREL_BASE_URL = live_server.url
    return live_server.url


def award(badge, **row):
    return assertion_award(
        badge_class=badge, user=None, recipient_identity="ada@example.org", notify=False, **row
    )


def url_of(base_url, assertion):
    return f"{base_url}/public/assertions/{assertion.entity_id}"


def test_a_plain_hosted_award_is_valid(base_url):
    assertion = award(make_badge(make_issuer()))
    report = validate(url_of(base_url, assertion), "ada@example.org")
    assert report["valid"], errors(report)
    assert report["errorCount"] == 0


def test_an_award_with_evidence_narrative_alignments_and_expiry_is_valid(base_url):
    badge = make_badge(
        make_issuer(),
        alignments=[{"targetName": "Programming", "targetUrl": "https://esco.example/p"}],
        expires_amount=1,
        expires_unit="years",
    )
    assertion = award(
        badge,
        narrative="Built a *parser*.",
        evidence=[{"url": "https://example.org/work", "narrative": "The code."}],
    )
    report = validate(url_of(base_url, assertion), "ada@example.org")
    assert report["valid"], errors(report)


@pytest.mark.parametrize(
    ("image", "name", "suffix"), [(None, "b.png", "png"), (SVG_BADGE, "b.svg", "svg")]
)
def test_baked_png_and_svg_badges_are_valid(base_url, client, tmp_path, image, name, suffix):
    assertion = award(make_badge(make_issuer(), image=image, image_name=name))
    baked = client.get(f"/public/assertions/{assertion.entity_id}/baked").content
    path = tmp_path / f"baked.{suffix}"
    path.write_bytes(baked)
    report = validate(path, "ada@example.org")
    assert report["valid"], errors(report)


def test_a_signed_award_is_valid(base_url):
    assertion = award(make_badge(make_issuer(verification="signed")))
    from badges import artefacts

    report = validate(artefacts.signature(assertion), "ada@example.org")
    assert report["valid"], errors(report)


def test_an_expired_award_is_reported(base_url):
    issued = timezone.now() - timedelta(days=30)
    assertion = award(
        make_badge(make_issuer()), issued_on=issued, expires=issued + timedelta(days=1)
    )
    report = validate(url_of(base_url, assertion), "ada@example.org")
    assert not report["valid"]
    assert any("expire" in message.lower() for message in errors(report))


def test_the_wrong_recipient_is_reported(base_url):
    assertion = award(make_badge(make_issuer()))
    report = validate(url_of(base_url, assertion), "someone.else@example.org")
    assert not report["valid"]
    assert any("recipient" in message.lower() for message in errors(report))


def test_a_signed_award_revoked_in_the_list_is_reported(base_url):
    badge = make_badge(make_issuer(verification="signed"))
    awards = [award(badge) for _ in range(3)]
    assertion_revoke_batch(assertions=awards, user=None, reason="Withdrawn")
    from badges import artefacts

    report = validate(artefacts.signature(awards[0]), "ada@example.org")
    assert not report["valid"]
    assert any("revok" in message.lower() for message in errors(report))


def test_an_endorsed_award_badge_class_and_issuer_and_the_endorsements_are_valid(base_url):
    owner = UserFactory()
    endorser = make_issuer(owner, name="Guild of Testers")
    assertion = award(make_badge(make_issuer()))
    targets = {
        "issuers": assertion.issuer,
        "badges": assertion.badge_class,
        "assertions": assertion,
    }
    endorsements = [
        endorsement_create(
            endorser=endorser, user=owner, target=target, comment=f"We vouch for this {kind}."
        )
        for kind, target in targets.items()
    ]
    cases = [(url_of(base_url, assertion), "ada@example.org")]
    cases += [(f"{base_url}/public/{kind}/{t.entity_id}", None) for kind, t in targets.items()]
    cases += [(f"{base_url}/public/endorsements/{e.entity_id}", None) for e in endorsements]
    for (badge_input, _email), report in zip(cases, validate_many(cases), strict=True):
        assert report["valid"], (badge_input, errors(report))
        assert report["errorCount"] == 0
    # The validator followed the award's, badge class's and issuer's `endorsement` links.
    graph = validate_result(url_of(base_url, assertion), "ada@example.org")["graph"]
    endorsement_ids = {node["id"] for node in graph if node.get("type") == "Endorsement"}
    assert endorsement_ids == {cases[-n][0] for n in (1, 2, 3)}
