"""Routes of the standard APIs and of the learner's apps-with-access page."""

from django.urls import path

from . import host_views, views
from .api.urls import urlpatterns as api_urlpatterns

app_name = "obapi"

urlpatterns = [
    path("accounts/apps/", views.apps_with_access, name="apps"),
    path("accounts/apps/<str:client_id>/withdraw", views.app_withdraw, name="app-withdraw"),
    path("accounts/backpacks/", host_views.hosts, name="hosts"),
    path("accounts/backpacks/connect", host_views.host_connect, name="host-connect"),
    path("accounts/backpacks/callback", host_views.host_callback, name="host-callback"),
    path(
        "accounts/backpacks/<int:pk>/send/<str:entity_id>", host_views.host_send, name="host-send"
    ),
    path(
        "accounts/backpacks/<int:pk>/disconnect",
        host_views.host_disconnect,
        name="host-disconnect",
    ),
    *api_urlpatterns,
]
