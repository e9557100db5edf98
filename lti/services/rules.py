"""Award rules per course: made by instructors, run on a schedule or on demand, each learner
awarded once per rule (the RuleAward row is the proof, written with the award)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from badges.models import BadgeClass
from badges.services.awards import assertion_award_batch

from ..models import AwardRule, Course, LearnerProgress, RuleAward, RuleKind, RuleRun
from ..platform_http import PlatformError
from ..protocol import (
    ROLE_LEARNER,
    SCOPE_LINEITEM_READ,
    SCOPE_NRPS,
    SCOPE_RESULT_READ,
    access_token,
    read_pages,
)
from .keys import tool_key_current
from .launch import trusted_urls

CLOSE_POINTS = 10  # a learner this many percentage points under a threshold is "close"
RESULTS = "application/vnd.ims.lis.v2.resultcontainer+json"
LINEITEMS = "application/vnd.ims.lis.v2.lineitemcontainer+json"
MEMBERS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


def rule_create(
    *,
    course: Course,
    user,
    badge_class: BadgeClass,
    kind: str,
    threshold: int | None = None,
    lineitems: list[str] = (),
) -> AwardRule:
    errors = {}
    if badge_class.issuer_id != course.platform.laurel_issuer_id:
        errors["badge_class"] = [
            _("Pick a badge of %(issuer)s.") % {"issuer": course.platform.laurel_issuer}
        ]
    if kind not in RuleKind.values:
        errors["kind"] = [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(RuleKind.values)}]
    if kind == RuleKind.SCORE and (threshold is None or not 0 < threshold <= 100):
        errors["threshold"] = [_("Give the percentage to reach, from 1 to 100.")]
    if kind == RuleKind.SCORE and len(lineitems) != 1:
        errors["lineitems"] = [
            _("Pick the one line item (or the course grade) whose score counts.")
        ]
    if kind == RuleKind.COMPLETE and not lineitems:
        errors["lineitems"] = [_("Pick the line items a learner must complete.")]
    if kind in (RuleKind.SCORE, RuleKind.COMPLETE) and not course.lineitems_url:
        errors["kind"] = [_("The platform shares no grades for this course (no AGS).")]
    if kind == RuleKind.ROSTER and not course.memberships_url:
        errors["kind"] = [_("The platform shares no roster for this course (no NRPS).")]
    if errors:
        raise ValidationError(errors)
    return AwardRule.objects.create(
        course=course,
        badge_class=badge_class,
        kind=kind,
        created_by=user,
        threshold=threshold if kind == RuleKind.SCORE else None,
        lineitems=list(lineitems),
    )


def rule_delete(*, rule: AwardRule) -> None:
    rule.delete()


@dataclass
class Standing:
    """Where the course's learners stand against a rule: who meets it, who is close, and what
    was read for each learner the platform reported on (what the learner's own page shows)."""

    earned: dict[str, str] = field(default_factory=dict)  # sub -> email ("" when unknown)
    close: dict[str, float] = field(default_factory=dict)  # sub -> percent
    # sub -> LearnerProgress fields: {"percent": 72.0} (score), {"done": [ids]} (completion)
    figures: dict[str, dict] = field(default_factory=dict)


class CourseReader:
    """Reads one course's line items, results and roster with one access token."""

    def __init__(self, course: Course):
        self.course = course
        self.platform = course.platform
        self.trusted = trusted_urls(self.platform)
        self._token = ""
        self._roster = None
        self._labels = None

    def token(self) -> str:
        if not self._token:
            self._token = access_token(
                platform=self.platform,
                key=tool_key_current(),
                trusted=self.trusted,
                scopes=[SCOPE_LINEITEM_READ, SCOPE_RESULT_READ, SCOPE_NRPS],
            )
        return self._token

    def lineitems(self) -> list[dict]:
        return read_pages(
            self.course.lineitems_url,
            token=self.token(),
            accept=LINEITEMS,
            key=None,
            trusted=self.trusted,
        )

    def labels(self) -> dict[str, str]:
        """The course's line items' labels by id, read once."""
        if self._labels is None:
            self._labels = {
                item["id"]: item.get("label") or item["id"]
                for item in self.lineitems()
                if item.get("id")
            }
        return self._labels

    def results(self, lineitem: str) -> list[dict]:
        base, _sep, query = lineitem.partition("?")
        url = base.rstrip("/") + "/results" + (f"?{query}" if query else "")
        return read_pages(url, token=self.token(), accept=RESULTS, key=None, trusted=self.trusted)

    def roster(self) -> list[dict]:
        if self._roster is None:
            self._roster = read_pages(
                self.course.memberships_url,
                token=self.token(),
                accept=MEMBERS,
                key="members",
                trusted=self.trusted,
            )
        return self._roster

    def emails(self) -> dict[str, str]:
        if not self.course.memberships_url:
            return {}
        return {m["user_id"]: (m.get("email") or "").lower() for m in self.roster()}


def standing(rule: AwardRule, reader: CourseReader) -> Standing:
    out = Standing()
    if rule.kind == RuleKind.ROSTER:
        for member in reader.roster():
            if (
                ROLE_LEARNER in (member.get("roles") or [])
                or "Learner" in (member.get("roles") or [])
            ) and member.get("status", "Active") == "Active":
                out.earned[member["user_id"]] = (member.get("email") or "").lower()
                out.figures[member["user_id"]] = {}
        return out
    if rule.kind == RuleKind.SCORE:
        for result in reader.results(rule.lineitems[0]):
            score, maximum = result.get("resultScore"), result.get("resultMaximum") or 100
            if score is None or not maximum:
                continue
            percent = 100.0 * float(score) / float(maximum)
            out.figures[result["userId"]] = {"percent": round(percent, 1)}
            if percent >= rule.threshold:
                out.earned[result["userId"]] = ""
            elif percent >= rule.threshold - CLOSE_POINTS:
                out.close[result["userId"]] = round(percent, 1)
        return out
    if rule.kind == RuleKind.COMPLETE:
        done: dict[str, list[str]] = {}
        for lineitem in rule.lineitems:
            for result in reader.results(lineitem):
                if result.get("resultScore") is not None:
                    items = done.setdefault(result["userId"], [])
                    if lineitem not in items:
                        items.append(lineitem)
        need = len(rule.lineitems)
        out.figures = {sub: {"done": items} for sub, items in done.items()}
        out.earned = {sub: "" for sub, items in done.items() if len(items) == need}
        out.close = {
            sub: 100.0 * len(items) / need for sub, items in done.items() if len(items) == need - 1
        }
    return out


def rule_run(*, rule: AwardRule, reader: CourseReader | None = None) -> RuleRun:
    """Award the rule's badge to every learner who meets it and has not had it from this rule."""
    run = RuleRun(rule=rule)
    if rule.kind == RuleKind.LAUNCH:
        run.save()  # launch rules award as learners launch; a run has nothing to read
        return run
    reader = reader or CourseReader(rule.course)
    try:
        found = standing(rule, reader)
        labels = reader.labels() if rule.lineitems else {}
        emails = reader.emails() if any(not e for e in found.earned.values()) else {}
    except PlatformError as exc:
        run.errors = [_("Reading the course from the platform failed: %(error)s.") % {"error": exc}]
        run.save()
        return run
    _progress_save(rule, found, labels)
    recipients = {sub: email or emails.get(sub, "") for sub, email in found.earned.items()}
    run.awarded, run.errors = _award(rule, recipients)
    run.save()
    return run


@transaction.atomic
def _progress_save(rule: AwardRule, found: Standing, labels: dict[str, str]) -> None:
    """Replace the rule's learner progress with what this run read (learners' pages show it)."""
    LearnerProgress.objects.filter(rule=rule).delete()
    LearnerProgress.objects.bulk_create(
        (
            LearnerProgress(rule=rule, sub=sub, met=sub in found.earned, **figures)
            for sub, figures in found.figures.items()
        ),
        batch_size=500,
    )
    rule.read = timezone.now()
    rule.lineitem_labels = {item: labels[item] for item in rule.lineitems if item in labels}
    rule.save(update_fields=["read", "lineitem_labels"])


def rule_award_on_launch(*, course: Course, sub: str, email: str) -> int:
    """Launch rules of the course award the learner who just launched; the count awarded."""
    awarded = 0
    for rule in course.rules.filter(kind=RuleKind.LAUNCH):
        count, _errors = _award(rule, {sub: email})
        awarded += count
    return awarded


def _award(rule: AwardRule, recipients: dict[str, str]) -> tuple[int, list[str]]:
    done = set(RuleAward.objects.filter(rule=rule).values_list("sub", flat=True))
    errors = [
        _("Learner %(sub)s has no email on the platform; they cannot be awarded.") % {"sub": sub}
        for sub, email in recipients.items()
        if sub not in done and not email
    ]
    todo = [(sub, email) for sub, email in recipients.items() if sub not in done and email]
    if not todo:
        return 0, errors
    course = rule.course
    narrative = f"Awarded by the rule “{rule}” in the course “{course}” ({course.platform.name})."
    rows = [{"recipient_identity": email, "narrative": narrative} for _sub, email in todo]
    try:
        with transaction.atomic():
            assertions = assertion_award_batch(
                badge_class=rule.badge_class, user=course.platform.award_as, rows=rows
            )
            RuleAward.objects.bulk_create(
                RuleAward(rule=rule, sub=sub, email=email, assertion=assertion)
                for (sub, email), assertion in zip(todo, assertions, strict=True)
            )
    except ValidationError as exc:
        return 0, [
            *errors,
            _("Nothing was awarded: %(errors)s") % {"errors": " ".join(exc.messages)},
        ]
    except IntegrityError:  # another run awarded some of them at the same moment
        return 0, [*errors, _("Another run awarded at the same time; the next run continues.")]
    return len(assertions), errors


def rules_run_all() -> int:
    """Run every score, completion and roster rule (the beat task); the number awarded."""
    total = 0
    rules = AwardRule.objects.exclude(kind=RuleKind.LAUNCH).select_related("course__platform")
    readers: dict[int, CourseReader] = {}
    for rule in rules:
        reader = readers.setdefault(rule.course_id, CourseReader(rule.course))
        total += rule_run(rule=rule, reader=reader).awarded
    return total
