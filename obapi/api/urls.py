"""Routes of the standard APIs at the paths the specs fix (mounted at the site's root)."""

from django.urls import path

from . import badgeconnect, ob3, registration

urlpatterns = [
    path("ims/ob/v3p0/discovery", ob3.Discovery.as_view(), name="ob3-discovery"),
    path("ims/ob/v3p0/register", registration.Ob3Register.as_view(), name="ob3-register"),
    path("ims/ob/v3p0/credentials", ob3.Credentials.as_view(), name="ob3-credentials"),
    path("ims/ob/v3p0/profile", ob3.Profile.as_view(), name="ob3-profile"),
    path(".well-known/badgeconnect.json", badgeconnect.Manifest.as_view(), name="bc-manifest"),
    path("ims/ob/v2p1/register", registration.BadgeConnectRegister.as_view(), name="bc-register"),
    path("ims/ob/v2p1/assertions", badgeconnect.Assertions.as_view(), name="bc-assertions"),
    path("ims/ob/v2p1/profile", badgeconnect.Profile.as_view(), name="bc-profile"),
]
