"""Every write of institutional sign-in: institutions and the allauth apps that run them, IdP
metadata, Laurel's SAML key, assertion replay records, and the roles the rules give."""

import contextlib
import datetime

from allauth.socialaccount.models import SocialApp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

from badges.models import Issuer
from badges.openbadges.fetch import FetchError, safe_get
from badges.services.issuers import issuer_staff_add, issuer_staff_change, issuer_staff_remove

from .attributes import SAML_ALLAUTH_MAPPING, Person
from .models import (
    Attribute,
    Grant,
    Institution,
    MappingRule,
    Protocol,
    RuleGrant,
    SeenAssertion,
    ServiceProviderKey,
)

EDITORS_GROUP = "Editors"
ROLE_ORDER = ["staff", "editor", "owner"]
METADATA_ACCEPT = "application/samlmetadata+xml, application/xml, text/xml"


class AssertionReplayed(ValueError):
    """A SAML assertion that already signed someone in."""


# Laurel's SAML key ----------------------------------------------------------------------------


def sp_key() -> ServiceProviderKey:
    """Laurel's SAML signing key, made (RSA 2048, a ten-year self-signed certificate) on first
    use; every institution's SP metadata publishes the same certificate."""
    key = ServiceProviderKey.objects.order_by("-created_at").first()
    if key is not None:
        return key
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Laurel SAML service provider")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(private, hashes.SHA256())
    )
    return ServiceProviderKey.objects.create(
        private_key_pem=private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
    )


# IdP metadata ---------------------------------------------------------------------------------


def metadata_parse(xml: str, *, entity_id: str = "") -> dict:
    """The IdP settings allauth needs from SAML metadata; ValidationError saying what is wrong
    when it is not usable (not XML, no IdP, no signing certificate, no redirect SSO)."""
    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(
            xml,
            required_sso_binding=OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT,
            entity_id=entity_id or None,
        )
    except Exception as error:  # lxml and the parser raise many kinds for bad XML
        raise ValidationError(
            _("The metadata is not readable SAML metadata: %(error)s") % {"error": error}
        ) from error
    idp = parsed.get("idp") or {}
    sso_url = (idp.get("singleSignOnService") or {}).get("url")
    certificate = idp.get("x509cert") or next(
        iter((idp.get("x509certMulti") or {}).get("signing") or []), ""
    )
    if not idp.get("entityId"):
        raise ValidationError(
            _("The metadata describes no identity provider with entityID %(entity_id)s.")
            % {"entity_id": entity_id}
            if entity_id
            else _("The metadata describes no identity provider.")
        )
    if not sso_url:
        raise ValidationError(
            _("The IdP's metadata has no SingleSignOnService with the HTTP-Redirect binding.")
        )
    if not certificate:
        raise ValidationError(
            _(
                "The IdP's metadata has no signing certificate, so its assertions could not be "
                "checked."
            )
        )
    settings_idp = {"entity_id": idp["entityId"], "sso_url": sso_url, "x509cert": certificate}
    slo_url = (idp.get("singleLogoutService") or {}).get("url")
    if slo_url:
        settings_idp["slo_url"] = slo_url
    return settings_idp


def metadata_fetch(url: str) -> str:
    """The metadata at url, fetched under the safe-fetch rules; ValidationError if refused."""
    try:
        response = safe_get(url, accept=METADATA_ACCEPT)
    except FetchError as error:
        raise ValidationError(
            _("The metadata URL could not be fetched: %(error)s") % {"error": error}
        ) from error
    if response.status != 200:
        raise ValidationError(
            _("The metadata URL answered HTTP %(status)s.") % {"status": response.status}
        )
    return response.body.decode("utf-8", errors="replace")


def metadata_refresh(*, institution: Institution) -> bool:
    """Fetch the institution's metadata URL again; on failure keep the last good metadata and
    note the error (shown in the admin). True when the metadata was refreshed."""
    try:
        xml = metadata_fetch(institution.metadata_url)
        metadata_parse(xml, entity_id=institution.idp_entity_id)
    except ValidationError as error:
        institution.metadata_error = " ".join(error.messages)
        institution.save(update_fields=["metadata_error"])
        return False
    institution.metadata_xml = xml
    institution.metadata_fetched_at = timezone.now()
    institution.metadata_error = ""
    institution_save(institution=institution, fetch=False)
    return True


# Institutions ---------------------------------------------------------------------------------


def _app_settings(institution: Institution) -> dict:
    common = {"laurel_institution": institution.slug, "laurel_trust_email": institution.trust_email}
    if institution.protocol == Protocol.OIDC:
        return {
            **common,
            "server_url": institution.discovery_url,
            "oauth_pkce_enabled": True,
            "scope": institution.scopes.split() or ["openid"],
        }
    base = settings.LAUREL_BASE_URL.rstrip("/")
    return {
        **common,
        "idp": metadata_parse(institution.metadata_xml, entity_id=institution.idp_entity_id),
        # A stable entityID: the public metadata URL, whatever Host a request came with.
        "sp": {"entity_id": f"{base}/accounts/saml/{institution.slug}/metadata/"},
        "attribute_mapping": SAML_ALLAUTH_MAPPING,
        "advanced": {
            "strict": True,
            "want_assertion_signed": True,
            "authn_request_signed": True,
            "metadata_signed": False,
            "reject_idp_initiated_sso": True,
            "allow_single_label_domains": settings.DEBUG,
        },
    }


def institution_check(*, institution: Institution, fetch: bool = True) -> dict:
    """Check an institution's protocol settings (a SAML metadata URL is fetched now when fetch
    and no metadata is pasted) and return the allauth app settings; ValidationError by field."""
    errors = {}
    if institution.protocol == Protocol.OIDC:
        for name in ("discovery_url", "client_id"):
            if not getattr(institution, name):
                errors[name] = _("OpenID Connect needs the discovery URL and the client id.")
    else:
        if fetch and institution.metadata_url and not institution.metadata_xml.strip():
            try:
                institution.metadata_xml = metadata_fetch(institution.metadata_url)
                institution.metadata_fetched_at = timezone.now()
            except ValidationError as error:
                errors["metadata_url"] = error.messages
        if not institution.metadata_xml.strip() and "metadata_url" not in errors:
            errors["metadata_xml"] = _("SAML needs the IdP's metadata: a URL or the XML pasted.")
    if errors:
        raise ValidationError(errors)
    try:
        return _app_settings(institution)
    except ValidationError as error:
        raise ValidationError({"metadata_xml": error.messages}) from error


@transaction.atomic
def institution_save(*, institution: Institution, fetch: bool = True) -> Institution:
    """Check and save an institution and write the allauth SocialApp that runs its protocol;
    a disabled institution has none, so none of its sign-in URLs answers (people's links to it,
    allauth SocialAccounts, stay for when it is enabled again)."""
    app_settings = institution_check(institution=institution, fetch=fetch)
    if not institution.enabled:
        old_app, institution.app = institution.app, None
        institution.save()
        if old_app is not None:
            old_app.delete()
        return institution
    app = institution.app or SocialApp()
    app.provider = "openid_connect" if institution.protocol == Protocol.OIDC else "saml"
    app.provider_id = institution.slug
    app.name = institution.name
    # allauth finds a SAML app by its client_id (the slug in the SAML URLs).
    app.client_id = (
        institution.client_id if institution.protocol == Protocol.OIDC else institution.slug
    )
    app.secret = institution.client_secret if institution.protocol == Protocol.OIDC else ""
    app.settings = app_settings
    app.save()
    institution.app = app
    institution.save()
    return institution


@transaction.atomic
def institution_delete(*, institution: Institution) -> None:
    if institution.app_id:
        institution.app.delete()
    institution.delete()


def institution_for_app(app: SocialApp) -> Institution | None:
    return Institution.objects.filter(app=app).first()


# Replay ---------------------------------------------------------------------------------------


def assertion_accept(*, institution: Institution, assertion_id: str, not_on_or_after) -> None:
    """Record a SAML assertion's id as used; AssertionReplayed if it was used already."""
    SeenAssertion.objects.filter(expires_at__lt=timezone.now()).delete()
    expires = (
        datetime.datetime.fromtimestamp(not_on_or_after, datetime.UTC)
        if not_on_or_after
        else timezone.now() + datetime.timedelta(hours=24)
    )
    try:
        with transaction.atomic():
            SeenAssertion.objects.create(
                assertion_id=assertion_id, institution=institution, expires_at=expires
            )
    except IntegrityError as error:
        raise AssertionReplayed(_("This sign-in response was used already.")) from error


# Rules ----------------------------------------------------------------------------------------


def _matches(rule: MappingRule, person: Person) -> bool:
    value = rule.value.lower()
    if rule.attribute == Attribute.AFFILIATION:
        return value in person.affiliations
    if rule.attribute == Attribute.GROUP:
        return value in person.groups
    if rule.attribute == Attribute.ENTITLEMENT:
        return value in person.entitlements
    return person.email.rpartition("@")[2] == value.lstrip("@")


@transaction.atomic
def rules_apply(*, user, institution: Institution, person: Person) -> None:
    """Give the roles the institution's rules grant this person now, and take back those the
    rules gave before and no longer grant. Roles given otherwise are left as they are."""
    wanted: dict[tuple[str, int | None], str] = {}
    for rule in institution.rules.all():
        if not _matches(rule, person):
            continue
        key = (rule.grant, rule.issuer_id if rule.grant == Grant.ISSUER_ROLE else None)
        role = rule.role or "staff"
        if key not in wanted or ROLE_ORDER.index(role) > ROLE_ORDER.index(wanted[key]):
            wanted[key] = role
    given = {
        (g.grant, g.issuer_id): g
        for g in RuleGrant.objects.filter(user=user, institution=institution)
    }
    for key, grant in given.items():
        if key not in wanted:
            _take_back(user, grant)
            grant.delete()
    for (kind, issuer_id), role in wanted.items():
        previous = given.get((kind, issuer_id))
        if _give(user, kind, issuer_id, role, previous):
            RuleGrant.objects.update_or_create(
                user=user,
                institution=institution,
                grant=kind,
                issuer_id=issuer_id,
                defaults={"role": role},
            )


def _give(user, kind: str, issuer_id, role: str, previous: RuleGrant | None) -> bool:
    """Give one grant; False when the person has it from elsewhere (then it is not ours)."""
    if kind == Grant.SITE_EDITOR:
        group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
        if previous is None and user.groups.filter(pk=group.pk).exists():
            return False
        user.groups.add(group)
        return True
    issuer = Issuer.objects.get(pk=issuer_id)
    staff = issuer.staff.filter(user=user).first()
    if staff is None:
        issuer_staff_add(issuer=issuer, user=None, member=user, role=role)
    elif previous is None:
        return False
    elif staff.role != role:
        with contextlib.suppress(ValidationError):  # the last owner keeps the role
            issuer_staff_change(issuer=issuer, user=None, member=user, role=role)
    return True


def _take_back(user, grant: RuleGrant) -> None:
    if grant.grant == Grant.SITE_EDITOR:
        user.groups.remove(*Group.objects.filter(name=EDITORS_GROUP))
        return
    if grant.issuer.staff.filter(user=user).exists():
        with contextlib.suppress(ValidationError):  # an issuer must keep an owner
            issuer_staff_remove(issuer=grant.issuer, user=None, member=user)
