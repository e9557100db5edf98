"""The pathway rule engine: a pathway's tree of groups and steps, its checks and its progress.

Pure Python over plain data, so the rules can be tested exhaustively (see the property
tests) and used alike by page validation, the learner's progress and completion awarding.

Rules, as editors are told in the README:
- A group counts its steps and sub-groups that are not optional. "All" needs every one of
  them; "N of M" needs any N. Optional items are shown but never count.
- External activities and notes are signposts: only badges (and groups) are proof, so
  only they count.
- A group is also done when the learner already holds its completion badge.
- Prerequisites ("requires") name other steps or groups by code. They say what must be
  done before a step is suggested; they never change whether a group is satisfied.
  The suggested order is simply the order of the steps on the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.translation import gettext as _

ALL = "all"
N_OF_M = "n_of_m"
AUTO = "auto"
REVIEW = "review"
ROOT_KEY = "root"


@dataclass(frozen=True)
class BadgeStep:
    key: str
    badge_id: int | None
    code: str = ""
    optional: bool = False
    requires: tuple[str, ...] = ()
    note: str = ""

    @property
    def label(self) -> str:
        return self.code or _("badge %(id)s") % {"id": self.badge_id}


@dataclass(frozen=True)
class Activity:
    kind: ClassVar[str] = "activity"
    key: str
    title: str
    link: str = ""
    note: str = ""


@dataclass(frozen=True)
class Note:
    kind: ClassVar[str] = "note"
    key: str
    text: str


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    rule: str = ALL
    n: int | None = None
    items: tuple[BadgeStep | Activity | Note | Group, ...] = ()
    code: str = ""
    optional: bool = False
    requires: tuple[str, ...] = ()
    completion_badge_id: int | None = None
    completion: str = AUTO

    @property
    def label(self) -> str:
        return self.title or self.code or _("a group")

    @property
    def counted(self) -> list[BadgeStep | Group]:
        """The items the group's rule counts: badge steps and sub-groups that are not optional."""
        return [i for i in self.items if isinstance(i, BadgeStep | Group) and not i.optional]

    @property
    def needed(self) -> int:
        return len(self.counted) if self.rule == ALL else (self.n or 0)


def walk(group: Group) -> Iterator[BadgeStep | Activity | Note | Group]:
    """The group and everything inside it, depth first, in page order."""
    yield group
    for item in group.items:
        if isinstance(item, Group):
            yield from walk(item)
        else:
            yield item


def badge_ids(group: Group) -> list[int]:
    """Every badge class the tree names (steps and completion badges), first mention first."""
    ids: list[int] = []
    for item in walk(group):
        badge_id = item.badge_id if isinstance(item, BadgeStep) else None
        if isinstance(item, Group):
            badge_id = item.completion_badge_id
        if badge_id is not None and badge_id not in ids:
            ids.append(badge_id)
    return ids


# Checks ----------------------------------------------------------------------------------


def validate(root: Group) -> list[str]:
    """Every reason the tree cannot be saved, as messages an editor can act on."""
    errors: list[str] = []
    codes: dict[str, BadgeStep | Group] = {}
    for item in walk(root):
        if isinstance(item, Group):
            errors.extend(group_errors(item, is_root=item is root))
        if isinstance(item, BadgeStep | Group) and item.code:
            if item.code in codes:
                errors.append(
                    _('The code "%(code)s" is used twice; give each step its own.')
                    % {"code": item.code}
                )
            codes[item.code] = item
        if isinstance(item, BadgeStep) and item.badge_id is None:
            errors.append(_("A badge step has no badge: choose one or remove the step."))
    for item in walk(root):
        if not isinstance(item, BadgeStep | Group):
            continue
        for code in item.requires:
            if code not in codes:
                errors.append(
                    _('"%(label)s" requires "%(code)s", but no step or group has that code.')
                    % {"label": item.label, "code": code}
                )
    cycle = find_cycle(root)
    if cycle:
        errors.append(
            _(
                "Prerequisites go round in a circle: %(circle)s. Remove one of these "
                "requirements so the pathway can be started."
            )
            % {"circle": " → ".join(cycle)}
        )
    return errors


def group_errors(group: Group, *, is_root: bool = False) -> list[str]:
    """What is wrong with one group's own rule (not with the steps inside it)."""
    # Whole sentences for the pathway and for a group, so each reads right when translated.
    counted = len(group.counted)
    values = {"group": group.label, "n": group.n, "counted": counted, "rule": group.rule}
    if counted == 0:
        message = (
            _("The pathway needs at least one badge step or group that is not optional.")
            if is_root
            else _(
                'The group "%(group)s" needs at least one badge step or group that is not optional.'
            )
        )
    elif group.rule == N_OF_M and (group.n is None or group.n < 1):
        message = (
            _("The pathway uses “N of M”: give N as a whole number of 1 or more.")
            if is_root
            else _('The group "%(group)s" uses “N of M”: give N as a whole number of 1 or more.')
        )
    elif group.rule == N_OF_M and group.n > counted:
        message = (
            _(
                "The pathway asks for %(n)s of its steps but has only %(counted)s that count "
                "(optional steps, activities and notes do not count). Lower N or add steps."
            )
            if is_root
            else _(
                'The group "%(group)s" asks for %(n)s of its steps but has only %(counted)s '
                "that count (optional steps, activities and notes do not count). Lower N or "
                "add steps."
            )
        )
    elif group.rule not in (ALL, N_OF_M):
        message = (
            _("The pathway has an unknown rule %(rule)r; choose all or N of M.")
            if is_root
            else _('The group "%(group)s" has an unknown rule %(rule)r; choose all or N of M.')
        )
    else:
        return []
    return [message % values]


def find_cycle(root: Group) -> list[str]:
    """A circle of requirements as labels (first label repeated at the end), or [].

    A group depends on the steps it counts, so a step that requires its own group is a
    circle too: the group can never be done before the step.
    """
    by_code = {i.code: i for i in walk(root) if isinstance(i, BadgeStep | Group) and i.code}
    edges: dict[str, list[str]] = {}
    nodes: dict[str, BadgeStep | Group] = {}
    for item in walk(root):
        if not isinstance(item, BadgeStep | Group):
            continue
        nodes[item.key] = item
        targets = [by_code[c].key for c in item.requires if c in by_code]
        if isinstance(item, Group):
            targets += [child.key for child in item.counted]
        edges[item.key] = targets
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []

    def visit(key: str) -> list[str]:
        state[key] = 1
        path.append(key)
        for target in edges.get(key, []):
            if state.get(target) == 1:
                circle = [*path[path.index(target) :], target]
                return [nodes[k].label for k in circle]
            if state.get(target) is None:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[key] = 2
        return []

    for key in edges:
        if state.get(key) is None:
            found = visit(key)
            if found:
                return found
    return []


# Progress --------------------------------------------------------------------------------


@dataclass
class StepProgress:
    kind: ClassVar[str] = "badge"
    step: BadgeStep
    done: bool
    available: bool
    waiting_for: list[str] = field(default_factory=list)
    # Filled in by the caller for display: the BadgeClass, and names for waiting_for's codes.
    badge: Any = None
    waiting_labels: list[str] = field(default_factory=list)


@dataclass
class GroupProgress:
    kind: ClassVar[str] = "group"
    group: Group
    satisfied: bool
    done: int
    needed: int
    available: bool
    waiting_for: list[str] = field(default_factory=list)
    items: list[StepProgress | GroupProgress | Activity | Note] = field(default_factory=list)
    # Filled in by the caller for display: the BadgeClass, and names for waiting_for's codes.
    completion_badge: Any = None
    waiting_labels: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return 100 if self.satisfied or not self.needed else round(100 * self.done / self.needed)

    def groups(self) -> Iterator[GroupProgress]:
        yield self
        for item in self.items:
            if isinstance(item, GroupProgress):
                yield from item.groups()

    def steps(self) -> Iterator[StepProgress]:
        for item in self.items:
            if isinstance(item, StepProgress):
                yield item
            elif isinstance(item, GroupProgress):
                yield from item.steps()

    def next_steps(self, limit: int = 3) -> list[StepProgress]:
        """Badge steps to do next: not done, prerequisites met, in unfinished groups, in order."""
        found: list[StepProgress] = []
        self._collect_next(found, limit)
        return found

    def _collect_next(self, found: list[StepProgress], limit: int) -> None:
        if self.satisfied:
            return
        for item in self.items:
            if len(found) >= limit:
                return
            if isinstance(item, StepProgress) and not item.done and item.available:
                found.append(item)
            elif isinstance(item, GroupProgress):
                item._collect_next(found, limit)


def evaluate(root: Group, held: Iterable[int]) -> GroupProgress:
    """How far a learner holding these badge classes is along the tree."""
    held = set(held)
    memo: dict[str, bool] = {}
    done_codes = {
        item.code
        for item in walk(root)
        if isinstance(item, BadgeStep | Group) and item.code and _is_done(item, held, memo)
    }
    return _evaluate(root, held, memo, done_codes, inherited=[])


def _is_done(item: BadgeStep | Group, held: set[int], memo: dict[str, bool]) -> bool:
    """A badge step is done when its badge is held; a group when its rule is met."""
    if item.key not in memo:
        if isinstance(item, BadgeStep):
            memo[item.key] = item.badge_id in held
        else:
            memo[item.key] = (item.completion_badge_id in held) or (
                0 < item.needed <= _finished(item, held, memo)
            )
    return memo[item.key]


def _finished(group: Group, held: set[int], memo: dict[str, bool]) -> int:
    return sum(_is_done(child, held, memo) for child in group.counted)


def _evaluate(
    group: Group, held: set[int], memo: dict[str, bool], done_codes: set[str], inherited: list[str]
) -> GroupProgress:
    waiting = [*inherited, *(c for c in group.requires if c not in done_codes)]
    items: list[StepProgress | GroupProgress | Activity | Note] = []
    for item in group.items:
        if isinstance(item, BadgeStep):
            step_waiting = [*waiting, *(c for c in item.requires if c not in done_codes)]
            items.append(
                StepProgress(
                    step=item,
                    done=_is_done(item, held, memo),
                    available=not step_waiting,
                    waiting_for=step_waiting,
                )
            )
        elif isinstance(item, Group):
            items.append(_evaluate(item, held, memo, done_codes, waiting))
        else:
            items.append(item)
    finished = _finished(group, held, memo)
    return GroupProgress(
        group=group,
        satisfied=_is_done(group, held, memo),
        done=min(finished, group.needed),
        needed=group.needed,
        available=not waiting,
        waiting_for=waiting,
        items=items,
    )


# Reading the page's stream -----------------------------------------------------------------


def from_stream(raw_items: Iterable[dict], **root) -> Group:
    """The tree from a pathway page's StreamField raw data and the page's own root rule.

    `root` takes the Group fields of the pathway itself (title, rule, n, completion_badge_id,
    completion); raw items are {"type", "value", "id"} dicts as Wagtail stores them.
    """
    return Group(key=ROOT_KEY, items=tuple(_items(raw_items, ROOT_KEY)), **root)


def _items(raw_items: Iterable[dict], parent: str) -> Iterator[BadgeStep | Activity | Note | Group]:
    for number, raw in enumerate(raw_items):
        kind, value = raw.get("type"), raw.get("value") or {}
        # Wagtail gives every saved block a lasting id; unsaved ones get a positional key.
        key = str(raw.get("id") or f"{parent}.{number}")
        if kind == "badge":
            yield BadgeStep(
                key=key,
                badge_id=value.get("badge"),
                code=(value.get("code") or "").strip(),
                optional=bool(value.get("optional")),
                requires=_codes(value.get("requires")),
                note=value.get("note") or "",
            )
        elif kind == "activity":
            yield Activity(
                key=key, title=value.get("title", ""), link=value.get("link") or "",
                note=value.get("note") or "",
            )  # fmt: skip
        elif kind == "note":
            yield Note(key=key, text=value if isinstance(value, str) else "")
        elif kind == "group":
            yield Group(
                key=key,
                title=value.get("title") or "",
                rule=value.get("rule") or ALL,
                n=value.get("n"),
                items=tuple(_items(value.get("items") or [], key)),
                code=(value.get("code") or "").strip(),
                optional=bool(value.get("optional")),
                requires=_codes(value.get("requires")),
                completion_badge_id=value.get("completion_badge"),
                completion=value.get("completion") or AUTO,
            )


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(code.strip() for code in (text or "").split(",") if code.strip())
