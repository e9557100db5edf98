"""Reads for accounts. allauth's EmailAddress is the one record of which emails a user verified."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse

from web.hooks import Hook

from .models import PersonalAccessToken, User


@dataclass(frozen=True)
class PublicProfile:
    """How a public page names a learner who chose to be named."""

    name: str
    photo_url: str  # empty when there is no photo


def user_verified_emails(*, user: User) -> QuerySet[EmailAddress]:
    return EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "email")


def user_has_verified_email(*, user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True, email__iexact=email).exists()


def personal_token_list(*, user: User) -> QuerySet[PersonalAccessToken]:
    return PersonalAccessToken.objects.filter(user=user).select_related("access_token")


def public_profile(*, user: User | None) -> PublicProfile | None:
    """The learner's name and photo for their public pages, or None when they chose not to be
    named there (or gave no name)."""
    if user is None or not user.show_name_publicly or not user.display_name:
        return None
    photo_url = reverse("account-photo", args=[user.entity_id]) if user.photo else ""
    return PublicProfile(name=user.display_name, photo_url=photo_url)


def verified_email_holder(*, email: str) -> User | None:
    """The user who verified this email (allauth lets one account verify an email)."""
    address = (
        EmailAddress.objects.filter(verified=True, email__iexact=email)
        .select_related("user")
        .first()
    )
    return address.user if address else None


def user_with_public_photo(*, entity_id: str) -> User | None:
    return (
        User.objects.filter(entity_id=entity_id, is_active=True, show_name_publicly=True)
        .exclude(photo="")
        .first()
    )


# Issuers the user created and is the only owner of: their account cannot go before someone
# else owns them or they are deleted. Issuers live above accounts: badges provides the reader.
issuers_held_by = Hook(default=lambda *, user: [])
# Whether the user gets badge emails (awards, expiry reminders) at their verified addresses;
# badges keeps the opt-outs, by address, and provides it.
badge_emails_wanted = Hook(default=lambda *, user: True)


def language_for_email(email: str) -> str:
    """The language to write to `email` in: its account holder's choice, else the site's."""
    language = (
        User.objects.filter(
            Q(email__iexact=email)
            | Q(emailaddress__email__iexact=email, emailaddress__verified=True)
        )
        .exclude(language="")
        .values_list("language", flat=True)
        .first()
    )
    if language and language in dict(settings.LANGUAGES):
        return language
    return settings.LANGUAGE_CODE
