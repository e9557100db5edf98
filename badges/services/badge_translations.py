"""Writes of badge class translations: a name, description and criteria in another language."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..markdown import render_markdown
from ..models import BadgeClass, BadgeClassTranslation
from ..permissions import require
from ..selectors import translation_languages
from .checks import check_text, markdown_too_long
from .public_documents import documents_changed


@transaction.atomic
def badge_class_translation_save(
    *,
    badge_class: BadgeClass,
    user,
    language: str,
    name: str,
    description: str,
    criteria_narrative: str = "",
) -> BadgeClassTranslation:
    """Add or replace the badge class's text in one of the site's other languages."""
    require(user=user, issuer=badge_class.issuer, right="edit_badges")
    fields = {
        "name": (name or "").strip(),
        "description": (description or "").strip(),
        "criteria_narrative": (criteria_narrative or "").strip(),
    }
    errors: dict[str, list[str]] = {}
    if language not in dict(translation_languages(badge_class)):
        errors["language"] = [
            _("Choose one of the site's languages other than the badge's own: %(codes)s.")
            % {"codes": ", ".join(code for code, _name in translation_languages(badge_class))}
        ]
    check_text(fields, errors)
    if not fields["name"]:
        errors.setdefault("name", []).append(_("A translation needs a name."))
    elif len(fields["name"]) > 200:
        errors.setdefault("name", []).append(_("Keep the name to 200 characters or fewer."))
    if not fields["description"]:
        errors.setdefault("description", []).append(_("A translation needs a description."))
    too_long = markdown_too_long(fields["criteria_narrative"], "criteria_narrative", errors)
    if errors:
        raise ValidationError(errors)
    translation, _created = BadgeClassTranslation.objects.update_or_create(
        badge_class=badge_class,
        language=language,
        defaults={
            **fields,
            "criteria_html": "" if too_long else render_markdown(fields["criteria_narrative"]),
        },
    )
    documents_changed(badge_class.issuer, badge_class=badge_class)
    return translation


@transaction.atomic
def badge_class_translation_delete(*, badge_class: BadgeClass, user, language: str) -> bool:
    """Remove a translation; True when there was one."""
    require(user=user, issuer=badge_class.issuer, right="edit_badges")
    deleted, _counts = badge_class.translations.filter(language=language).delete()
    if deleted:
        documents_changed(badge_class.issuer, badge_class=badge_class)
    return bool(deleted)
