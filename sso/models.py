"""Institutions (identity providers), the rules that map their attributes to roles, and the
records that keep assertions from being replayed."""

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Protocol(models.TextChoices):
    SAML = "saml", "SAML 2.0"
    OIDC = "oidc", _("OpenID Connect")


class Institution(models.Model):
    """One identity provider people sign in with. Saving it (sso.services.institution_save)
    writes the allauth SocialApp that runs the protocol; operators only edit this."""

    slug = models.SlugField(
        unique=True,
        help_text=_(
            "Short name in links: /accounts/login/?idp=<slug>. Do not change it once "
            "people sign in (it names the SAML service provider too)."
        ),
    )
    name = models.CharField(max_length=200, help_text=_("As people know it: University of X."))
    keywords = models.CharField(
        max_length=300, blank=True, help_text=_("Other names and domains the search box matches.")
    )
    protocol = models.CharField(max_length=4, choices=Protocol.choices)
    enabled = models.BooleanField(default=True)
    trust_email = models.BooleanField(
        default=True,
        help_text=_("The email addresses this provider sends count as verified at once."),
    )
    # OpenID Connect
    discovery_url = models.URLField(
        blank=True,
        help_text=_("OpenID Connect: the issuer URL, or its /.well-known/openid-configuration."),
    )
    client_id = models.CharField(max_length=200, blank=True)
    client_secret = models.CharField(max_length=500, blank=True)
    scopes = models.CharField(
        max_length=300,
        default="openid profile email",
        help_text=_(
            "OpenID Connect: the scopes asked for, with spaces; add the provider's own "
            "for groups or affiliation (e.g. groups, eduperson)."
        ),
    )
    # SAML 2.0
    metadata_url = models.URLField(
        blank=True,
        help_text=_(
            "SAML: the IdP's metadata URL, fetched now and refreshed every "
            "LAUREL_SAML_METADATA_REFRESH_HOURS; or paste the metadata below."
        ),
    )
    metadata_xml = models.TextField(blank=True, help_text=_("SAML: the IdP's metadata XML."))
    idp_entity_id = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("SAML: the IdP's entityID; needed when the metadata describes several."),
    )
    metadata_fetched_at = models.DateTimeField(null=True, blank=True, editable=False)
    metadata_error = models.TextField(blank=True, editable=False)
    app = models.OneToOneField(
        SocialApp, null=True, blank=True, editable=False, on_delete=models.SET_NULL
    )
    required_for_issuers = models.ManyToManyField(
        "badges.Issuer",
        blank=True,
        related_name="+",
        verbose_name=_("required for the staff of"),
        help_text=_(
            "Staff of these issuers open the issuer's workspace only after signing in "
            "through this institution (or another one required for that issuer) in the same "
            "browser session; a password sign-in is not enough. Site operators are exempt."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Attribute(models.TextChoices):
    AFFILIATION = "affiliation", _("Scoped affiliation (eduPersonScopedAffiliation)")
    GROUP = "group", _("Group (isMemberOf, groups)")
    ENTITLEMENT = "entitlement", _("Entitlement (eduPersonEntitlement)")
    EMAIL_DOMAIN = "email_domain", _("Email domain")


class Grant(models.TextChoices):
    ISSUER_ROLE = "issuer_role", _("A role at an issuer")
    SITE_EDITOR = "site_editor", _("Site editor (Wagtail Editors group)")


class MappingRule(models.Model):
    """ "affiliation staff@university.example -> staff of issuer X": checked at every sign-in
    through the institution; what a rule gave is taken away when it no longer matches."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="rules")
    attribute = models.CharField(max_length=20, choices=Attribute.choices)
    value = models.CharField(
        max_length=300,
        validators=[RegexValidator(r"^\S+$", _("One value, without spaces."))],
        help_text=_("Compared without regard to case: staff@university.example, a group name."),
    )
    grant = models.CharField(max_length=20, choices=Grant.choices)
    issuer = models.ForeignKey(
        "badges.Issuer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        max_length=10,
        blank=True,
        choices=[("owner", _("Owner")), ("editor", _("Editor")), ("staff", _("Staff"))],
    )

    def __str__(self) -> str:
        target = f"{self.role} of {self.issuer}" if self.grant == Grant.ISSUER_ROLE else "editor"
        return f"{self.attribute} {self.value} -> {target}"


class RuleGrant(models.Model):
    """What the rules gave a person, so a later sign-in takes back only that, never a role an
    operator or an invitation gave."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    grant = models.CharField(max_length=20, choices=Grant.choices)
    issuer = models.ForeignKey(
        "badges.Issuer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(max_length=10, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution", "grant", "issuer"], name="sso_rulegrant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.grant} {self.role} {self.issuer or ''}".strip()


class SeenAssertion(models.Model):
    """A SAML assertion id already used to sign in, kept until it expires: a replay fails."""

    assertion_id = models.CharField(max_length=200, primary_key=True)
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.assertion_id


class ServiceProviderKey(models.Model):
    """Laurel's SAML signing key and self-signed certificate, made on first use; the SP
    metadata publishes the certificate."""

    private_key_pem = models.TextField()
    certificate_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"SAML key of {self.created_at:%Y-%m-%d}"
