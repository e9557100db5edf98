"""Routes of the issuing part of the REST API v2, with Badgr's paths (no trailing slash).

portal/urls.py mounts them at /v2/ together with the backpack's (backpack/api/urls.py) and
the webhooks' (webhooks/api/urls.py).
"""

from django.urls import path

from .views import applications as ap
from .views import assertions as a
from .views import badgeclasses as bc
from .views import changed as c
from .views import claim_codes as cc
from .views import endpoint_path
from .views import issuers as i
from .views import users as u

urlpatterns = [
    endpoint_path("issuers", "Issuers", i.IssuerList, i.IssuerCreate),
    path("issuers/changed", c.IssuersChanged.as_view()),
    endpoint_path(
        "issuers/<str:entity_id>", "Issuer", i.IssuerDetail, i.IssuerUpdate, i.IssuerDelete
    ),
    endpoint_path(
        "issuers/<str:entity_id>/badgeclasses",
        "IssuerBadgeClasses",
        bc.IssuerBadgeClassList,
        bc.IssuerBadgeClassCreate,
    ),
    endpoint_path(
        "issuers/<str:entity_id>/assertions",
        "IssuerAssertions",
        a.IssuerAssertionList,
        a.IssuerAssertionCreate,
    ),
    endpoint_path("badgeclasses", "BadgeClasses", bc.BadgeClassList, bc.BadgeClassCreate),
    path("badgeclasses/changed", c.BadgeClassesChanged.as_view()),
    endpoint_path(
        "badgeclasses/<str:entity_id>",
        "BadgeClass",
        bc.BadgeClassDetail,
        bc.BadgeClassUpdate,
        bc.BadgeClassDelete,
    ),
    endpoint_path(
        "badgeclasses/<str:entity_id>/assertions",
        "BadgeClassAssertions",
        a.BadgeClassAssertionList,
        a.BadgeClassAssertionCreate,
    ),
    path("badgeclasses/<str:entity_id>/issue", a.BadgeClassIssue.as_view()),
    endpoint_path(
        "badgeclasses/<str:entity_id>/claimcodes",
        "BadgeClassClaimCodes",
        cc.BadgeClassClaimCodeList,
        cc.BadgeClassClaimCodeCreate,
    ),
    endpoint_path(
        "claimcodes/<str:entity_id>", "ClaimCode", cc.ClaimCodeDetail, cc.ClaimCodeDisable
    ),
    path("assertions/revoke", a.AssertionBatchRevoke.as_view()),
    path("assertions/changed", c.AssertionsChanged.as_view()),
    path("assertions/<str:entity_id>/credential", a.AssertionCredential.as_view()),
    endpoint_path(
        "assertions/<str:entity_id>",
        "Assertion",
        a.AssertionDetail,
        a.AssertionUpdate,
        a.AssertionRevoke,
    ),
    endpoint_path("applications", "Applications", ap.ApplicationList, ap.ApplicationCreate),
    endpoint_path(
        "applications/<str:entity_id>", "Application", ap.ApplicationDetail, ap.ApplicationUpdate
    ),
    path("applications/<str:entity_id>/evidence", ap.ApplicationEvidenceAdd.as_view()),
    path("applications/<str:entity_id>/submit", ap.ApplicationSubmit.as_view()),
    path("applications/<str:entity_id>/withdraw", ap.ApplicationWithdraw.as_view()),
    path("applications/<str:entity_id>/take", ap.ApplicationTake.as_view()),
    path("applications/<str:entity_id>/review", ap.ApplicationReview.as_view()),
    path("issuers/<str:entity_id>/applications", ap.IssuerApplicationList.as_view()),
    endpoint_path("users/self", "UserSelf", u.UserSelf, u.UserSelfUpdate),
    endpoint_path("auth/tokens", "Tokens", u.TokenList, u.TokenCreate),
    path("auth/tokens/<str:entity_id>", u.TokenDelete.as_view()),
]
