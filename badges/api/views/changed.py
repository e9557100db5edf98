"""What changed since a moment: issuers, badge classes and assertions, for syncing clients."""

from drf_spectacular.utils import OpenApiParameter

from ..pagination import paginate
from ..permissions import issuer_limit, needs
from ..schema import api_schema
from ..selectors import changed_since, user_assertions, user_badge_classes, user_issuers
from ..serializers.assertions import AssertionOutput, ChangedSinceInput
from ..serializers.badge_classes import BadgeClassOutput
from ..serializers.issuers import IssuerOutput
from . import ApiView, checked

SINCE = OpenApiParameter(
    "since", str, required=True, description="ISO 8601 date and time, such as 2026-01-31T12:00:00Z."
)


def _changed(view, request, select, output):
    params = checked(request, ChangedSinceInput, query=True)
    objects = select(user=request.user, limit=issuer_limit(request))
    return paginate(request, view, changed_since(objects, params.validated_data["since"]), output)


def _changed_view(name: str, tag: str, select, output):
    @api_schema(
        summary=f"{tag} changed since a moment",
        tag=tag,
        output=output,
        paginated=True,
        parameters=[SINCE],
        errors=(400, 401, 403),
        operation_id=name,
    )
    @needs("rw:issuer")
    def get(self, request):
        return _changed(self, request, select, output)

    return type(name, (ApiView,), {"get": get, "__doc__": f"{tag} changed since `since`."})


IssuersChanged = _changed_view("IssuersChanged", "Issuers", user_issuers, IssuerOutput)
BadgeClassesChanged = _changed_view(
    "BadgeClassesChanged", "BadgeClasses", user_badge_classes, BadgeClassOutput
)
AssertionsChanged = _changed_view(
    "AssertionsChanged", "Assertions", user_assertions, AssertionOutput
)
