"""Outbox handlers of the issuing domain that publish documents: the Open Badges 3.0 status
list, and the pre-rendered public files the front server serves (badges/publish.py)."""

from outbox.delivery import handles, handles_batch

from . import publish
from .models import Assertion, BadgeClass, Issuer
from .services.keys import status_list_publish


@handles("statuslist.changed")
def publish_status_list(*, issuer_id: int) -> None:
    status_list_publish(issuer_id=issuer_id)
    if publish.root() is not None:
        for entity_id in Issuer.objects.filter(pk=issuer_id).values_list("entity_id", flat=True):
            publish.publish_issuer_lists(entity_id)


def _publish_awards(payloads: list[dict]) -> set[str]:
    """Write the files of the awards named; the entity ids of their issuers."""
    ids = {payload["assertion_id"] for payload in payloads}
    found = dict(Assertion.objects.filter(pk__in=ids).values_list("entity_id", "issuer__entity_id"))
    deleted = {payload["entity_id"] for payload in payloads if payload.get("entity_id")}
    publish.publish_assertions(sorted(set(found) | deleted))
    return set(found.values())


@handles("assertion.awarded")
def publish_awarded(*, assertion_id: int, **_) -> None:
    """One award at a time, not a batch: a batch topic runs every handler of the topic for the
    whole batch, so one failed award email would resend the batch's other emails."""
    if publish.root() is not None:
        _publish_awards([{"assertion_id": assertion_id}])


@handles_batch("assertion.changed")
def publish_changed(payloads: list[dict]) -> None:
    """A revoked, edited or deleted award; a revocation also changes its issuer's lists."""
    if publish.root() is not None:
        for issuer_entity_id in sorted(_publish_awards(payloads)):
            publish.publish_issuer_lists(issuer_entity_id)


def _both(model, pk: int, entity_id: str) -> list[str]:
    """The object's entity id now, and the one the message named (it may be deleted)."""
    current = model.objects.filter(pk=pk).values_list("entity_id", flat=True)
    return sorted({*current, *([entity_id] if entity_id else [])})


@handles("badgeclass.changed")
def publish_badge_class(*, badge_class_id: int, entity_id: str = "", **_) -> None:
    if publish.root() is None:
        return
    for each in _both(BadgeClass, badge_class_id, entity_id):
        publish.publish("badges", each)
    # Award cards name the badge: drop them rather than re-render thousands; the app answers
    # bots until an award changes or publish_public runs.
    awards = Assertion.objects.filter(badge_class_id=badge_class_id)
    publish.remove_cards(awards.values_list("entity_id", flat=True).iterator(chunk_size=2000))


@handles("issuer.changed")
def publish_issuer(*, issuer_id: int, entity_id: str = "", **_) -> None:
    if publish.root() is None:
        return
    for each in _both(Issuer, issuer_id, entity_id):
        publish.publish("issuers", each)
        publish.publish_issuer_lists(each)
    for badge in BadgeClass.objects.filter(issuer_id=issuer_id).values_list("entity_id", flat=True):
        publish.publish("badges", badge)  # their cards name the issuer
    awards = Assertion.objects.filter(issuer_id=issuer_id)
    publish.remove_cards(awards.values_list("entity_id", flat=True).iterator(chunk_size=2000))
