"""Applications: learners apply, add evidence, submit and withdraw; reviewers list the queue of
their issuer, take applications and decide."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser

from badges import selectors
from badges.models import Application
from badges.services import applications as application_services
from badges.services.applications import (
    application_create,
)

from ..envelope import ok
from ..pagination import paginate
from ..parsers import SafeJSONParser
from ..permissions import get_application, get_issuer, needs
from ..schema import api_schema
from ..serializers.applications import (
    ApplicationCreateInput,
    ApplicationEvidenceOutput,
    ApplicationInput,
    ApplicationOutput,
    EvidenceInput,
    ReviewInput,
    ReviewQueueFilter,
)
from . import ApiView, action_view, checked, detail_view, list_view

TAG = "Applications"


def _own(request, entity_id: str) -> Application:
    application = selectors.application_get_for_user(user=request.user, entity_id=entity_id)
    if application is None:
        raise NotFound(_("You have no application %(id)s.") % {"id": entity_id})
    return application


def _out(application: Application) -> dict:
    application = selectors.application_get_for_user(
        user=application.applicant, entity_id=application.entity_id
    )
    return ApplicationOutput(application).data


ApplicationList = list_view(
    "ApplicationList",
    "List your applications for badges, newest first.",
    items=lambda request: selectors.application_list_for_user(user=request.user),
    output=ApplicationOutput,
    scope="r:backpack",
    summary="List your applications",
    tag=TAG,
    errors=(401, 403),
)


class ApplicationCreate(ApiView):
    """Start a draft application for a badge class that takes applications."""

    @api_schema(
        summary="Start an application",
        tag=TAG,
        output=ApplicationOutput,
        request=ApplicationCreateInput,
        status=201,
        errors=(400, 401, 403),
    )
    @needs("rw:backpack")
    def post(self, request):
        data = checked(request, ApplicationCreateInput)
        badge = selectors.badge_class_to_apply_for(entity_id=data.validated_data["badgeclass"])
        if badge is None:
            raise ValidationError({"badgeclass": [_("No badge class has this entityId.")]})
        application = application_create(
            badge_class=badge, user=request.user, reflections=data.validated_data.get("reflections")
        )
        return ok(_out(application), status=201)


ApplicationDetail = detail_view(
    "ApplicationDetail",
    "Read one of your applications, with its evidence, reviews and history.",
    find=_own,
    output=ApplicationOutput,
    scope="r:backpack",
    summary="Get your application",
    tag=TAG,
)


class ApplicationUpdate(ApiView):
    """Change the reflections of a draft, or of an application returned for revision."""

    @api_schema(
        summary="Update your application",
        tag=TAG,
        output=ApplicationOutput,
        request=ApplicationInput,
    )
    @needs("rw:backpack")
    def put(self, request, entity_id: str):
        application = _own(request, entity_id)
        data = checked(request, ApplicationInput)
        application_services.application_update(
            application=application,
            user=request.user,
            reflections=data.validated_data.get("reflections", application.reflections),
        )
        return ok(_out(application))


class ApplicationEvidenceAdd(ApiView):
    """Add evidence to your draft or returned application: a text, a link, or a file (an image,
    PDF, video or audio within the size limit; its type is checked from its bytes)."""

    parser_classes = [SafeJSONParser, MultiPartParser]

    @api_schema(
        summary="Add evidence to your application",
        tag=TAG,
        output=ApplicationEvidenceOutput,
        request=EvidenceInput,
        status=201,
    )
    @needs("rw:backpack")
    def post(self, request, entity_id: str):
        application = _own(request, entity_id)
        data = checked(request, EvidenceInput)
        item = application_services.application_evidence_add(
            application=application, user=request.user, **data.to_service()
        )
        return ok(ApplicationEvidenceOutput(item).data, status=201)


def _step(
    name: str, doc: str, *, summary: str, scope: str, find, service: str, body=None
) -> type[ApiView]:
    """A view whose POST moves an application one step on: `find` it (the learner's own, or
    one the reviewer may see), then call the badges service named `service`, with the body
    read by the `body` serializer if the step takes one."""

    def answer(view, request, entity_id: str):
        application = find(request, entity_id)
        fields = checked(request, body).validated_data if body else {}
        getattr(application_services, service)(application=application, user=request.user, **fields)
        return ok(_out(application))

    return action_view(
        name, doc, "post", answer, scope=scope, summary=summary, tag=TAG, output=ApplicationOutput,
        request=body,
    )  # fmt: skip


ApplicationSubmit = _step(
    "ApplicationSubmit",
    "Submit your application to the issuer's reviewers (again, after a revision).",
    summary="Submit your application",
    scope="rw:backpack",
    find=_own,
    service="application_submit",
)
ApplicationWithdraw = _step(
    "ApplicationWithdraw",
    "Withdraw your application while it is not decided.",
    summary="Withdraw your application",
    scope="rw:backpack",
    find=_own,
    service="application_withdraw",
)


class IssuerApplicationList(ApiView):
    """The issuer's review queue: submitted applications, oldest submission first; filter by
    `badgeclass`, `state` (default: waiting for review), `assignedToMe` and `olderThanDays`."""

    @api_schema(
        summary="List an issuer's applications to review",
        tag=TAG,
        output=ApplicationOutput,
        paginated=True,
        parameters=[ReviewQueueFilter],
    )
    @needs("rw:issuer")
    def get(self, request, entity_id: str):
        issuer = get_issuer(request, entity_id, right="award")
        options = checked(request, ReviewQueueFilter, query=True)
        data = options.validated_data
        queue = selectors.review_queue(
            issuer=issuer,
            user=request.user,
            badge_id=data["badgeclass"],
            state=data["state"],
            mine=data["assignedToMe"],
            older_than_days=data["olderThanDays"],
        )
        return paginate(request, self, queue, ApplicationOutput)


ApplicationTake = _step(
    "ApplicationTake",
    "Take an application for review: you hold it for LAUREL_REVIEW_HOLD_MINUTES.",
    summary="Take an application for review",
    scope="rw:issuer",
    find=get_application,
    service="application_take",
)


ApplicationReview = _step(
    "ApplicationReview",
    "Decide: `approve` (awards the badge once the badge class's approvals are reached), "
    "`return` for revision, or `reject`; `comment` goes to the learner; `criteria` says, for "
    "each criterion, whether it is met.",
    summary="Review an application",
    scope="rw:issuer",
    find=get_application,
    service="review_submit",
    body=ReviewInput,
)
