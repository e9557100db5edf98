"""LTI pages: key set, login, launch, deep-link picker, learner badge page, instructor rules."""

from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from badges.models import BadgeClass
from badges.permissions import user_can
from badges.selectors import application_open_for
from web.security import frameable

from . import selectors
from .forms import PickForm, RuleForm
from .models import AwardRule
from .platform_http import PlatformError
from .protocol import LaunchError
from .services.launch import deep_link_answer, launch_accept, login_start
from .services.registration import platform_register
from .services.rules import CourseReader, rule_award_on_launch, rule_create, rule_run, standing

BACKEND = "django.contrib.auth.backends.ModelBackend"


def refused(request, message: str, status: int = 400):
    return render(request, "lti/refused.html", {"message": message}, status=status)


def jwks(request):
    return JsonResponse({"keys": selectors.published_keys()})


@csrf_exempt
@frameable
@require_http_methods(["GET", "POST"])
def login_view(request):
    params = request.POST if request.method == "POST" else request.GET
    try:
        url = login_start(
            params=params.dict(), redirect_uri=request.build_absolute_uri(reverse("lti:launch"))
        )
    except LaunchError as exc:
        return refused(request, str(exc))
    return HttpResponseRedirect(url)


@csrf_exempt
@frameable
@require_POST
def launch(request):
    try:
        result = launch_accept(
            id_token=request.POST.get("id_token", ""), state=request.POST.get("state", "")
        )
    except LaunchError as exc:
        return refused(request, str(exc))
    login(request, result.user, backend=BACKEND)
    if result.deep_linking:
        if not result.instructor:
            return refused(request, _("Only instructors pick the badges a course awards."), 403)
        return redirect("lti:pick", state=result.state.state)
    if result.course and result.instructor:
        return redirect("lti:course", course_id=result.course.pk)
    if result.course and not result.instructor:
        rule_award_on_launch(
            course=result.course, sub=result.claims["sub"], email=result.user.email
        )
    badge = BadgeClass.objects.filter(entity_id=result.badge_id).first()
    if result.course and badge:
        return redirect("lti:learner-badge", course_id=result.course.pk, badge_id=badge.entity_id)
    return render(request, "lti/welcome.html", {"course": result.course})


@frameable
@require_http_methods(["GET", "POST"])
def pick(request, state: str):
    login_state = selectors.deep_link_state(state=state)
    if login_state is None or not login_state.claims or not request.user.is_authenticated:
        return refused(request, _("This badge picker has expired; open it again from the course."))
    badges = selectors.badges_to_pick(course_or_platform_issuer=login_state.platform.laurel_issuer)
    form = PickForm(request.POST or None, badges=badges)
    if request.method == "POST" and form.is_valid():
        answer = deep_link_answer(
            state=login_state,
            badges=list(form.cleaned_data["badges"]),
            launch_url=request.build_absolute_uri(reverse("lti:launch")),
        )
        return render(request, "lti/deep_link_return.html", answer)
    issuer = login_state.platform.laurel_issuer
    context = {
        "form": form,
        "platform": login_state.platform,
        "issuer": issuer,
        "state": state,
        "can_create": user_can(user=request.user, issuer=issuer, right="edit_badges"),
    }
    return render(request, "lti/pick.html", context)


def _course_or_404(request, course_id: int):
    course = selectors.course_for_instructor(user=request.user, course_id=course_id)
    if course is None:
        raise Http404(_("No course of yours has this id; launch Laurel from the course."))
    return course


@frameable
@require_http_methods(["GET", "POST"])
def course(request, course_id: int):
    course = _course_or_404(request, course_id)
    reader = CourseReader(course)
    lineitems, problems = [], []
    if course.lineitems_url:
        try:
            lineitems = [
                (item["id"], item.get("label") or item["id"]) for item in reader.lineitems()
            ]
        except (PlatformError, KeyError) as exc:
            problems.append(
                _("The course's line items could not be read: %(error)s.") % {"error": exc}
            )
    badges = selectors.badges_to_pick(course_or_platform_issuer=course.platform.laurel_issuer)
    form = RuleForm(request.POST or None, badges=badges, lineitems=lineitems)
    if request.method == "POST" and form.is_valid():
        try:
            rule_create(course=course, user=request.user, **form.cleaned_data)
            return redirect("lti:course", course_id=course.pk)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
    rules = []
    for rule in selectors.rules_of(course=course):
        try:
            found = standing(rule, reader) if rule.kind != "launch" else None
        except PlatformError as exc:
            found, problems = (
                None,
                [*problems, _("%(rule)s: %(error)s.") % {"rule": rule, "error": exc}],
            )
        rules.append(
            {
                "rule": rule,
                "awards": rule.awards.all(),
                "last": rule.runs.first(),
                "close": found.close if found else {},
            }
        )
    return render(
        request,
        "lti/course.html",
        {"course": course, "form": form, "rules": rules, "problems": problems},
    )


@frameable
@require_POST
def rule_run_now(request, course_id: int, rule_id: int):
    course = _course_or_404(request, course_id)
    rule = get_object_or_404(AwardRule, pk=rule_id, course=course)
    rule_run(rule=rule)
    return redirect("lti:course", course_id=course.pk)


@frameable
def learner_badge(request, course_id: int, badge_id: str):
    if not request.user.is_authenticated:
        return refused(request, _("Launch Laurel from your course to see this badge."), 403)
    badge = get_object_or_404(BadgeClass, entity_id=badge_id)
    course = selectors.course_for_member(user=request.user, course_id=course_id)
    if course is None:
        raise Http404(_("You have not launched Laurel from this course."))
    member = selectors.learner_course_member(user=request.user, course=course)
    progress = selectors.learner_progress(course=course, badge=badge, sub=member.sub)
    context = {
        "badge": badge,
        "course": course,
        "progress": progress,
        "earned": next((p.award for p in progress if p.award), None),
        "application": application_open_for(user=request.user, badge_class=badge),
    }
    return render(request, "lti/learner_badge.html", context)


@csrf_exempt
@frameable
def register(request, token: str):
    invite = selectors.invite_by_token(token=token)
    if invite is None:
        return refused(
            request, _("This registration link is unknown; ask an operator for one."), 404
        )
    config = request.GET.get("openid_configuration", "")
    if not config:
        return refused(request, _("Open this URL from the LMS's LTI Dynamic Registration screen."))
    try:
        platform = platform_register(
            invite=invite,
            openid_configuration=config,
            registration_token=request.GET.get("registration_token", ""),
            base=request.build_absolute_uri("/").rstrip("/"),
        )
    except LaunchError as exc:
        return refused(request, str(exc))
    return render(request, "lti/registered.html", {"platform": platform})
