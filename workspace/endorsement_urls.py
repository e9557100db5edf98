"""An issuer's endorsements page, under /issue/<issuer id>/endorsements/."""

from django.urls import path

from .views import endorsements

app_name = "endorsements"

urlpatterns = [
    path("issue/<str:issuer_id>/endorsements/", endorsements.endorsements, name="endorsements"),
]
