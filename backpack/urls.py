"""Backpack URLs: the learner's pages under /backpack/, public share, embed, oEmbed and verify."""

from django.urls import path

from . import claim_views, public_views, views

app_name = "backpack"

urlpatterns = [
    path("backpack/", views.backpack, name="list"),
    path("backpack/import/", views.badge_import, name="import"),
    path("backpack/export.zip", views.backpack_export, name="export"),
    path("backpack/badges/<str:entity_id>/", views.badge_detail, name="badge"),
    path("backpack/badges/<str:entity_id>/action", views.badge_action, name="badge-action"),
    path("backpack/badges/<str:entity_id>/download", views.badge_download, name="download"),
    path("backpack/badges/<str:entity_id>/remove/", views.badge_remove, name="badge-remove"),
    path("backpack/collections/", views.collections, name="collections"),
    path("backpack/collections/<str:entity_id>/", views.collection_detail, name="collection"),
    path(
        "backpack/collections/<str:entity_id>/delete/",
        views.collection_delete,
        name="collection-delete",
    ),
    path("backpack/applications/", views.applications, name="applications"),
    path("backpack/apply/<str:badge_id>/", views.apply, name="apply"),
    path("backpack/applications/<str:entity_id>/", views.application_detail, name="application"),
    path(
        "backpack/applications/<str:entity_id>/edit/",
        views.application_edit,
        name="application-edit",
    ),
    path(
        "backpack/applications/<str:entity_id>/withdraw",
        views.application_withdraw,
        name="application-withdraw",
    ),
    path("share/badges/<str:entity_id>/", public_views.share_badge, name="share-badge"),
    path("share/badges/<str:entity_id>/image", public_views.share_image, name="share-image"),
    path(
        "share/collections/<str:entity_id>/", public_views.share_collection, name="share-collection"
    ),
    path("embed/badges/<str:entity_id>/", public_views.embed_badge, name="embed-badge"),
    path(
        "embed/collections/<str:entity_id>/", public_views.embed_collection, name="embed-collection"
    ),
    path("oembed", public_views.oembed, name="oembed"),
    path("verify/", public_views.verify, name="verify"),
    path("claim/", claim_views.claim, name="claim"),
    path("claim/claimed/<str:entity_id>/", claim_views.claimed, name="claimed"),
    path("claim/<str:code>", claim_views.claim, name="claim-code"),
]
