"""Reads for the LTI pages: keys to publish, courses an instructor runs, rules and their runs."""

from django.db.models import QuerySet

from badges.models import BadgeClass

from .models import AwardRule, Course, CourseMember, LaunchState, RegistrationInvite, ToolKey


def published_keys() -> list[dict]:
    return [key.public_jwk for key in ToolKey.objects.all()]


def course_for_instructor(*, user, course_id: int) -> Course | None:
    if not user.is_authenticated:
        return None
    member = CourseMember.objects.filter(course_id=course_id, user=user, instructor=True)
    return (
        Course.objects.select_related("platform").filter(pk=course_id, members__in=member).first()
    )


def course_for_member(*, user, course_id: int) -> Course | None:
    return Course.objects.filter(pk=course_id, members__user=user).first()


def learner_course_member(*, user, course: Course) -> CourseMember | None:
    return CourseMember.objects.filter(course=course, user=user).first()


def badges_to_pick(*, course_or_platform_issuer) -> QuerySet[BadgeClass]:
    return BadgeClass.objects.filter(
        issuer=course_or_platform_issuer, archived=False, draft=False
    ).order_by("name")


def rules_of(*, course: Course) -> QuerySet[AwardRule]:
    return course.rules.select_related("badge_class").prefetch_related("awards", "runs")


def deep_link_state(*, state: str) -> LaunchState | None:
    return LaunchState.objects.select_related("platform").filter(state=state, used=True).first()


def invite_by_token(*, token: str) -> RegistrationInvite | None:
    return RegistrationInvite.objects.select_related("laurel_issuer").filter(token=token).first()
