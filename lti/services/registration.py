"""LTI Dynamic Registration: a platform registers Laurel from one URL its administrator pastes."""

import json

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Platform, RegistrationInvite
from ..platform_http import PlatformError, get, post
from ..protocol import SCOPE_LINEITEM_READ, SCOPE_NRPS, SCOPE_RESULT_READ, LaunchError

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"


def tool_configuration(base: str) -> dict:
    """What Laurel asks the platform to register: redirect, login, JWKS URLs, scopes, messages."""
    launch = base + reverse("lti:launch")
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": base + reverse("lti:login"),
        "redirect_uris": [launch],
        "client_name": "Laurel badges",
        "jwks_uri": base + reverse("lti:jwks"),
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join([SCOPE_LINEITEM_READ, SCOPE_RESULT_READ, SCOPE_NRPS]),
        TOOL_CONFIGURATION: {
            "domain": base.split("://", 1)[-1],
            "target_link_uri": launch,
            "claims": ["iss", "sub", "name", "email", "email_verified"],
            "messages": [
                {"type": "LtiDeepLinkingRequest", "target_link_uri": launch, "label": "Badges"},
                {"type": "LtiResourceLinkRequest", "target_link_uri": launch},
            ],
        },
    }


def platform_register(
    *, invite: RegistrationInvite, openid_configuration: str, registration_token: str, base: str
) -> Platform:
    """Read the platform's configuration, register Laurel with it and keep the registration.

    A self-registered platform is not vouched for by an operator: its URLs are fetched under
    the safe-fetch rules."""
    if invite.platform_id:
        raise LaunchError(_("This registration link was used already; ask for a new one."))
    try:
        reply = get(openid_configuration, accept="application/json")
        if reply.status != 200:
            raise LaunchError(
                _("%(url)s answered %(status)s.")
                % {"url": openid_configuration, "status": reply.status}
            )
        config = reply.json()
        needed = (
            "issuer",
            "authorization_endpoint",
            "token_endpoint",
            "jwks_uri",
            "registration_endpoint",
        )
        missing = [name for name in needed if not isinstance(config.get(name), str)]
        if missing:
            raise LaunchError(
                _("The platform's configuration lacks %(missing)s.")
                % {"missing": ", ".join(missing)}
            )
        headers = {"Authorization": f"Bearer {registration_token}"} if registration_token else {}
        answer = post(
            config["registration_endpoint"],
            data=json.dumps(tool_configuration(base)).encode(),
            content_type="application/json",
            accept="application/json",
            headers=headers,
        )
    except PlatformError as exc:
        raise LaunchError(_("Registration failed: %(error)s.") % {"error": exc}) from exc
    if answer.status not in (200, 201):
        raise LaunchError(
            _("The platform refused the registration (%(status)s).") % {"status": answer.status}
        )
    client = answer.json()
    deployment = (client.get(TOOL_CONFIGURATION) or {}).get("deployment_id")
    if not client.get("client_id"):
        raise LaunchError(_("The platform's registration answer has no client_id."))
    platform_name = (config.get(PLATFORM_CONFIGURATION) or {}).get("product_family_code")
    with transaction.atomic():
        platform, _created = Platform.objects.update_or_create(
            issuer=config["issuer"],
            client_id=client["client_id"],
            defaults=dict(
                name=platform_name or config["issuer"],
                auth_url=config["authorization_endpoint"],
                token_url=config["token_endpoint"],
                jwks_url=config["jwks_uri"],
                deployment_ids=[deployment] if deployment else [],
                laurel_issuer=invite.laurel_issuer,
                award_as=invite.award_as,
                operator_registered=False,
            ),
        )
        invite.platform = platform
        invite.save(update_fields=["platform"])
    return platform
