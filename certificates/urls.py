"""Certificate URLs: beside the backpack badge page and the workspace's badge class pages."""

from django.urls import path

from . import views

app_name = "certificates"

B = "issue/<str:issuer_id>/badges/<str:badge_id>"

urlpatterns = [
    path(
        "backpack/badges/<str:entity_id>/certificate.pdf",
        views.learner_certificate,
        name="learner",
    ),
    path(f"{B}/certificate/", views.layout_edit, name="layout"),
    path(f"{B}/certificate/preview.pdf", views.layout_preview, name="preview"),
    path(
        f"{B}/awards/<str:award_id>/certificate.pdf",
        views.award_certificate,
        name="award",
    ),
]
