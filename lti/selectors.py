"""Reads for the LTI pages: keys to publish, courses an instructor runs, rules and their runs,
and where a learner stands against the rules of a badge."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from badges.models import BadgeClass

from .models import (
    AwardRule,
    Course,
    CourseMember,
    LaunchState,
    LearnerProgress,
    RegistrationInvite,
    RuleAward,
    RuleKind,
    ToolKey,
)

GONE = "a line item no longer in the course"


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


@dataclass
class RuleProgress:
    """One rule of a badge as its learner sees it, from what the rule's last run read."""

    rule: AwardRule
    read: datetime | None  # when the course was last read; None: not read yet
    met: bool
    award: RuleAward | None
    percent: float | None = None  # score rules
    done: tuple[str, ...] = ()  # completion rules: labels of the line items done, and left
    left: tuple[str, ...] = ()

    @property
    def lineitem(self) -> str:
        return self.rule.lineitem_labels.get(self.rule.lineitems[0], GONE)

    @property
    def bar(self) -> float:
        return min(self.percent or 0.0, 100.0)


def learner_progress(*, course: Course, badge: BadgeClass, sub: str) -> list[RuleProgress]:
    rules = (
        course.rules.filter(badge_class=badge)
        .order_by("created")
        .prefetch_related(
            Prefetch("progress", LearnerProgress.objects.filter(sub=sub), to_attr="mine"),
            Prefetch("awards", RuleAward.objects.filter(sub=sub), to_attr="awarded"),
        )
    )
    out = []
    for rule in rules:
        row = rule.mine[0] if rule.mine else LearnerProgress(rule=rule, sub=sub)
        award = rule.awarded[0] if rule.awarded else None
        labels = rule.lineitem_labels
        done = row.done if rule.kind == RuleKind.COMPLETE else []
        out.append(
            RuleProgress(
                rule=rule,
                read=rule.read,
                met=award is not None or row.met,
                award=award,
                percent=row.percent,
                done=tuple(labels.get(item, GONE) for item in rule.lineitems if item in done),
                left=tuple(labels.get(item, GONE) for item in rule.lineitems if item not in done),
            )
        )
    return out
