"""Routes of the issuing part of the REST API v2, with Badgr's paths (no trailing slash).

portal/urls.py mounts them at /v2/ together with the backpack's (backpack/api/urls.py).
"""

from django.urls import path

from .views import applications as ap
from .views import assertions as a
from .views import badgeclasses as bc
from .views import changed as c
from .views import claim_codes as cc
from .views import endpoint
from .views import issuers as i
from .views import users as u
from .views import webhooks as w

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
        "issuers/<str:entity_id>/webhooks",
        endpoint("IssuerWebhooks", w.IssuerWebhookList, w.IssuerWebhookCreate).as_view(),
    ),
    path("webhooks/deliveries/<str:entity_id>/redeliver", w.WebhookRedeliver.as_view()),
    path(
        "webhooks/<str:entity_id>",
        endpoint("Webhook", w.WebhookDetail, w.WebhookUpdate, w.WebhookDelete).as_view(),
    ),
    path("webhooks/<str:entity_id>/deliveries", w.WebhookDeliveryList.as_view()),
    path("webhooks/<str:entity_id>/secret", w.WebhookSecretRotate.as_view()),
    path("webhooks/<str:entity_id>/ping", w.WebhookPing.as_view()),
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
