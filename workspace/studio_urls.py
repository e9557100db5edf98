"""Badge studio URLs, under the issuer workspace's /issue/ prefix."""

from django.urls import path

from . import studio_views

app_name = "studio"

urlpatterns = [
    path(
        "issue/<str:issuer_id>/badges/<str:badge_id>/studio/",
        studio_views.studio,
        name="studio",
    ),
    path("issue/studio/preview", studio_views.studio_preview, name="preview"),
]
