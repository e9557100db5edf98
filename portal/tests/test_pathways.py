"""The pathway rule engine: all, N of M, nesting, optional steps, prerequisites and cycles."""

from dataclasses import replace
from itertools import count, pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.pathways import (
    ALL,
    N_OF_M,
    Activity,
    BadgeStep,
    Group,
    Note,
    badge_ids,
    evaluate,
    find_cycle,
    from_stream,
    validate,
    walk,
)


def step(badge_id, **fields):
    return BadgeStep(key=f"s{badge_id}", badge_id=badge_id, **fields)


def group(key, items, **fields):
    return Group(key=key, title=key.title(), items=tuple(items), **fields)


def test_an_all_group_is_satisfied_only_when_every_required_step_is_held():
    root = group("root", [step(1), step(2), step(3, optional=True)])
    assert not evaluate(root, {1}).satisfied
    progress = evaluate(root, {1, 2})
    assert progress.satisfied and (progress.done, progress.needed) == (2, 2)


def test_an_n_of_m_group_needs_any_n_of_its_steps():
    root = group("root", [step(1), step(2), step(3)], rule=N_OF_M, n=2)
    assert evaluate(root, {3}).done == 1 and not evaluate(root, {3}).satisfied
    assert evaluate(root, {1, 3}).satisfied


def test_a_nested_group_counts_as_one_step_of_its_parent():
    inner = group("inner", [step(2), step(3)], rule=N_OF_M, n=1)
    root = group("root", [step(1), inner])
    assert not evaluate(root, {1}).satisfied
    progress = evaluate(root, {1, 3})
    assert progress.satisfied
    assert [g.group.key for g in progress.groups() if g.satisfied] == ["root", "inner"]


def test_holding_a_groups_completion_badge_counts_as_the_group_done():
    inner = group("inner", [step(2), step(3)], completion_badge_id=9)
    root = group("root", [step(1), inner])
    assert evaluate(root, {1, 9}).satisfied


def test_activities_and_notes_are_shown_but_never_counted():
    root = group(
        "root", [Note(key="n", text="<p>Hi</p>"), Activity(key="a", title="Course"), step(1)]
    )
    progress = evaluate(root, {1})
    assert progress.satisfied and progress.needed == 1
    assert [type(item).__name__ for item in progress.items] == ["Note", "Activity", "StepProgress"]


def test_prerequisites_hold_back_suggestions_but_not_satisfaction():
    root = group("root", [step(1, code="basics"), step(2, requires=("basics",)), step(3)])
    progress = evaluate(root, set())
    assert [s.step.badge_id for s in progress.next_steps()] == [1, 3]
    waiting = next(s for s in progress.steps() if s.step.badge_id == 2)
    assert waiting.waiting_for == ["basics"] and not waiting.available
    assert [s.step.badge_id for s in evaluate(root, {1}).next_steps()] == [2, 3]
    assert evaluate(root, {2, 3, 1}).satisfied


def test_a_group_that_requires_something_holds_back_every_step_inside_it():
    inner = group("inner", [step(2), step(3)], requires=("basics",))
    root = group("root", [step(1, code="basics"), inner])
    assert [s.step.badge_id for s in evaluate(root, set()).next_steps()] == [1]
    assert [s.step.badge_id for s in evaluate(root, {1}).next_steps()] == [2, 3]


def test_n_greater_than_the_number_of_steps_is_refused_with_a_clear_message():
    errors = validate(group("root", [step(1), step(2, optional=True)], rule=N_OF_M, n=2))
    assert errors == [
        "The pathway asks for 2 of its steps but has only 1 that count (optional steps, "
        "activities and notes do not count). Lower N or add steps."
    ]


def test_a_prerequisite_cycle_is_refused_and_named():
    root = group(
        "root",
        [
            step(1, code="a", requires=("b",)),
            step(2, code="b", requires=("c",)),
            step(3, code="c", requires=("a",)),
        ],
    )
    (message,) = validate(root)
    assert message.startswith("Prerequisites go round in a circle: a → b → c → a.")


def test_a_step_that_requires_its_own_group_is_a_cycle():
    inner = group("inner", [step(2, code="x", requires=("grp",))], code="grp")
    assert find_cycle(group("root", [inner])) == ["Inner", "x", "Inner"]


def test_unknown_and_duplicate_codes_and_empty_groups_are_refused():
    root = group(
        "root",
        [step(1, code="a"), step(2, code="a", requires=("nope",)), group("empty", [Note("n", "")])],
    )
    errors = validate(root)
    assert 'The code "a" is used twice; give each step its own.' in errors
    assert '"a" requires "nope", but no step or group has that code.' in errors
    assert (
        'The group "Empty" needs at least one badge step or group that is not optional.' in errors
    )


def test_the_tree_is_read_from_wagtail_stream_data_with_every_badge_named():
    raw = [
        {"type": "note", "value": "<p>Start</p>", "id": "n1"},
        {"type": "badge", "value": {"badge": 1, "code": "a", "requires": "", "optional": False}},
        {
            "type": "group",
            "id": "g1",
            "value": {
                "title": "More", "rule": "n_of_m", "n": 1, "requires": " a , ",
                "completion_badge": 7, "completion": "review",
                "items": [
                    {"type": "badge", "value": {"badge": 2}},
                    {"type": "badge", "value": {"badge": 1}},
                ],
            },
        },
    ]  # fmt: skip
    root = from_stream(raw, title="P", completion_badge_id=8)
    inner = root.items[2]
    assert isinstance(inner, Group) and inner.requires == ("a",) and inner.completion == "review"
    assert badge_ids(root) == [8, 1, 7, 2]
    assert len({item.key for item in walk(root)}) == 6, "every item has its own key"


# Properties ---------------------------------------------------------------------------------

ids = count(1)


@st.composite
def trees(draw, depth=2):
    """Valid trees: each group counts at least one item and N never exceeds what it counts."""
    items = []
    for _ in range(draw(st.integers(1, 4))):
        if depth and draw(st.booleans()):
            child = draw(trees(depth=depth - 1))
            items.append(replace(child, optional=draw(st.booleans())))
        else:
            items.append(step(draw(st.integers(1, 12)), optional=draw(st.booleans())))
    if all(item.optional for item in items):
        items[0] = replace(items[0], optional=False)
    counted = sum(not item.optional for item in items)
    rule = draw(st.sampled_from([ALL, N_OF_M]))
    n = draw(st.integers(1, counted)) if rule == N_OF_M else None
    key = f"g{next(ids)}"
    return Group(key=key, title=key, rule=rule, n=n, items=tuple(_unique_keys(items, key)))


def _unique_keys(items, prefix):
    for number, item in enumerate(items):
        if isinstance(item, BadgeStep):
            yield replace(item, key=f"{prefix}.{number}")
        else:
            yield item


held_sets = st.sets(st.integers(1, 12))


def reference_satisfied(item, held):
    """The rules written the plain way, to check the engine against."""
    if isinstance(item, BadgeStep):
        return item.badge_id in held
    done = sum(reference_satisfied(child, held) for child in item.items if not child.optional)
    needed = sum(not child.optional for child in item.items) if item.rule == ALL else item.n
    return done >= needed


@settings(max_examples=200, deadline=None)
@given(trees(), held_sets)
def test_every_group_is_satisfied_exactly_when_its_rule_says(root, held):
    assert validate(root) == []
    progress = evaluate(root, held)
    for group_progress in progress.groups():
        assert group_progress.satisfied == reference_satisfied(group_progress.group, held)
        assert 0 <= group_progress.done <= group_progress.needed


@settings(max_examples=200, deadline=None)
@given(trees(), held_sets, held_sets)
def test_holding_more_badges_never_undoes_progress(root, held, more):
    before = {g.group.key: g.satisfied for g in evaluate(root, held).groups()}
    after = {g.group.key: g.satisfied for g in evaluate(root, held | more).groups()}
    assert all(after[key] for key, done in before.items() if done)


@settings(max_examples=100, deadline=None)
@given(trees())
def test_holding_every_badge_completes_the_pathway_and_none_completes_nothing(root):
    assert evaluate(root, set(badge_ids(root))).satisfied
    assert not evaluate(root, set()).satisfied


@settings(max_examples=200, deadline=None)
@given(trees(), st.integers(1, 12))
def test_n_above_the_counted_steps_is_always_refused(root, extra):
    counted = len(root.counted)
    too_many = replace(root, rule=N_OF_M, n=counted + extra)
    assert any("asks for" in error for error in validate(too_many))


@st.composite
def requirement_graphs(draw):
    size = draw(st.integers(1, 6))
    edges = draw(st.sets(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1))))
    return size, edges


def has_cycle(size, edges):
    reach = {(a, b) for a, b in edges}
    for middle in range(size):
        reach |= {(a, d) for a, b in reach for c, d in reach if b == middle == c}
    return any((node, node) in reach for node in range(size))


@settings(max_examples=300, deadline=None)
@given(requirement_graphs())
def test_a_cycle_is_found_exactly_when_the_prerequisites_go_round(graph):
    size, edges = graph
    steps = [
        step(n + 1, code=f"c{n}", requires=tuple(f"c{b}" for a, b in sorted(edges) if a == n))
        for n in range(size)
    ]
    cycle = find_cycle(group("root", steps))
    assert bool(cycle) == has_cycle(size, edges)
    if cycle:
        assert cycle[0] == cycle[-1]
        pairs = {(f"c{a}", f"c{b}") for a, b in edges}
        assert all((x, y) in pairs for x, y in pairwise(cycle))
