"""Signal receivers: the OIDC nonce is checked before a sign-in completes, and every sign-in
through an institution applies its rules (roles given and taken back), fills the name and
records the institution in the session."""

from allauth.account.signals import user_logged_in
from allauth.socialaccount.signals import pre_social_login
from django.dispatch import receiver
from django.utils.translation import gettext as _

from .attributes import person_from
from .models import Institution
from .providers import NONCE_KEY, refuse
from .selectors import SESSION_KEY
from .services import rules_apply


@receiver(pre_social_login)
def check_nonce(sender, request, sociallogin, **kwargs) -> None:
    # Every OIDC app (an institution's, or one in SOCIALACCOUNT_PROVIDERS) sends a nonce.
    if sociallogin.account.get_provider().app.provider != "openid_connect":
        return
    expected = (sociallogin.state or {}).get(NONCE_KEY)
    received = (sociallogin.account.extra_data.get("id_token") or {}).get("nonce")
    if not expected or received != expected:
        refuse(
            request,
            sociallogin.account.get_provider(),
            _(
                "The identity provider's answer does not belong to this sign-in (wrong nonce). "
                "Start again from the sign-in page."
            ),
        )


@receiver(user_logged_in)
def apply_rules(sender, request, user, sociallogin=None, **kwargs) -> None:
    if sociallogin is None:
        return
    institution = Institution.objects.filter(app=sociallogin.account.get_provider().app).first()
    if institution is None:
        return
    # Issuers that require institutional sign-in check this (sso.selectors).
    request.session[SESSION_KEY] = institution.slug
    person = person_from(institution.protocol, sociallogin.account.extra_data)
    if person.name and not user.display_name:
        user.display_name = person.name[:100]
        user.save(update_fields=["display_name"])
    rules_apply(user=user, institution=institution, person=person)
