"""allauth's OpenID Connect and SAML providers as Laurel runs them (named by provider_class in
SOCIALACCOUNT_PROVIDERS): OIDC sends and checks a nonce, SAML signs with Laurel's own key and
refuses a replayed assertion, and both mark emails an institution vouches for as verified."""

import secrets

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.utils.translation import gettext as _

NONCE_KEY = "laurel_oidc_nonce"


def _trusted(provider) -> bool:
    return bool(provider.app.settings.get("laurel_trust_email"))


def refuse(request, provider, reason: str):
    """Stop the sign-in with the error page (HTTP 400, see accounts.adapters) naming reason."""
    raise ImmediateHttpResponse(
        render_authentication_error(request, provider, extra_context={"laurel_reason": reason})
    )


class IssuerCheckingAdapter(OpenIDConnectOAuth2Adapter):
    @property
    def openid_config(self):
        # OpenID Connect Discovery 1.0 section 4.3: the issuer the document names must be the
        # one it was fetched for, or tokens from another issuer would be taken as this one's.
        config = super().openid_config
        configured = self.get_provider().server_url.split("/.well-known/")[0].rstrip("/")
        if config.get("issuer", "").rstrip("/") != configured:
            raise OAuth2Error(
                _(
                    "The provider's discovery document names the issuer %(found)s, "
                    "not %(configured)s as configured: check the institution's discovery URL."
                )
                % {"found": repr(config.get("issuer")), "configured": repr(configured)}
            )
        return config


class InstitutionOIDCProvider(OpenIDConnectProvider):
    package = "allauth.socialaccount.providers.openid_connect"  # its URLs stay allauth's
    oauth2_adapter_class = IssuerCheckingAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        # allauth sends no nonce; the ID token must carry this one back (checked in
        # sso.receivers on pre_social_login, where the stashed state is at hand).
        nonce = secrets.token_urlsafe(24)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params)
        auth_params["nonce"] = nonce
        kwargs[NONCE_KEY] = nonce
        return super().redirect(request, process, next_url, data, auth_params=auth_params, **kwargs)

    def extract_email_addresses(self, data):
        addresses = super().extract_email_addresses(data)
        if _trusted(self):
            for address in addresses:
                address.verified = True
        return addresses


class InstitutionSAMLProvider(SAMLProvider):
    package = "allauth.socialaccount.providers.saml"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from .services import sp_key

        # The key never sits in the SocialApp's settings (shown in the admin): it is added to
        # this in-memory copy only.
        key = sp_key()
        advanced = {
            **self.app.settings.get("advanced", {}),
            "x509cert": key.certificate_pem,
            "private_key": key.private_key_pem,
        }
        self.app.settings = {**self.app.settings, "advanced": advanced}

    def sociallogin_from_response(self, request, response):
        from .services import AssertionReplayed, assertion_accept, institution_for_app

        institution = institution_for_app(self.app)
        try:
            assertion_accept(
                institution=institution,
                assertion_id=response.get_last_assertion_id(),
                not_on_or_after=response.get_last_assertion_not_on_or_after(),
            )
        except AssertionReplayed as error:
            refuse(request, self, str(error))
        return super().sociallogin_from_response(request, response)

    def extract_email_addresses(self, data):
        email = self._extract(data).get("email")
        if not email:
            return []
        return [EmailAddress(email=email.lower(), verified=_trusted(self), primary=True)]


provider_classes = [InstitutionOIDCProvider, InstitutionSAMLProvider]
