"""Catalogue blocks render what a visitor expects, and refuse what makes no sense."""

import re

import pytest
from wagtail.blocks import StructBlockValidationError

from badges.services.awards import assertion_award, assertion_revoke
from badges.services.badge_classes import badge_class_archive
from badges.tests.factories import make_badge, make_issuer
from portal.blocks import BadgeListBlock, CallToActionBlock, CatalogueStreamBlock
from portal.demo import badge_step

pytestmark = pytest.mark.django_db


def render(block_type: str, raw_value) -> str:
    stream = CatalogueStreamBlock()
    value = stream.to_python([{"type": block_type, "value": raw_value}])
    return value[0].render()


def test_a_single_badge_renders_as_a_card_with_image_name_issuer_level_and_time(issuer):
    badge = make_badge(
        issuer, name="SQL", level="intermediate", time_to_earn_value=8, time_to_earn_unit="hours"
    )
    html = render("badge", badge.pk)
    assert f'href="/badges/{badge.entity_id}/"' in html
    assert f'src="/public/badges/{badge.entity_id}/image"' in html
    assert "SQL" in html and issuer.name in html
    assert "Intermediate" in html and "8 hours" in html


def rule_list(**rule):
    return {
        "heading": "Picked by rule", "source": "rule", "badges": [], "issuer": None, "tags": "",
        "level": "", "badge_type": "", "order": "newest", "limit": 12, **rule,
    }  # fmt: skip


def test_a_badge_list_by_rule_filters_by_issuer_tags_level_and_type(issuer):
    other = make_issuer(name="Other Academy")
    make_badge(issuer, name="Pandas", tags=["Data", "python"], level="intermediate")
    make_badge(issuer, name="Charts", tags=["data"], badge_type="skill")
    make_badge(issuer, name="Essay", tags=["writing"])
    make_badge(other, name="Other data", tags=["data"])
    assert _names(render("badge_list", rule_list(tags="data"))) == [
        "Other data", "Charts", "Pandas",
    ]  # fmt: skip
    assert _names(render("badge_list", rule_list(tags="data", issuer=issuer.pk))) == [
        "Charts",
        "Pandas",
    ]
    assert _names(render("badge_list", rule_list(level="intermediate"))) == ["Pandas"]
    assert _names(render("badge_list", rule_list(badge_type="skill", limit=1))) == ["Charts"]


def test_most_earned_orders_by_awards_that_are_not_revoked(issuer):
    rare, popular, revoked = (make_badge(issuer, name=n) for n in ("Rare", "Popular", "Revoked"))
    for badge, people in ((rare, 1), (popular, 3), (revoked, 2)):
        for n in range(people):
            assertion_award(badge_class=badge, user=None, recipient_identity=f"p{n}@example.org")
    for assertion in revoked.assertions.all():
        assertion_revoke(assertion=assertion, user=None, reason="Issued by mistake")
    html = render("badge_list", rule_list(order="most_earned"))
    assert _names(html) == ["Popular", "Rare", "Revoked"]


def test_a_hand_picked_list_keeps_the_editors_order_and_hides_archived_badges(issuer):
    first, second, gone = (make_badge(issuer, name=n) for n in ("Zeta", "Alpha", "Gone"))
    badge_class_archive(badge_class=gone, user=None)
    html = render(
        "badge_list", {**rule_list(source="chosen"), "badges": [first.pk, gone.pk, second.pk]}
    )
    assert _names(html) == ["Zeta", "Alpha"]


def test_a_hand_picked_list_without_badges_is_refused():
    block = BadgeListBlock()
    value = block.to_python({**rule_list(source="chosen"), "badges": []})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "Choose at least one badge." in str(error.value.block_errors["badges"])


def test_a_call_to_action_needs_exactly_one_link():
    block = CallToActionBlock()
    value = block.to_python(
        {"heading": "Go", "text": "", "button_label": "Go", "page": None, "url": ""}
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
    value = block.to_python(
        {"heading": "Go", "text": "", "button_label": "Start", "page": None, "url": "https://x.org"}
    )
    html = block.render(block.clean(value))
    assert '<a class="button" href="https://x.org">Start</a>' in html


def test_a_pathway_teaser_links_to_the_pathway_with_its_intro(make_pathway, badges):
    pathway = make_pathway([badge_step(badges[0])], intro="<p>Learn data.</p>")
    html = render("pathway", {"pathway": pathway.pk, "text": ""})
    assert f'href="{pathway.url}"' in html and "Learn data." in html


def _names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/badges/[^"]+/">([^<]+)</a></h3>', html)
