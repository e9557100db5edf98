"""The backpack's public pages: badge and collection share pages, embeds, oEmbed, and the
verify page anyone may use. A revoked badge's pages say so (410); a private collection is 404."""

import json
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from badges import artefacts
from badges.openbadges.report import VerificationReport
from badges.openbadges.verify import verify_badge
from badges.own_documents import own_or_remote
from web.forms import render_form
from web.security import file_response, frameable
from web.site import site_name

from . import selectors
from .forms import BadgeSourceForm
from .items import BackpackItem
from .models import ImportedBadge
from .sharing import badge_share_links, collection_share_links, collection_share_url

EMBED_SIZE = (420, 240)


def _shared_item(entity_id: str) -> BackpackItem:
    item = selectors.shared_item_get(entity_id=entity_id)
    if item is None:
        raise Http404(_("This badge is not shared."))
    return item


def _revoked_item(entity_id: str) -> BackpackItem:
    """A badge that is not shared: revoked since it was (its page says so), or else a 404."""
    item = selectors.revoked_item_get(entity_id=entity_id)
    if item is None:
        raise Http404(_("This badge is not shared."))
    return item


def _revoked_page(request, item: BackpackItem, template: str = "backpack/share_revoked.html"):
    """The page of a revoked badge: what it was, when and why it was revoked; status 410."""
    if item.imported:
        revoked_at, reason = item.obj.verified_at, item.obj.status_detail
    else:
        revoked_at, reason = item.obj.revoked_at, item.obj.revocation_reason
    return render(
        request,
        template,
        {"item": item, "items": [], "revoked_at": revoked_at, "reason": reason},
        status=410,
    )


@require_GET
def share_badge(request, entity_id: str):
    item = selectors.shared_item_get(entity_id=entity_id)
    if item is None:
        return _revoked_page(request, _revoked_item(entity_id))
    return render(
        request,
        "backpack/share_badge.html",
        {
            "item": item,
            "share_url": item.absolute_share_url,
            "earner": selectors.item_earner_profile(item=item),
            "links": badge_share_links(item, site_name(request)),
            "embed_code": embed_code(item.absolute_share_url),
            # The report is shown at once, and the page opens scrolled to it.
            "verify_url": reverse("backpack:verify")
            + "?"
            + urlencode({"url": item.assertion_url})
            + "#report",
        },
    )


@require_GET
def share_image(request, entity_id: str):
    """An imported badge's image; `?fmt=wide` is the 1200x628 social card."""
    imported = ImportedBadge.objects.filter(entity_id=entity_id).first()
    if imported is None or not imported.image:
        raise Http404(_("No image for this badge."))
    wide = request.GET.get("fmt") == "wide"
    artefact = artefacts.image(f"imports/{entity_id}", imported.image, wide=wide)
    # Served as uploaded files are: a stored file's policy (no script, sandboxed), inline.
    extension = "svg" if artefact.content_type == "image/svg+xml" else "png"
    response = file_response(
        artefact.content, content_type=artefact.content_type, filename=f"{entity_id}.{extension}"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _public_collection(entity_id: str):
    collection = selectors.public_collection_get(entity_id=entity_id)
    if collection is None:
        raise Http404(_("This collection is private or does not exist."))
    return collection, selectors.collection_items(collection=collection, public=True)


@require_GET
def share_collection(request, entity_id: str):
    collection, items = _public_collection(entity_id)
    url = collection_share_url(entity_id)
    return render(
        request,
        "backpack/share_collection.html",
        {
            "collection": collection,
            "items": items,
            "owner": selectors.public_profile(user=collection.owner),
            "share_url": url,
            "links": collection_share_links(url, collection.name, site_name(request)),
            "embed_code": embed_code(url),
        },
    )


@frameable
@require_GET
def embed_badge(request, entity_id: str):
    item = selectors.shared_item_get(entity_id=entity_id)
    if item is None:
        return _revoked_page(request, _revoked_item(entity_id), "backpack/embed.html")
    return render(request, "backpack/embed.html", {"items": [item]})


@frameable
@require_GET
def embed_collection(request, entity_id: str):
    collection, items = _public_collection(entity_id)
    return render(request, "backpack/embed.html", {"collection": collection, "items": items})


def _embed_url(share_url: str) -> str | None:
    """The embed page of a share page URL on this site, or None."""
    parts = urlsplit(share_url)
    base = urlsplit(settings.LAUREL_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    kinds = {"share-badge": "embed-badge", "share-collection": "embed-collection"}
    if match.namespace != "backpack" or match.url_name not in kinds:
        return None
    return settings.LAUREL_BASE_URL + reverse(
        f"backpack:{kinds[match.url_name]}", args=[match.kwargs["entity_id"]]
    )


def embed_code(share_url: str) -> str:
    return _iframe(_embed_url(share_url), *EMBED_SIZE)


def _iframe(embed_url: str, width: int, height: int) -> str:
    """The HTML other sites paste (or get from oEmbed) to show an embed page."""
    return (
        f'<iframe src="{embed_url}" width="{width}" height="{height}" '
        'style="border:0" loading="lazy" title="Open Badges"></iframe>'
    )


@require_GET
def oembed(request):
    """oEmbed (https://oembed.com) for share pages: a `rich` answer holding the embed iframe."""
    url = request.GET.get("url", "")
    if request.GET.get("format", "json") != "json":
        return JsonResponse({"error": _("Only format=json is offered.")}, status=501)
    embed = _embed_url(url)
    if embed is None:
        return JsonResponse(
            {"error": _("Give the url of a badge or collection share page on this site.")},
            status=404,
        )
    entity_id = embed.rstrip("/").rsplit("/", 1)[-1]
    if "/collections/" in embed:
        collection, items = _public_collection(entity_id)
        title, thumbnail = collection.name, (items[0].wide_image_url if items else None)
    else:
        if selectors.revoked_item_get(entity_id=entity_id) is not None:
            return JsonResponse({"error": _("This badge was revoked by its issuer.")}, status=410)
        item = _shared_item(entity_id)
        title, thumbnail = f"{item.name} ({item.issuer_name})", item.wide_image_url
    width, height = EMBED_SIZE
    try:
        width = max(1, min(width, int(request.GET.get("maxwidth", width))))
        height = max(1, min(height, int(request.GET.get("maxheight", height))))
    except ValueError:
        return JsonResponse({"error": _("maxwidth and maxheight are whole numbers.")}, status=400)
    body = {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": site_name(request),
        "provider_url": settings.LAUREL_BASE_URL,
        "width": width,
        "height": height,
        "html": _iframe(embed, width, height),
    }
    if thumbnail:
        body |= {"thumbnail_url": thumbnail, "thumbnail_width": 1200, "thumbnail_height": 628}
    return JsonResponse(body)


def _visitor_wording(report: VerificationReport, email: str) -> None:
    # A visitor checks someone else's badge: the backpack's "none of yours" is not their case.
    for check in report.checks:
        if check.name == "recipient" and not check.passed:
            check.message = _("This badge was not issued to %(email)s.") % {"email": email}


@require_http_methods(["GET", "POST"])
def verify(request):
    """Anyone verifies a badge: paste a URL or JSON, or upload a baked image, read the report.
    `?url=` (the share pages' *Verify it yourself*) verifies that badge at once."""
    if request.method == "POST":
        form = BadgeSourceForm(request.POST, request.FILES)
        email = request.POST.get("email", "").strip()
    elif "url" in request.GET:
        form = BadgeSourceForm({"url": request.GET["url"]})
        email = ""
    else:
        form, email = BadgeSourceForm(), ""
    report = None
    if form.is_bound and form.is_valid():
        recipients = [("email", email)] if email else []
        report = verify_badge(**form.source(), recipients=recipients, fetch=own_or_remote)
        if email:
            _visitor_wording(report, email)
    return render_form(
        request,
        "backpack/verify.html",
        {
            "form": form,
            "report": report,
            "report_json": json.dumps(report.as_dict(), indent=2) if report else "",
            "email": email,
        },
    )
