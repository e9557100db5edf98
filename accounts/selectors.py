"""Reads for accounts. allauth's EmailAddress is the one record of which emails a user verified."""

from allauth.account.models import EmailAddress
from django.db.models import QuerySet

from .models import PersonalAccessToken, User


def user_verified_emails(*, user: User) -> QuerySet[EmailAddress]:
    return EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "email")


def user_has_verified_email(*, user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True, email__iexact=email).exists()


def personal_token_list(*, user: User) -> QuerySet[PersonalAccessToken]:
    return PersonalAccessToken.objects.filter(user=user).select_related("access_token")
