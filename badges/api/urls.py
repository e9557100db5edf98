"""URLs of the REST API v2, mounted at /v2/, with Badgr's paths (no trailing slash)."""

from django.urls import path

from .views import applications as ap
from .views import assertions as a
from .views import backpack as b
from .views import badgeclasses as bc
from .views import changed as c
from .views import claim_codes as cc
from .views import endpoint
from .views import issuers as i
from .views import users as u

app_name = "api_v2"

urlpatterns = [
    path("issuers", endpoint("Issuers", i.IssuerList, i.IssuerCreate).as_view()),
    path("issuers/changed", c.IssuersChanged.as_view()),
    path(
        "issuers/<str:entity_id>",
        endpoint("Issuer", i.IssuerDetail, i.IssuerUpdate, i.IssuerDelete).as_view(),
    ),
    path(
        "issuers/<str:entity_id>/badgeclasses",
        endpoint(
            "IssuerBadgeClasses", bc.IssuerBadgeClassList, bc.IssuerBadgeClassCreate
        ).as_view(),
    ),
    path(
        "issuers/<str:entity_id>/assertions",
        endpoint("IssuerAssertions", a.IssuerAssertionList, a.IssuerAssertionCreate).as_view(),
    ),
    path(
        "badgeclasses", endpoint("BadgeClasses", bc.BadgeClassList, bc.BadgeClassCreate).as_view()
    ),
    path("badgeclasses/changed", c.BadgeClassesChanged.as_view()),
    path(
        "badgeclasses/<str:entity_id>",
        endpoint(
            "BadgeClass", bc.BadgeClassDetail, bc.BadgeClassUpdate, bc.BadgeClassDelete
        ).as_view(),
    ),
    path(
        "badgeclasses/<str:entity_id>/assertions",
        endpoint(
            "BadgeClassAssertions", a.BadgeClassAssertionList, a.BadgeClassAssertionCreate
        ).as_view(),
    ),
    path("badgeclasses/<str:entity_id>/issue", a.BadgeClassIssue.as_view()),
    path(
        "badgeclasses/<str:entity_id>/claimcodes",
        endpoint(
            "BadgeClassClaimCodes", cc.BadgeClassClaimCodeList, cc.BadgeClassClaimCodeCreate
        ).as_view(),
    ),
    path(
        "claimcodes/<str:entity_id>",
        endpoint("ClaimCode", cc.ClaimCodeDetail, cc.ClaimCodeDisable).as_view(),
    ),
    path("assertions/revoke", a.AssertionBatchRevoke.as_view()),
    path("assertions/changed", c.AssertionsChanged.as_view()),
    path("assertions/<str:entity_id>/credential", a.AssertionCredential.as_view()),
    path(
        "assertions/<str:entity_id>",
        endpoint("Assertion", a.AssertionDetail, a.AssertionUpdate, a.AssertionRevoke).as_view(),
    ),
    path("backpack/assertions", b.BackpackAssertionList.as_view()),
    path(
        "backpack/assertions/<str:entity_id>",
        endpoint(
            "BackpackAssertion",
            b.BackpackAssertionDetail,
            b.BackpackAssertionUpdate,
            b.BackpackAssertionDelete,
        ).as_view(),
    ),
    path(
        "backpack/collections",
        endpoint("Collections", b.CollectionList, b.CollectionCreate).as_view(),
    ),
    path(
        "backpack/collections/<str:entity_id>",
        endpoint(
            "Collection", b.CollectionDetail, b.CollectionUpdate, b.CollectionDelete
        ).as_view(),
    ),
    path("backpack/import", b.BackpackImport.as_view()),
    path("backpack/claim", cc.BackpackClaim.as_view()),
    path(
        "applications",
        endpoint("Applications", ap.ApplicationList, ap.ApplicationCreate).as_view(),
    ),
    path(
        "applications/<str:entity_id>",
        endpoint("Application", ap.ApplicationDetail, ap.ApplicationUpdate).as_view(),
    ),
    path("applications/<str:entity_id>/evidence", ap.ApplicationEvidenceAdd.as_view()),
    path("applications/<str:entity_id>/submit", ap.ApplicationSubmit.as_view()),
    path("applications/<str:entity_id>/withdraw", ap.ApplicationWithdraw.as_view()),
    path("applications/<str:entity_id>/take", ap.ApplicationTake.as_view()),
    path("applications/<str:entity_id>/review", ap.ApplicationReview.as_view()),
    path("issuers/<str:entity_id>/applications", ap.IssuerApplicationList.as_view()),
    path("users/self", endpoint("UserSelf", u.UserSelf, u.UserSelfUpdate).as_view()),
    path("auth/tokens", endpoint("Tokens", u.TokenList, u.TokenCreate).as_view()),
    path("auth/tokens/<str:entity_id>", u.TokenDelete.as_view()),
]
