"""Routes of the standard APIs and of the learner's apps-with-access page."""

from django.urls import path

from . import views
from .api.urls import urlpatterns as api_urlpatterns

app_name = "obapi"

urlpatterns = [
    path("accounts/apps/", views.apps_with_access, name="apps"),
    path("accounts/apps/<str:client_id>/withdraw", views.app_withdraw, name="app-withdraw"),
    *api_urlpatterns,
]
