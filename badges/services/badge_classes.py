"""Writes of badge classes: create, update, publish, archive, delete, with their field checks."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outbox.services import emit_many

from ..limits import COST_MAX, EXPIRES_AMOUNT_MAX, TIME_TO_EARN_MAX
from ..markdown import render_markdown
from ..models import EVIDENCE_TYPES, BadgeClass, BadgeType, DurationUnit, Issuer, Level, TimeUnit
from ..permissions import require
from ..selectors import assertion_list
from .checks import check_text, check_url_field, markdown_too_long
from .images import set_image
from .public_documents import documents_changed

BADGE_FIELDS = (
    "name", "description", "criteria_url", "criteria_narrative", "alignments", "tags",
    "expires_amount", "expires_unit", "earner_description", "consumer_description",
    "time_to_earn_value", "time_to_earn_unit", "level", "badge_type", "cost_amount",
    "cost_currency", "language", "evidence_types", "is_public", "design",
    "accepts_applications", "approvals_required",
)  # fmt: skip


ALIGNMENT_KEYS = ("targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode")


@transaction.atomic
def badge_class_create(
    *, issuer: Issuer, user, image: bytes, image_name: str = "", draft: bool = False, **fields
) -> BadgeClass:
    """A new badge class; a draft is seen only in the issuer's workspace until it is published."""
    require(user=user, issuer=issuer, right="edit_badges")
    badge = BadgeClass(issuer=issuer, created_by=user, draft=draft)
    errors = _apply_badge_fields(badge, fields)
    if not image:
        errors.setdefault("image", []).append(_("A badge class needs an image (PNG or SVG)."))
    return _save(badge, errors, image, image_name)


@transaction.atomic
def badge_class_update(
    *, badge_class: BadgeClass, user, image: bytes | None = None, image_name: str = "", **fields
) -> BadgeClass:
    require(user=user, issuer=badge_class.issuer, right="edit_badges")
    return _save(badge_class, _apply_badge_fields(badge_class, fields), image, image_name)


def _save(badge: BadgeClass, errors: dict, image: bytes | None, image_name: str) -> BadgeClass:
    """Save a badge class whose fields were applied without errors, with its new image."""
    if errors:
        raise ValidationError(errors)
    set_image(badge, image, image_name)
    badge.save()
    documents_changed(badge.issuer, badge_class=badge)
    return badge


@transaction.atomic
def badge_class_publish(*, badge_class: BadgeClass, user) -> BadgeClass:
    """Make a draft public: its documents, page, search entry and sitemap line appear."""
    require(user=user, issuer=badge_class.issuer, right="edit_badges")
    if badge_class.draft:
        badge_class.draft = False
        badge_class.save(update_fields=["draft", "updated_at"])
        documents_changed(badge_class.issuer, badge_class=badge_class)
    return badge_class


@transaction.atomic
def badge_class_archive(*, badge_class: BadgeClass, user, archived: bool = True) -> BadgeClass:
    require(user=user, issuer=badge_class.issuer, right="edit_badges")
    badge_class.archived = archived
    badge_class.save(update_fields=["archived", "updated_at"])
    documents_changed(badge_class.issuer, badge_class=badge_class)
    return badge_class


@transaction.atomic
def badge_class_delete(*, badge_class: BadgeClass, user) -> None:
    require(user=user, issuer=badge_class.issuer, right="edit_badges")
    live = assertion_list(badge_class=badge_class)
    if live.exists():
        count = live.count()
        raise ValidationError(
            ngettext(
                "%(name)s has %(count)d live award; deleting it would break it. "
                "Archive it instead: it stays verifiable but is no longer offered.",
                "%(name)s has %(count)d live awards; deleting it would break them. "
                "Archive it instead: it stays verifiable but is no longer offered.",
                count,
            )
            % {"name": badge_class.name, "count": count}
        )
    documents_changed(badge_class.issuer, badge_class=badge_class)
    gone = badge_class.assertions.values_list("pk", "entity_id")
    emit_many("assertion.changed", [{"assertion_id": pk, "entity_id": e} for pk, e in gone])
    badge_class.assertions.all().delete()
    badge_class.delete()


def _apply_badge_fields(badge: BadgeClass, fields: dict[str, Any]) -> dict[str, list[str]]:
    unknown = set(fields) - set(BADGE_FIELDS)
    if unknown:
        return {name: [_("This field cannot be set.")] for name in sorted(unknown)}
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    check_text(fields, errors)
    for name, value in fields.items():
        setattr(badge, name, value.strip() if isinstance(value, str) else value)
    for name in ("expires_amount", "time_to_earn_value", "expires_unit", "time_to_earn_unit"):
        if getattr(badge, name) in ("", None):
            setattr(badge, name, None if name.endswith(("amount", "value")) else "")
    if not badge.name:
        fail("name", _("A badge class needs a name."))
    elif len(badge.name) > 200:
        fail("name", _("Keep the name to 200 characters or fewer."))
    if not badge.description:
        fail("description", _("A badge class needs a description."))
    check_url_field(badge.criteria_url, "criteria_url", errors)
    if not badge.criteria_url and not badge.criteria_narrative:
        fail("criteria_narrative", _("Give the criteria as a URL, a narrative, or both."))
    narrative = badge.criteria_narrative if isinstance(badge.criteria_narrative, str) else ""
    if not markdown_too_long(narrative, "criteria_narrative", errors):
        badge.criteria_html = render_markdown(narrative)
    badge.alignments = _clean_alignments(badge.alignments, errors)
    badge.tags = _clean_tags(badge.tags, errors)
    _check_amount_unit(badge.expires_amount, badge.expires_unit, DurationUnit, "expires", errors)
    _check_amount_unit(
        badge.time_to_earn_value, badge.time_to_earn_unit, TimeUnit, "time_to_earn", errors
    )
    for name, choices in (("level", Level), ("badge_type", BadgeType)):
        if getattr(badge, name) and getattr(badge, name) not in choices.values:
            fail(name, _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)})
    if badge.cost_amount is not None:
        try:
            cost = float(badge.cost_amount)
            if not 0 <= cost <= COST_MAX:  # also NaN and infinity
                fail(
                    "cost_amount",
                    _("Give a cost from 0 to %(max)s.")
                    % {"max": number_format(COST_MAX, force_grouping=True)},
                )
        except (TypeError, ValueError):
            fail("cost_amount", _("Enter the cost as a number, such as 25.00."))
        if not (isinstance(badge.cost_currency, str) and len(badge.cost_currency) == 3):
            fail("cost_currency", _("Give the currency as a three-letter code, such as EUR."))
        else:
            badge.cost_currency = badge.cost_currency.upper()
    if not isinstance(badge.evidence_types, list) or any(
        kind not in EVIDENCE_TYPES for kind in badge.evidence_types
    ):
        fail(
            "evidence_types",
            _("Choose any of: %(choices)s.") % {"choices": ", ".join(EVIDENCE_TYPES)},
        )
    if not badge.language or len(badge.language) > 16:
        fail("language", _("Give the language as a tag such as en or fr-CA."))
    approvals = badge.approvals_required
    if not isinstance(approvals, int) or isinstance(approvals, bool) or not 1 <= approvals <= 10:
        fail("approvals_required", _("Give the approvals needed as a whole number from 1 to 10."))
    if not isinstance(badge.design, dict):
        fail("design", _("The design is the badge studio's choices, as an object."))
    return errors


def _check_amount_unit(amount, unit, units, prefix: str, errors: dict) -> None:
    amount_field = f"{prefix}_amount" if prefix == "expires" else f"{prefix}_value"
    most = EXPIRES_AMOUNT_MAX if prefix == "expires" else TIME_TO_EARN_MAX
    if amount is None and not unit:
        return
    if not isinstance(amount, int) or isinstance(amount, bool) or not 1 <= amount <= most:
        errors.setdefault(amount_field, []).append(
            _("Enter a whole number from 1 to %(max)s.")
            % {"max": number_format(most, force_grouping=True)}
        )
    if unit not in units.values:
        errors.setdefault(f"{prefix}_unit", []).append(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(units.values)}
        )


def _clean_alignments(value, errors: dict) -> list[dict]:
    if not isinstance(value, list):
        errors.setdefault("alignments", []).append(_("Give alignments as a list."))
        return []
    cleaned = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not str(item.get("targetName", "")).strip():
            errors.setdefault("alignments", []).append(
                _("Alignment %(number)d needs a targetName.") % {"number": number}
            )
            continue
        unknown = set(item) - set(ALIGNMENT_KEYS)
        if unknown:
            errors.setdefault("alignments", []).append(
                _("Alignment %(number)d has unknown keys: %(keys)s.")
                % {"number": number, "keys": ", ".join(sorted(unknown))}
            )
            continue
        if item.get("targetUrl"):
            check_url_field(item["targetUrl"], "alignments", errors)
        cleaned.append({k: str(v).strip() for k, v in item.items() if str(v).strip()})
    return cleaned


def _clean_tags(value, errors: dict) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        errors.setdefault("tags", []).append(_("Give tags as a list of words."))
        return []
    tags: list[str] = []
    for tag in (t.strip() for t in value):
        if tag and tag.lower() not in (t.lower() for t in tags):
            tags.append(tag[:100])
    return tags
