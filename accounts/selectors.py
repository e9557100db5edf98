"""Reads for accounts. allauth's EmailAddress is the one record of which emails a user verified."""

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, QuerySet

from .models import PersonalAccessToken, User


def user_verified_emails(*, user: User) -> QuerySet[EmailAddress]:
    return EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "email")


def user_has_verified_email(*, user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True, email__iexact=email).exists()


def personal_token_list(*, user: User) -> QuerySet[PersonalAccessToken]:
    return PersonalAccessToken.objects.filter(user=user).select_related("access_token")


def issuers_held_by(*, user: User):
    """Issuers the user created and is the only owner of: their account cannot go before
    someone else owns them or they are deleted."""
    from badges.models import Issuer, IssuerStaff, Role

    other_owners = IssuerStaff.objects.filter(issuer=OuterRef("pk"), role=Role.OWNER).exclude(
        user=user
    )
    return (
        Issuer.objects.filter(created_by=user, staff__user=user, staff__role=Role.OWNER)
        .exclude(Exists(other_owners))
        .order_by("name")
    )
