"""Public human pages."""

from django.urls import path

from . import views

app_name = "discovery"

urlpatterns = [
    path("issuers/<str:entity_id>/", views.issuer, name="issuer"),
    path("badges/<str:entity_id>/", views.badge, name="badge"),
    path("awards/<str:entity_id>/", views.award, name="award"),
]
