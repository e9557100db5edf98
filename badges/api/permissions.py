"""Who may call what: OAuth scopes of the token, then the caller's role at the issuer.

Rights come from issuer roles (badges.permissions), never from who created an object.
A browser session (the portal) carries every scope; a token only those it was granted.
"""

from django.utils.translation import gettext as _
from oauth2_provider.contrib.rest_framework import TokenHasScope
from oauth2_provider.models import AccessToken
from rest_framework.exceptions import NotFound, PermissionDenied

from accounts.oauth import ISSUER_SCOPE
from badges.models import (
    Application,
    Assertion,
    BadgeClass,
    ClaimCode,
    Issuer,
)
from badges.permissions import require, user_role
from badges.selectors import REVIEWABLE


def token_scopes(request) -> set[str] | None:
    """The scopes of the request's token, or None for a session (which may do everything)."""
    if isinstance(request.auth, AccessToken):
        return set(request.auth.scope.split())
    return None


def scope_granted(scopes: set[str] | None, needed: str) -> bool:
    """`rw:x` includes `r:x`; any `rw:issuer:<id>` opens the issuer endpoints (narrowed later)."""
    if scopes is None:
        return True
    if needed in scopes or (needed.startswith("r:") and "rw:" + needed[2:] in scopes):
        return True
    return needed == "rw:issuer" and any(ISSUER_SCOPE.match(scope) for scope in scopes)


def issuer_limit(request) -> set[str] | None:
    """Issuer ids a token limited with `rw:issuer:<id>` may reach, or None when not limited."""
    scopes = token_scopes(request)
    if scopes is None or "rw:issuer" in scopes:
        return None
    return {m["issuer"] for scope in scopes if (m := ISSUER_SCOPE.match(scope))}


def needs(scope: str):
    """Mark a view method with the OAuth scope it needs (checked by HasScope)."""

    def mark(method):
        method.scope = scope
        return method

    return mark


def _needed(request, view) -> str | None:
    handler = getattr(view, (request.method or "").lower(), None)
    return getattr(handler, "scope", None)


class HasScope(TokenHasScope):
    """The token carries the scope the method needs (a session passes); the schema names it."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        needed = _needed(request, view)
        if needed is None or scope_granted(token_scopes(request), needed):
            return True
        self.message = (
            f"This token lacks the {needed} scope this endpoint needs; "
            f"request a token with scope={needed}."
        )
        return False

    def get_scopes(self, request, view) -> list[str]:
        needed = _needed(request, view)
        return [needed] if needed else []


def _check_limit(request, issuer: Issuer) -> None:
    limit = issuer_limit(request)
    if limit is not None and issuer.entity_id not in limit:
        raise PermissionDenied(
            _(
                "This token is limited to other issuers; it needs rw:issuer or "
                "rw:issuer:%(id)s to reach %(issuer)s."
            )
            % {"id": issuer.entity_id, "issuer": issuer.name}
        )


def issuer_reachable(request, issuer: Issuer, right: str | None) -> None:
    """Not found unless the user has a role there; then the token's limit and the right."""
    user = request.user
    if not user.is_superuser and user_role(user=user, issuer=issuer) is None:
        raise NotFound(_("Not found, or you have no role at its issuer."))
    _check_limit(request, issuer)
    if right is not None:
        require(user=user, issuer=issuer, right=right)


def get_issuer(request, entity_id: str, right: str | None = None) -> Issuer:
    issuer = Issuer.objects.filter(entity_id=entity_id).first()
    if issuer is None:
        raise NotFound(_("No issuer with id %(id)s.") % {"id": entity_id})
    issuer_reachable(request, issuer, right)
    return issuer


def get_badge_class(request, entity_id: str, right: str | None = None) -> BadgeClass:
    badge = BadgeClass.objects.select_related("issuer", "created_by").filter(entity_id=entity_id)
    badge = badge.first()
    if badge is None:
        raise NotFound(_("No badge class with id %(id)s.") % {"id": entity_id})
    issuer_reachable(request, badge.issuer, right)
    return badge


def get_assertion(request, entity_id: str, right: str | None = None) -> Assertion:
    assertion = (
        Assertion.objects.select_related("badge_class", "issuer", "created_by", "signing_key")
        .filter(entity_id=entity_id)
        .first()
    )
    if assertion is None:
        raise NotFound(_("No assertion with id %(id)s.") % {"id": entity_id})
    issuer_reachable(request, assertion.issuer, right)
    return assertion


def get_claim_code(request, entity_id: str, right: str = "award") -> ClaimCode:
    """A claim code is a secret of its issuer: only staff who may award reach it."""
    code = (
        ClaimCode.objects.select_related("badge_class__issuer", "created_by")
        .filter(entity_id=entity_id)
        .first()
    )
    if code is None:
        raise NotFound(_("No claim code with id %(id)s.") % {"id": entity_id})
    issuer_reachable(request, code.badge_class.issuer, right)
    return code


def get_application(request, entity_id: str, right: str = "award") -> Application:
    """A submitted application to review, at an issuer where the caller may award."""
    application = (
        Application.objects.select_related("badge_class__issuer")
        .filter(REVIEWABLE, entity_id=entity_id)
        .first()
    )
    if application is None:
        raise NotFound(_("No application %(id)s to review.") % {"id": entity_id})
    issuer_reachable(request, application.badge_class.issuer, right)
    return application
