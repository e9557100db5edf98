"""Markdown bombs: long runs of brackets, emphasis, nested lists and unclosed links answer
within seconds at the preview, and saved criteria and comments are rendered once, on save,
so public pages (even another issuer's, for an endorsement) do not render them per view."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from badges.markdown import MAX_MARKDOWN
from badges.services.endorsements import endorsement_create
from badges.tests.factories import make_badge, make_issuer
from badges.tests.hostile import payloads

pytestmark = pytest.mark.django_db

# Generous for a loaded machine; the code before took 15 s to minutes, or crashed.
BOUND_SECONDS = 5.0
BOMBS = {
    "brackets": payloads.brackets,
    "emphasis": payloads.emphasis,
    "nested lists": payloads.nested_lists,
    "long links": payloads.long_links,
}


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


@pytest.mark.parametrize("bomb", BOMBS)
def test_the_preview_answers_a_markdown_bomb_of_the_longest_text_within_seconds(client, bomb):
    client.force_login(UserFactory())
    text = BOMBS[bomb](MAX_MARKDOWN)
    response, elapsed = timed(
        lambda: client.post(reverse("workspace:markdown-preview"), {"text": text})
    )

    assert response.status_code == 200
    assert elapsed < BOUND_SECONDS, f"{bomb} took {elapsed:.1f} s"


def test_the_preview_refuses_text_longer_than_the_limit_with_a_message(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("workspace:markdown-preview"), {"text": "a" * (MAX_MARKDOWN + 1)}
    )

    assert response.status_code == 400
    assert "keep it to 20,000 or fewer" in response.content.decode()


def test_criteria_longer_than_the_limit_are_refused_with_a_field_error():
    with pytest.raises(ValidationError) as refused:
        make_badge(make_issuer(), criteria_narrative="a" * (MAX_MARKDOWN + 1))

    assert "keep it to 20,000" in refused.value.message_dict["criteria_narrative"][0]


@pytest.mark.parametrize("bomb", BOMBS)
def test_a_badge_page_with_bomb_criteria_answers_within_seconds(client, bomb):
    badge, saving = timed(
        lambda: make_badge(make_issuer(), criteria_narrative=BOMBS[bomb](MAX_MARKDOWN))
    )
    response, viewing = timed(
        lambda: client.get(reverse("discovery:badge", args=[badge.entity_id]))
    )

    assert response.status_code == 200
    assert saving < BOUND_SECONDS and viewing < BOUND_SECONDS, (saving, viewing)


def test_an_endorsement_comment_bomb_does_not_slow_the_endorsed_issuers_page(client):
    owner = UserFactory()
    target = make_issuer(name="School of Python")
    for n in range(3):  # each further endorser added to the old page's time
        endorser = make_issuer(owner, name=f"Endorser {n}")
        endorsement_create(
            endorser=endorser, user=owner, target=target, comment=payloads.brackets(5_000)
        )
    response, elapsed = timed(
        lambda: client.get(reverse("discovery:issuer", args=[target.entity_id]))
    )

    assert response.status_code == 200
    assert "Endorser 2" in response.content.decode()
    assert elapsed < BOUND_SECONDS, f"the page took {elapsed:.1f} s"
