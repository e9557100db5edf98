"""OIDC third-party-initiated login, the launch that follows, and deep-linking answers."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from badges.models import BadgeClass

from ..models import Course, CourseMember, LaunchState, LmsUser, Platform
from ..platform_http import PlatformError
from ..protocol import (
    AGS_CLAIM,
    CLAIM,
    DL_CLAIM,
    NRPS_CLAIM,
    LaunchError,
    is_instructor,
    platform_keys,
    sign,
    unverified_claims,
    verify_id_token,
)
from .keys import tool_key_current

STATE_LIFETIME = timedelta(minutes=10)


def trusted_urls(platform: Platform) -> list[str]:
    """URLs whose hosts are reached without the safe-fetch rules (operator-registered only)."""
    if not platform.operator_registered:
        return []
    return [platform.auth_url, platform.token_url, platform.jwks_url]


def login_start(*, params: dict, redirect_uri: str) -> str:
    """The platform's authorisation URL to send the browser to, with a new state and nonce."""
    iss, login_hint = params.get("iss"), params.get("login_hint")
    if not iss or not login_hint:
        raise LaunchError(_("The login request needs iss and login_hint (from the platform)."))
    platforms = Platform.objects.filter(issuer=iss)
    if params.get("client_id"):
        platforms = platforms.filter(client_id=params["client_id"])
    platform = platforms.first()
    if platform is None:
        raise LaunchError(
            _("No platform %(iss)s is registered with Laurel; ask an operator.")
            % {"iss": repr(iss)}
        )
    deployment = params.get("lti_deployment_id")
    if deployment and deployment not in platform.deployment_ids:
        raise LaunchError(
            _("Deployment %(deployment)s of %(iss)s is not registered with Laurel.")
            % {"deployment": repr(deployment), "iss": iss}
        )
    state = LaunchState.objects.create(
        platform=platform, state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32)
    )
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": redirect_uri,
        "state": state.state,
        "nonce": state.nonce,
        "login_hint": login_hint,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_url else "?"
    return platform.auth_url + separator + urlencode(query)


@dataclass
class Launch:
    platform: Platform
    claims: dict
    user: object
    course: Course | None
    instructor: bool
    state: LaunchState

    @property
    def deep_linking(self) -> bool:
        return self.claims.get(CLAIM + "message_type") == "LtiDeepLinkingRequest"

    @property
    def badge_id(self) -> str:
        return (self.claims.get(CLAIM + "custom") or {}).get("laurel_badge", "")


def launch_accept(*, id_token: str, state: str) -> Launch:
    """Check a launch fully, then use up its state; nothing is written when a check fails."""
    if not id_token or not state:
        raise LaunchError(_("The launch needs id_token and state; start it from the course."))
    login = LaunchState.objects.select_related("platform").filter(state=state).first()
    if login is None or login.created < timezone.now() - STATE_LIFETIME:
        raise LaunchError(_("This launch's state is unknown or too old; launch again."))
    platform = login.platform
    if unverified_claims(id_token).get("iss") != platform.issuer:
        raise LaunchError(_("The id_token's iss is not %(issuer)s.") % {"issuer": platform.issuer})
    try:
        keys = platform_keys(platform.jwks_url, trusted=trusted_urls(platform))
    except PlatformError as exc:
        raise LaunchError(
            _("The platform's key set could not be read: %(error)s.") % {"error": exc}
        ) from exc
    claims = verify_id_token(
        id_token, keys=keys, issuer=platform.issuer, client_id=platform.client_id
    )
    if login.used:
        raise LaunchError(_("This launch was used already (its nonce is spent); launch again."))
    if claims["nonce"] != login.nonce:
        raise LaunchError(_("The id_token's nonce is not the one Laurel sent; launch again."))
    deployment = claims.get(CLAIM + "deployment_id")
    if deployment not in platform.deployment_ids:
        raise LaunchError(
            _(
                "Deployment %(deployment)s is not registered for %(platform)s; ask an operator "
                "to add it to the platform's deployment ids."
            )
            % {"deployment": repr(deployment), "platform": platform.name}
        )
    email = (claims.get("email") or "").strip().lower()
    if not email:
        raise LaunchError(
            _(
                "The platform did not share your email; ask the LMS administrator to share "
                "names and emails with Laurel."
            )
        )
    with transaction.atomic():
        # Only one request may use the state: the update is the nonce's single use.
        if not LaunchState.objects.filter(pk=login.pk, used=False).update(used=True):
            raise LaunchError(_("This launch was used already (its nonce is spent); launch again."))
        user = _user_for(platform, claims, email)
        course = _course_for(platform, claims, deployment)
        instructor = is_instructor(claims)
        if course is not None:
            CourseMember.objects.update_or_create(
                course=course, user=user, defaults={"sub": claims["sub"], "instructor": instructor}
            )
        if claims.get(CLAIM + "message_type") == "LtiDeepLinkingRequest":
            login.claims = {
                "settings": claims.get(DL_CLAIM + "deep_linking_settings") or {},
                "deployment_id": deployment,
                "course_id": course.pk if course else None,
            }
            login.save(update_fields=["claims"])
    return Launch(platform, claims, user, course, instructor, login)


def _user_for(platform: Platform, claims: dict, email: str):
    User = get_user_model()
    link = LmsUser.objects.select_related("user").filter(platform=platform, sub=claims["sub"])
    if link.exists():
        return link.first().user
    user = User.objects.filter(email=email).first()
    if user is not None and not (claims.get("email_verified") or platform.operator_registered):
        raise LaunchError(
            _(
                "A Laurel account has this email, but the platform does not say the email is "
                "verified; sign in to Laurel and launch again to link the accounts."
            )
        )
    if user is None:
        user = User.objects.create_user(
            email=email,
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
        )
    try:
        with transaction.atomic():
            LmsUser.objects.create(platform=platform, sub=claims["sub"], user=user)
    except IntegrityError:  # a simultaneous launch linked it first
        pass
    return user


def _course_for(platform: Platform, claims: dict, deployment: str) -> Course | None:
    context = claims.get(CLAIM + "context") or {}
    if not context.get("id"):
        return None
    ags = claims.get(AGS_CLAIM) or {}
    nrps = claims.get(NRPS_CLAIM) or {}
    fields = {"deployment_id": deployment, "title": str(context.get("title") or "")[:255]}
    if ags.get("lineitems"):
        fields.update(lineitems_url=ags["lineitems"], ags_scopes=ags.get("scope") or [])
    if nrps.get("context_memberships_url"):
        fields["memberships_url"] = nrps["context_memberships_url"]
    course, _created = Course.objects.update_or_create(
        platform=platform, context_id=str(context["id"]), defaults=fields
    )
    return course


@transaction.atomic
def deep_link_answer(*, state: LaunchState, badges: list[BadgeClass], launch_url: str) -> dict:
    """The signed LtiDeepLinkingResponse carrying one LtiResourceLink per badge, and where to
    post it: {"url": return URL, "jwt": token}."""
    dl = state.claims.get("settings") or {}
    if not dl.get("deep_link_return_url"):
        raise LaunchError(_("This is not a deep-linking launch; start it from the course editor."))
    platform = state.platform
    course = Course.objects.filter(pk=state.claims.get("course_id")).first()
    if course is not None:
        course.badges.add(*badges)
    items = [
        {
            "type": "ltiResourceLink",
            "title": badge.name,
            "url": launch_url,
            "text": badge.description[:500],
            "custom": {"laurel_badge": badge.entity_id},
        }
        for badge in badges
    ]
    payload = {
        "iss": platform.client_id,
        "aud": platform.issuer,
        CLAIM + "deployment_id": state.claims.get("deployment_id"),
        CLAIM + "message_type": "LtiDeepLinkingResponse",
        CLAIM + "version": "1.3.0",
        DL_CLAIM + "content_items": items,
    }
    if dl.get("data"):
        payload[DL_CLAIM + "data"] = dl["data"]
    key = tool_key_current()
    state.claims = {}
    state.save(update_fields=["claims"])  # one answer per deep-linking launch
    return {
        "url": dl["deep_link_return_url"],
        "jwt": sign(payload, private_pem=key.private_pem, kid=key.kid),
    }
