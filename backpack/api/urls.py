"""Routes of the backpack part of the REST API v2, with Badgr's paths (no trailing slash).

portal/urls.py mounts them at /v2/ together with the issuing part (badges/api/urls.py).
"""

from django.urls import path

from badges.api.views import endpoint_path

from . import views

urlpatterns = [
    path("backpack/assertions", views.BackpackAssertionList.as_view()),
    endpoint_path(
        "backpack/assertions/<str:entity_id>",
        "BackpackAssertion",
        views.BackpackAssertionDetail,
        views.BackpackAssertionUpdate,
        views.BackpackAssertionDelete,
    ),
    endpoint_path(
        "backpack/collections", "Collections", views.CollectionList, views.CollectionCreate
    ),
    endpoint_path(
        "backpack/collections/<str:entity_id>",
        "Collection",
        views.CollectionDetail,
        views.CollectionUpdate,
        views.CollectionDelete,
    ),
    path("backpack/import", views.BackpackImport.as_view()),
    path("backpack/claim", views.BackpackClaim.as_view()),
]
