"""What the views of both standard APIs share: bearer tokens only, scopes checked per method,
JSON (or a compact JWS as text) in and out, and paging with X-Total-Count and Link."""

from datetime import datetime
from urllib.parse import urlencode

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.models import AccessToken
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

MAX_LIMIT = 1000


def needs(scope: str):
    """Mark a view method with the OAuth scope its token must carry."""

    def mark(method):
        method.scope = scope
        return method

    return mark


class HasScope(BasePermission):
    message = gettext_lazy("This token lacks the scope this endpoint needs.")

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, AccessToken):
            return False
        handler = getattr(view, (request.method or "").lower(), None)
        needed = getattr(handler, "scope", None)
        if needed is None or needed in request.auth.scope.split():
            return True
        self.message = _("This token lacks the %(scope)s scope; ask the learner for it.") % {
            "scope": needed
        }
        return False


class JwsParser(BaseParser):
    """A compact JWS sent as text/plain, as the spec allows for signed credentials."""

    media_type = "text/plain"

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return stream.read().decode("utf-8").strip()
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Send the compact JWS as UTF-8 text.")) from exc


class StandardApiView(APIView):
    authentication_classes = [OAuth2Authentication]
    permission_classes = [HasScope]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser, JwsParser]


class OpenView(APIView):
    """An endpoint anyone may call (discovery, registration)."""

    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]


def _number(request, name: str, default: int, lowest: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = lowest - 1
    if value < lowest:
        raise ValidationError(
            _("%(name)s must be a whole number of at least %(lowest)s.")
            % {"name": name, "lowest": lowest}
        )
    return value


def paging(request) -> tuple[int, int, datetime | None]:
    """limit, offset and since from the query; a bad value is a 400, never a guess."""
    limit = min(_number(request, "limit", 100, 1), MAX_LIMIT)
    offset = _number(request, "offset", 0, 0)
    raw_since = request.query_params.get("since")
    since = None
    if raw_since is not None:
        try:
            since = parse_datetime(raw_since)
        except ValueError:
            since = None
        if since is None or since.tzinfo is None:
            raise ValidationError(
                _(
                    "since must be an ISO 8601 date and time with its time zone, "
                    "such as 2024-05-01T00:00:00Z."
                )
            )
    return limit, offset, since


def page_headers(request, *, total: int, limit: int, offset: int) -> dict[str, str]:
    """X-Total-Count and the Link header (first, last, next, prev) of RFC 8288."""
    base = request.build_absolute_uri(request.path)
    kept = {k: v for k, v in request.query_params.items() if k not in ("limit", "offset")}

    def link(at: int, rel: str) -> str:
        return f'<{base}?{urlencode({**kept, "limit": limit, "offset": at})}>; rel="{rel}"'

    last = max((total - 1) // limit * limit, 0)
    links = []
    if offset + limit < total:
        links.append(link(offset + limit, "next"))
    links.append(link(last, "last"))
    links.append(link(0, "first"))
    if offset > 0:
        links.append(link(max(offset - limit, 0), "prev"))
    return {"X-Total-Count": str(total), "Link": ", ".join(links)}
