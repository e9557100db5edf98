"""Public Open Badges endpoints: 2.0 JSON-LD for machines, redirects for people, cards for bots;
3.0 credentials, status lists and DID documents."""

import json

from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from web.security import FILE_POLICY, HEADER, file_response

from . import artefacts, credentials, public, selectors
from .models import Assertion, BadgeClass, Endorsement, Issuer
from .negotiation import credential_format, jwt_media_type, wants
from .openbadges import ob2, ob3

KINDS = {"issuers": Issuer, "badges": BadgeClass, "assertions": Assertion}
EXPANDS = {"issuers": ("",), "badges": public.BADGE_EXPANDS, "assertions": public.ASSERTION_EXPANDS}
HUMAN_PAGES = {
    "issuers": "discovery:issuer",
    "badges": "discovery:badge",
    "assertions": "discovery:award",
}
CACHE_CONTROL = "public, max-age=300"


def _image_response(artefact: artefacts.Artefact, name: str, *, download: bool) -> HttpResponse:
    # Artefacts are only ever PNG or SVG (badges/images.py accepts nothing else).
    extension = "svg" if artefact.content_type == "image/svg+xml" else "png"
    return file_response(
        artefact.content,
        content_type=artefact.content_type,
        filename=f"{name}.{extension}",
        download=download,
    )


def _json_response(request, document: public.PublicDocument) -> HttpResponse:
    if request.headers.get("If-None-Match") == document.etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(
            document.body, status=document.status, content_type="application/ld+json"
        )
    response["ETag"] = document.etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    response["Vary"] = "Accept, User-Agent"
    return response


@require_GET
def document(request, kind: str, entity_id: str, json_suffix: bool = False):
    """`/public/<kind>/<id>` and `/public/<kind>/<id>.json`."""
    expand = request.GET.get("expand", "")
    if expand not in EXPANDS[kind]:
        return HttpResponse(
            f"Unknown expand={expand!r}; use one of: "
            + ", ".join(repr(e) for e in EXPANDS[kind] if e),
            status=400,
            content_type="text/plain",
        )
    audience = "json" if json_suffix else wants(request)
    if audience == "html":
        if not KINDS[kind].objects.filter(entity_id=entity_id).exists():
            raise Http404("No such badge object.")
        return HttpResponseRedirect(reverse(HUMAN_PAGES[kind], args=[entity_id]))
    if audience == "bot":
        return social_card(request, kind, entity_id)
    found = public.get_document(kind, entity_id, expand)
    if found is None:
        raise Http404("No such badge object.")
    return _json_response(request, found)


@require_GET
def issuer_badges(request, entity_id: str):
    issuer = get_object_or_404(Issuer, entity_id=entity_id)
    badges = [
        ob2.badge_class_document(badge, context=False)
        for badge in selectors.badge_class_list(issuer=issuer)
    ]
    body = {"@context": ob2.CONTEXT, "id": request.build_absolute_uri(), "badges": badges}
    response = JsonResponse(body, content_type="application/ld+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def achievement(request, entity_id: str, language: str):
    """`/public/badges/<id>/achievement/<language>`: a translation of a badge class as an
    Open Badges 3.0 Achievement, the related version its credentials name."""
    badge = get_object_or_404(BadgeClass.objects.filter(draft=False), entity_id=entity_id)
    translations = selectors.badge_class_translation_languages(badge_class=badge)
    if language not in translations:
        raise Http404(_("This badge has no version in that language."))
    shown = selectors.badge_class_in_language(badge, language)
    body = {"@context": ob3.CONTEXT, **ob3.achievement_document(shown, translations=translations)}
    response = JsonResponse(
        body, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_GET
def linked_document(request, kind: str, entity_id: str):
    """Documents that are only ever JSON: an issuer's revocation list and public keys, and
    endorsements (2.0)."""
    found = public.get_document(kind, entity_id)
    if found is None:
        raise Http404("No such revocation list, key or endorsement.")
    return _json_response(request, found)


@require_GET
def image(request, kind: str, entity_id: str):
    """`?type=png` converts SVG to PNG; `?fmt=wide` gives a 1.91:1 social card."""
    as_png = request.GET.get("type") == "png"
    wide = request.GET.get("fmt") == "wide"
    objects = KINDS[kind].objects.all()
    if kind == "badges":
        objects = objects.filter(draft=False)  # a draft's image is seen in its workspace only
    obj = get_object_or_404(objects, entity_id=entity_id)
    if kind == "assertions":
        if obj.revoked:
            return HttpResponse(_("This badge was revoked."), status=410, content_type="text/plain")
        if wide:
            artefact = artefacts.image(
                f"badges/{obj.badge_class.entity_id}", obj.badge_class.image, wide=True
            )
        else:
            artefact = artefacts.baked(obj, as_png=as_png)
    else:
        if not obj.image:
            raise Http404("This issuer has no image.")
        artefact = artefacts.image(f"{kind}/{entity_id}", obj.image, as_png=as_png, wide=wide)
    response = _image_response(artefact, entity_id, download=False)
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def baked(request, entity_id: str):
    assertion = get_object_or_404(
        Assertion.objects.select_related("badge_class"), entity_id=entity_id
    )
    if assertion.revoked:
        return HttpResponse(_("This badge was revoked."), status=410, content_type="text/plain")
    artefact = artefacts.baked(assertion, as_png=request.GET.get("type") == "png")
    return _image_response(
        artefact, f"{assertion.badge_class.name[:60]}-{entity_id}", download=True
    )


CREDENTIAL_TYPES = {
    "json": "application/vc+ld+json",
    "jwt": "text/plain",  # jwt_media_type: what Accept named, else OB 3.0's text/plain
    "png": "image/png",
    "svg": "image/svg+xml",
}


@require_GET
def credential(request, entity_id: str):
    """`/public/assertions/<id>/credential`: the award as an Open Badges 3.0 credential.
    `?format=json|jwt|png|svg` (or the Accept header) picks the Data Integrity JSON, the
    VC-JWT, or the badge image with the credential baked in; `?proof=jwt` bakes the JWT."""
    requested = request.GET.get("format") or credential_format(request)
    proof = request.GET.get("proof", "json" if requested != "jwt" else "jwt")
    if requested not in CREDENTIAL_TYPES or proof not in ("json", "jwt"):
        return HttpResponse(
            "Unknown format; use ?format=json, jwt, png or svg (and ?proof=json or jwt for "
            "images).",
            status=400,
            content_type="text/plain",
        )
    assertion = get_object_or_404(
        Assertion.objects.select_related("badge_class__issuer"), entity_id=entity_id
    )
    if assertion.revoked:
        return HttpResponse(_("This badge was revoked."), status=410, content_type="text/plain")
    name = f"{assertion.badge_class.name[:60]}-{entity_id}"
    if requested == "json":
        body = json.dumps(credentials.credential_json(assertion), ensure_ascii=False)
        response = HttpResponse(body, content_type=CREDENTIAL_TYPES["json"])
        extension = "json"
    elif requested == "jwt":
        response = HttpResponse(
            credentials.credential_jwt(assertion), content_type=jwt_media_type(request)
        )
        extension = "jwt"
    else:
        artefact = credentials.baked_credential(assertion, proof=proof, as_png=requested == "png")
        response = HttpResponse(artefact.content, content_type=artefact.content_type)
        extension = "svg" if artefact.content_type == "image/svg+xml" else "png"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Vary"] = "Accept"
    return response


@require_GET
def endorsement_credential(request, entity_id: str):
    """`/public/endorsements/<id>/credential`: the endorsement as an Open Badges 3.0
    EndorsementCredential, `?format=json` (Data Integrity) or `jwt` (or by the Accept header)."""
    requested = request.GET.get("format") or credential_format(request)
    if requested not in ("json", "jwt"):
        return HttpResponse(
            "Unknown format; use ?format=json or jwt.", status=400, content_type="text/plain"
        )
    endorsement = get_object_or_404(
        Endorsement.objects.select_related("endorser", "issuer", "badge_class", "assertion"),
        entity_id=entity_id,
    )
    if endorsement.revoked:
        return HttpResponse(
            "This endorsement was withdrawn.", status=410, content_type="text/plain"
        )
    if requested == "json":
        body = json.dumps(credentials.endorsement_json(endorsement), ensure_ascii=False)
        response = HttpResponse(body, content_type=CREDENTIAL_TYPES["json"])
    else:
        response = HttpResponse(
            credentials.endorsement_jwt(endorsement), content_type=jwt_media_type(request)
        )
    response["Access-Control-Allow-Origin"] = "*"
    response["Vary"] = "Accept"
    return response


def _did_json(body: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(body), content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_GET
def issuer_did_document(request, entity_id: str):
    """`/issuers/<id>/did.json`: the issuer's did:web document with every 3.0 key it had."""
    issuer = get_object_or_404(Issuer, entity_id=entity_id)
    return _did_json(credentials.issuer_did_document(issuer))


@require_GET
def site_did_document(request):
    """`/.well-known/did.json`: this site's own did:web document."""
    return _did_json(credentials.site_did_document())


@require_GET
def status_list(request, entity_id: str):
    """`/public/issuers/<id>/status-list`: the issuer's signed Bitstring Status List."""
    issuer = get_object_or_404(Issuer, entity_id=entity_id)
    response = HttpResponse(
        json.dumps(credentials.status_list(issuer)), content_type="application/vc+ld+json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    # Short: a revocation must reach verifiers soon.
    response["Cache-Control"] = "public, max-age=60"
    return response


def social_card(request, kind: str, entity_id: str):
    card = selectors.social_card(kind=kind, entity_id=entity_id)
    if card is None:
        raise Http404("No such badge object.")
    return render(request, "badges/social_card.html", {"card": card})


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Stop award notifications to the email address signed into the link."""
    from django.core import signing

    from .notifications import UNSUBSCRIBE_SALT
    from .services.public_documents import notification_opt_out

    try:
        email = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return render(request, "badges/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        notification_opt_out(email=email)
        return render(request, "badges/unsubscribe.html", {"email": email, "done": True})
    return render(request, "badges/unsubscribe.html", {"email": email})


@require_GET
def evidence_file(request, entity_id: str):
    """An application's evidence file: for the learner and the issuer's staff, and for anyone
    once the badge is awarded (the award's evidence links here). Images open in the browser;
    other files download. Others get 404, as if there were no such file."""
    evidence = selectors.evidence_file_get(entity_id=entity_id)
    if evidence is None or not selectors.evidence_viewable(evidence=evidence, user=request.user):
        raise Http404("No such evidence.")
    inline = evidence.content_type.startswith("image/")
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, evidence.file_name)
    response["Content-Length"] = str(evidence.size)
    response[HEADER] = FILE_POLICY
    response["Cache-Control"] = "private, no-store"
    return response
