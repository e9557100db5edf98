"""Public catalogue URLs: search, badge, issuer and award pages, sitemap, feed, discovery API."""

from django.urls import path
from wagtail.contrib.sitemaps import views as sitemap_views

from . import apis, feeds, views
from .sitemaps import SITEMAPS

app_name = "discovery"

urlpatterns = [
    path("discover/", views.discover, name="discover"),
    path("discover/feed.atom", feeds.NewBadgesFeed(), name="feed"),
    path("issuers/", views.issuer_directory, name="issuer-directory"),
    path("issuers/<str:entity_id>/", views.issuer, name="issuer"),
    path("badges/<str:entity_id>/", views.badge, name="badge"),
    path("awards/<str:entity_id>/", views.award, name="award"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "discovery:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("api/discovery/search", apis.SearchApi.as_view(), name="api-search"),
    path("api/discovery/suggest", apis.SuggestApi.as_view(), name="api-suggest"),
]
