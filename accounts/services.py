"""Writes for accounts: users with their allauth EmailAddress record, names, personal tokens."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken, set_token_value
from oauthlib.common import generate_token

from web.hooks import Hook

from .models import PersonalAccessToken, User
from .photos import photo_prepare
from .selectors import issuers_held_by

# Turn badge emails on or off for every verified address of the user; badges provides it.
badge_emails_set = Hook(default=lambda *, user, wanted: None)


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
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=email, defaults={"email": email.lower()}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return address


@transaction.atomic
def user_update(*, user: User, first_name: str | None = None, last_name: str | None = None) -> User:
    """Change the user's name; fields left as None keep their value."""
    if first_name is not None:
        user.first_name = first_name.strip()[:150]
    if last_name is not None:
        user.last_name = last_name.strip()[:150]
    user.save(update_fields=["first_name", "last_name"])
    return user


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    display_name: str,
    show_name_publicly: bool,
    photo: bytes | None = None,
    photo_remove: bool = False,
) -> User:
    """The learner's public face: display name, photo (checked and re-encoded) and whether the
    pages they share show them. A new photo replaces the old one; `photo_remove` drops it."""
    user.display_name = " ".join(display_name.split())[:100]
    user.show_name_publicly = show_name_publicly
    if photo is not None:
        try:
            prepared = photo_prepare(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
        if user.photo:
            user.photo.delete(save=False)
        user.photo.save(f"{secrets.token_urlsafe(16)}.png", ContentFile(prepared), save=False)
    elif photo_remove and user.photo:
        user.photo.delete(save=False)
    user.save(update_fields=["display_name", "show_name_publicly", "photo"])
    return user


@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    """Remember the language the user chose (one of LANGUAGES; blank follows the browser)."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    user.language = language
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def personal_token_create(*, user: User, name: str, scope: str) -> tuple[PersonalAccessToken, str]:
    """A named access token for a script; returns it with the bearer value, shown only once."""
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the token a name, such as the script that uses it.")}
        )
    value = generate_token()
    access_token = AccessToken(
        user=user,
        scope=scope,
        expires=timezone.now() + timedelta(days=settings.LAUREL_PERSONAL_TOKEN_DAYS),
    )
    # Stored as its checksum only (RFC 9700 token storage): the value exists just in the reply.
    set_token_value(access_token, value)
    access_token.save()
    return PersonalAccessToken.objects.create(
        user=user, name=name, access_token=access_token
    ), value


@transaction.atomic
def personal_token_delete(*, token: PersonalAccessToken) -> None:
    """Revoke the token: its access token goes with it."""
    token.access_token.delete()


@transaction.atomic
def user_delete(*, user: User, password: str) -> None:
    """Delete the account and everything that is only the user's (backpack, collections, imports,
    tokens, places on issuers' staff). Awards made to their emails stay valid: they belong to the
    issuers' records.

    Refused while the user is the only owner of an issuer they created: it would be left with
    nobody to run it. Issuers they joined do not hold them (they may leave those at any time).
    """
    if not user.check_password(password):
        raise ValidationError({"password": _("That is not your password.")})
    held = [issuer.name for issuer in issuers_held_by(user=user)]
    if held:
        raise ValidationError(
            _(
                "You created %(issuers)s and are its only owner. On its Staff page, invite "
                "someone as owner and wait until they accept; or delete the issuer on its "
                "Settings page. Then delete your account."
            )
            % {"issuers": ", ".join(held)}
        )
    user.delete()
