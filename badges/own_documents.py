"""This site's own public Open Badges documents (under /public/, and its did:web documents),
read in process when a badge is verified here.

A badge issued here and imported or verified here needs no request to ourselves: that would
cost a round trip, need the site's own address let through the private-address rules, and
could tie up the only worker of a small deployment while it waits on itself.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, QueryDict
from django.urls import Resolver404, resolve

from .openbadges.fetch import FetchedResponse, safe_get

JSON_LD = "application/ld+json, application/json"


def own_or_remote(url: str) -> FetchedResponse:
    """safe_get for other servers' documents; this site's /public/ documents come from its views."""
    base = settings.LAUREL_BASE_URL
    if not url.startswith((f"{base}/public/", f"{base}/issuers/", f"{base}/.well-known/did.json")):
        return safe_get(url)
    parts = urlsplit(url)
    not_found = FetchedResponse(url, 404, "text/plain", b"Not found", {})
    try:
        match = resolve(parts.path)
    except Resolver404:
        return not_found
    if match.namespace not in ("badges", "did"):
        return not_found
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = parts.path
    request.GET = QueryDict(parts.query)
    request.META = {
        "HTTP_ACCEPT": JSON_LD,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
    }
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except Http404:
        return not_found
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    headers = {name.lower(): value for name, value in response.items()}
    return FetchedResponse(
        url, response.status_code, content_type, bytes(response.content), headers
    )
