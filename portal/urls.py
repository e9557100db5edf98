"""The URL map: pages (Wagtail) last, everything with a fixed prefix before them."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider.views import RevokeTokenView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from accounts.oauth import ThrottledTokenView
from backpack.api import urls as backpack_api_urls
from badges.api import urls as badges_api_urls
from sso import views as sso_views
from web.i18n import language_patterns
from webhooks.api import urls as webhooks_api_urls

from . import views

urlpatterns = [
    path("health", views.health, name="health"),
    # Browsers ask for /favicon.ico where a page names no icon (feeds, JSON, embeds).
    path("favicon.ico", views.favicon, name="favicon"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/pathways/<int:page_id>/follow", views.pathway_follow, name="pathway-follow"),
    path("admin/", include(wagtailadmin_urls)),
    path("staff/", admin.site.urls),
    # The language switcher (a POST form in the header) and the JavaScript strings' catalogue.
    path("i18n/language", account_views.language_switch, name="set_language"),
    path("i18n/catalog.js", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/delete/", account_views.account_delete, name="account-delete"),
    path("accounts/profile/", account_views.account_profile, name="account-profile"),
    path("accounts/photo/<str:entity_id>", account_views.account_photo, name="account-photo"),
    # The sign-in page: ?idp=<slug> goes straight to that institution (sso), else allauth's.
    path("accounts/login/", sso_views.login, name="account_login"),
    path(
        "accounts/saml/<str:organization_slug>/acs/finish/",
        sso_views.saml_finish_acs,
        name="saml_finish_acs",
    ),
    path("accounts/", include("allauth.urls")),
    # Badgr clients post to /o/token without the slash; throttled against password guessing.
    re_path(r"^o/token/?$", ThrottledTokenView.as_view(), name="oauth-token"),
    re_path(r"^o/revoke_token/?$", RevokeTokenView.as_view(), name="oauth-revoke-token"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    # The REST API v2 (Badgr's paths): the issuing, backpack and webhooks parts, each app's own.
    path(
        "v2/",
        include(
            (
                badges_api_urls.urlpatterns
                + backpack_api_urls.urlpatterns
                + webhooks_api_urls.urlpatterns,
                "api_v2",
            )
        ),
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's set-up script as a file, so no inline script runs.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("documents/", include(wagtaildocs_urls)),
    path("public/", include("badges.urls")),
    path("", include("workspace.studio_urls")),
    path("", include("badges.did_urls")),
    # The Open Badges 3.0 API, Badge Connect and the learner's apps-with-access page.
    path("", include("obapi.urls")),
    path("", include("certificates.urls")),
    path("", include("backpack.urls")),
    path("", include("wallets.urls")),
    path("", include("workspace.urls")),
    path("", include("lti.urls")),
]
# Public pages also answer under a language prefix (/fr/badges/...), for search engines;
# the unprefixed address answers in the visitor's language (web/i18n.py).
urlpatterns += language_patterns(path("", include("discovery.urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += language_patterns(path("", include(wagtail_urls)))
