"""Public Open Badges URLs, under /public/ (2.0 documents, 3.0 credentials and status lists)."""

from django.urls import path, re_path

from . import views

app_name = "badges"

KIND = r"(?P<kind>issuers|badges|assertions)"
ENTITY = r"(?P<entity_id>[A-Za-z0-9_-]{1,32})"

urlpatterns = [
    re_path(
        rf"^{KIND}/{ENTITY}\.json$", views.document, {"json_suffix": True}, name="document-json"
    ),
    re_path(rf"^{KIND}/{ENTITY}$", views.document, name="document"),
    re_path(rf"^{KIND}/{ENTITY}/image$", views.image, name="image"),
    re_path(
        rf"^badges/{ENTITY}/achievement/(?P<language>[a-z]{{2,3}})$",
        views.achievement,
        name="achievement",
    ),
    re_path(rf"^issuers/{ENTITY}/badges$", views.issuer_badges, name="issuer-badges"),
    re_path(
        rf"^issuers/{ENTITY}/revocations$",
        views.linked_document,
        {"kind": "revocations"},
        name="revocations",
    ),
    re_path(rf"^keys/{ENTITY}$", views.linked_document, {"kind": "keys"}, name="key"),
    re_path(
        rf"^endorsements/{ENTITY}(?:\.json)?$",
        views.linked_document,
        {"kind": "endorsements"},
        name="endorsement",
    ),
    re_path(
        rf"^endorsements/{ENTITY}/credential$",
        views.endorsement_credential,
        name="endorsement-credential",
    ),
    re_path(rf"^assertions/{ENTITY}/baked$", views.baked, name="baked"),
    re_path(rf"^assertions/{ENTITY}/credential$", views.credential, name="credential"),
    re_path(rf"^issuers/{ENTITY}/status-list$", views.status_list, name="status-list"),
    re_path(rf"^evidence/{ENTITY}$", views.evidence_file, name="evidence"),
    path("notifications/unsubscribe/<str:token>", views.unsubscribe, name="unsubscribe"),
]
