"""Writes for accounts: creating users together with their allauth EmailAddress record."""

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    verified: bool = False,
    is_staff: bool = False,
    is_superuser: bool = False,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a user with their email as primary, verified only when the caller knows it is."""
    user = User.objects.create_user(
        email=email,
        password=password,
        is_staff=is_staff,
        is_superuser=is_superuser,
        first_name=first_name,
        last_name=last_name,
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


@transaction.atomic
def user_email_verify(*, user: User, email: str) -> EmailAddress:
    """Mark one of the user's emails verified (operators and trusted imports only)."""
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=email, defaults={"email": email.lower()}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return address
