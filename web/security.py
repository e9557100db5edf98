"""Security headers: a Content-Security-Policy for each part of the site, Permissions-Policy,
safe headers on stored files, and `frameable` for the pages other sites may embed.

The portal's policy is `CONTENT_SECURITY_POLICY` (no inline script or style without the
request's nonce). Parts of the site whose templates come from other projects get what they
need on top, by path (`LAUREL_CSP_PATH_POLICIES`). Everything else is denied framing.
"""

from collections.abc import Callable
from functools import wraps

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_exempt

# A stored file (an upload, an SVG badge) opened on its own can neither run script nor load
# anything: `sandbox` also gives it an opaque origin, so a crafted SVG that passed the scrubber
# still cannot reach the site's cookies or pages. Its own styles and data: images still draw.
FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def frameable(view: Callable) -> Callable:
    """Lets other sites frame this view (embeds): no `frame-ancestors`, no X-Frame-Options.

    Every other page keeps `frame-ancestors 'none'`. Use on a view function, or on
    `SomeView.as_view()` in urls.py.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response.laurel_frameable = True
        return response

    return xframe_options_exempt(wrapped)


def file_response(
    content: bytes, *, content_type: str, filename: str, download: bool = False
) -> HttpResponse:
    """A stored file with a name, a declared type and the file policy (see FILE_POLICY)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(download, filename)
    response[HEADER] = FILE_POLICY
    return response


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy by path, plus Permissions-Policy and the
    file policy on media served by Django itself."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        replace: dict = {}
        for prefix, directives in settings.LAUREL_CSP_PATH_POLICIES.items():
            if request.path_info.startswith(prefix):
                replace = dict(directives)
                break
        if getattr(response, "laurel_frameable", False):
            replace["frame-ancestors"] = None
        parts.replace = {**replace, **(parts.replace or {})}
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path_info.startswith(settings.MEDIA_URL):
            response.setdefault(HEADER, FILE_POLICY)
            if "Content-Disposition" not in response:
                name = request.path_info.rsplit("/", 1)[-1]
                response["Content-Disposition"] = content_disposition_header(False, name)
        response = super().process_response(request, response)
        response.setdefault("Permissions-Policy", settings.LAUREL_PERMISSIONS_POLICY)
        return response
