"""Issuer workspace URLs, all under /issue/."""

from django.urls import path

from .views import (
    awards,
    badge_translations,
    badges,
    claim_codes,
    dashboard,
    endorsements,
    invitations,
    issuers,
    reviews,
    webhooks,
)

app_name = "workspace"

I = "issue/<str:issuer_id>"  # noqa: E741
B = I + "/badges/<str:badge_id>"

urlpatterns = [
    path("issue/", issuers.home, name="home"),
    path("issue/new/", issuers.issuer_create, name="issuer-new"),
    path("issue/all/", dashboard.operator_dashboard, name="operator-dashboard"),
    path("issue/preview/markdown", badges.markdown_preview, name="markdown-preview"),
    path("issue/invitations/<str:token>/", invitations.invitation, name="invitation"),
    path(f"{I}/", dashboard.dashboard, name="dashboard"),
    path(f"{I}/settings/", issuers.issuer_settings, name="settings"),
    path(f"{I}/delete/", issuers.issuer_delete, name="issuer-delete"),
    path(f"{I}/staff/", issuers.staff, name="staff"),
    path(f"{I}/leave/", invitations.leave, name="leave"),
    path(f"{I}/endorsements/", endorsements.endorsements, name="endorsements"),
    path(f"{I}/webhooks/", webhooks.webhooks, name="webhooks"),
    path(f"{I}/webhooks/<str:endpoint_id>/", webhooks.webhook, name="webhook"),
    path(f"{I}/webhooks/<str:endpoint_id>/delete/", webhooks.webhook_delete, name="webhook-delete"),
    path(f"{I}/badges/", badges.badge_list, name="badges"),
    path(f"{I}/badges/new/", badges.badge_new, name="badge-new"),
    path(f"{B}/edit/", badges.badge_edit, name="badge-edit"),
    path(f"{B}/action", badges.badge_action, name="badge-action"),
    path(f"{B}/delete/", badges.badge_delete, name="badge-delete"),
    path(f"{B}/image", badges.badge_image, name="badge-image"),
    path(
        f"{B}/translations/<str:language>/",
        badge_translations.badge_translation,
        name="badge-translation",
    ),
    path(f"{B}/award/", awards.award, name="award"),
    path(f"{B}/awards/", awards.award_list, name="awards"),
    path(f"{B}/awards/revoke/", awards.award_revoke, name="award-revoke"),
    path(f"{B}/awards/resend/", awards.award_resend, name="award-resend"),
    path(f"{B}/awards/<str:award_id>/wallet/", awards.award_wallet, name="award-wallet"),
    path(f"{B}/awards/renew/", awards.award_renew, name="award-renew"),
    path(f"{I}/jobs/<str:job_id>/", awards.job, name="job"),
    path(f"{B}/codes/", claim_codes.claim_codes, name="claim-codes"),
    path(f"{B}/codes/codes.csv", claim_codes.claim_codes_csv, name="claim-codes-csv"),
    path(f"{B}/codes/print/", claim_codes.claim_codes_print, name="claim-codes-print"),
    path(f"{B}/codes/<str:code_id>/qr", claim_codes.claim_code_qr, name="claim-code-qr"),
    path(f"{I}/review/", reviews.review_queue, name="review-queue"),
    path(f"{I}/review/<str:application_id>/", reviews.review_detail, name="review"),
    path(f"{I}/review/<str:application_id>/action", reviews.review_action, name="review-action"),
]
