"""did:web documents at the paths did:web resolution asks for: the site's and each issuer's."""

from django.urls import path, re_path

from . import views
from .urls import ENTITY

app_name = "did"

urlpatterns = [
    path(".well-known/did.json", views.site_did_document, name="site"),
    re_path(rf"^issuers/{ENTITY}/did\.json$", views.issuer_did_document, name="issuer"),
]
