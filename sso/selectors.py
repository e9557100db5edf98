"""Reads of institutional sign-in: the institutions the sign-in page offers, and the ones an
issuer requires its staff to sign in through."""

from django.db.models import QuerySet

from .models import Institution


def institutions_for_signin() -> QuerySet[Institution]:
    return Institution.objects.filter(enabled=True, app__isnull=False).order_by("name")


def institution_by_slug(slug: str) -> Institution | None:
    return institutions_for_signin().select_related("app").filter(slug=slug).first()


# The institution this browser session signed in through (set by sso.receivers).
SESSION_KEY = "laurel_sso_institution"


def institutions_required(*, request, issuer) -> list[Institution]:
    """The institutions `issuer` requires its staff to sign in through when this session did
    not sign in through one of them; [] when nothing is required or the session qualifies."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_superuser:
        return []
    required = list(institutions_for_signin().filter(required_for_issuers=issuer))
    signed_in_through = request.session.get(SESSION_KEY)
    if any(institution.slug == signed_in_through for institution in required):
        return []
    return required
