"""The OAuth scopes of the Open Badges 3.0 API and of Badge Connect 2.1, as the specs name them."""

from django.utils.translation import gettext_lazy as _

OB3_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
CREDENTIAL_READ = OB3_PREFIX + "credential.readonly"
CREDENTIAL_UPSERT = OB3_PREFIX + "credential.upsert"
PROFILE_READ = OB3_PREFIX + "profile.readonly"
PROFILE_UPDATE = OB3_PREFIX + "profile.update"

BC_PREFIX = "https://purl.imsglobal.org/spec/ob/v2p1/scope/"
ASSERTION_READ = BC_PREFIX + "assertion.readonly"
ASSERTION_CREATE = BC_PREFIX + "assertion.create"
BC_PROFILE_READ = BC_PREFIX + "profile.readonly"

# RFC 8414/OpenID's name for "a refresh token please"; the spec's examples send it. Refresh
# tokens are always issued, so it grants nothing by itself.
OFFLINE_ACCESS = "offline_access"

OB3_SCOPES = {
    CREDENTIAL_READ: _("See the badges in your Laurel backpack"),
    CREDENTIAL_UPSERT: _("Put badges into your Laurel backpack and replace them"),
    PROFILE_READ: _("See your name and email address"),
    PROFILE_UPDATE: _("Change your name"),
}
BC_SCOPES = {
    ASSERTION_READ: _("See the badges in your Laurel backpack"),
    ASSERTION_CREATE: _("Put badges into your Laurel backpack"),
    BC_PROFILE_READ: _("See your name and email address"),
}
ALL_SCOPES = {**OB3_SCOPES, **BC_SCOPES}

# Which API a registration belongs to decides the scopes it may ask for.
OB3 = "ob3"
BADGE_CONNECT = "bc21"
SCOPES_OF = {OB3: OB3_SCOPES, BADGE_CONNECT: BC_SCOPES}
