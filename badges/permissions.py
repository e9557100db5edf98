"""Who may do what at an issuer: rights come from issuer roles, never from who created an object."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.hooks import Hook

from .models import ROLE_RIGHTS, Issuer, IssuerStaff

# The institutions an issuer requires its staff to have signed in through in this session
# (provided by sso, which sits above; nothing is required while it is not installed). Called
# with request= and issuer=, returns a list of institutions with .slug and .name.
institutions_required = Hook(default=lambda *, request, issuer: [])

# Translators: each completes "You need a role at <issuer> that may ..."
RIGHT_NAMES = {
    "award": gettext_lazy("award or revoke badges"),
    "edit_badges": gettext_lazy("edit badge classes"),
    "manage_issuer": gettext_lazy("manage the issuer and its staff"),
}


def user_role(*, user, issuer: Issuer) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        IssuerStaff.objects.filter(issuer=issuer, user=user).values_list("role", flat=True).first()
    )


def user_can(*, user, issuer: Issuer, right: str) -> bool:
    """Site operators (superusers) may do everything; others by their role at the issuer."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    role = user_role(user=user, issuer=issuer)
    return role is not None and right in ROLE_RIGHTS[role]


def require(*, user, issuer: Issuer, right: str) -> None:
    if user is None:  # shell commands and tasks act as the site itself
        return
    if not user_can(user=user, issuer=issuer, right=right):
        raise PermissionDenied(
            _("You need a role at %(issuer)s that may %(right)s; ask an owner.")
            % {"issuer": issuer.name, "right": RIGHT_NAMES[right]}
        )
