"""Pathway pages: what visitors and learners see, following, the dashboard, and save-time checks."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award, assertion_revoke
from badges.services.badge_classes import badge_class_delete
from outbox.models import OutboxMessage
from portal.demo import badge_step, step_group, stream_block
from portal.models import PathwayPage
from portal.pathway_records import PathwayFollow
from portal.selectors import pathways_for_badges

pytestmark = pytest.mark.django_db


def award(badge, email):
    return assertion_award(badge_class=badge, user=None, recipient_identity=email)


@pytest.fixture
def pathway(make_pathway, badges):
    return make_pathway(
        [
            stream_block("note", "<p>Begin with the basics.</p>"),
            badge_step(badges[0], code="basics"),
            stream_block(
                "activity", {"title": "Read the guide", "link": "https://x.org", "note": ""}
            ),
            step_group(
                "Practice",
                [badge_step(badges[1], requires="basics"), badge_step(badges[2])],
                rule="n_of_m",
                n=1,
            ),
            badge_step(badges[3], optional=True),
        ],
        intro="<p>Learn data.</p>",
    )


def test_a_visitor_sees_the_steps_and_is_asked_to_sign_in_for_progress(client, pathway):
    html = client.get(pathway.url).content.decode()
    assert "<h1>Data pathway</h1>" in html
    assert "Begin with the basics." in html and "Read the guide" in html
    assert "Complete either of these two steps." in html and "Optional" in html
    assert "Complete both required steps." in html
    assert "This pathway has 4 badges." in html
    assert "Sign in</a> to see which you already hold" in html
    assert "Follow this pathway" not in html


@pytest.mark.parametrize(
    "rule, needed, counted, wording",
    [
        ("all", 1, 1, "Complete the required step."),
        ("all", 2, 2, "Complete both required steps."),
        ("all", 3, 3, "Complete all 3 required steps."),
        ("n_of_m", 1, 1, "Complete this step."),
        ("n_of_m", 1, 2, "Complete either of these two steps."),
        ("n_of_m", 2, 2, "Complete both of these steps."),
        ("n_of_m", 1, 3, "Complete any one of these 3 steps."),
        ("n_of_m", 2, 3, "Complete any 2 of these 3 steps."),
        ("n_of_m", 4, 4, "Complete all 4 of these steps."),
    ],
)
def test_the_rule_of_a_group_of_steps_reads_naturally_for_one_and_two(
    rule, needed, counted, wording
):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    group = SimpleNamespace(
        needed=needed,
        group=SimpleNamespace(rule=rule, counted=[object()] * counted),
        waiting_labels=[],
    )
    rendered = render_to_string("portal/includes/pathway_rule.html", {"group": group})
    assert rendered.strip() == wording


def test_a_learner_sees_what_they_hold_from_their_verified_emails_only(client, pathway, badges):
    learner = UserFactory(email="ada@example.org")
    EmailAddress.objects.create(user=learner, email="ada@work.example", verified=True)
    EmailAddress.objects.create(user=learner, email="ada@old.example", verified=False)
    award(badges[0], "ADA@example.org")
    award(badges[2], "ada@work.example")
    award(badges[1], "ada@old.example")  # not verified: does not count
    client.force_login(learner)
    html = client.get(pathway.url).content.decode()
    assert "You already hold 2 of 4</strong>" in html
    assert '<span class="status done">Complete</span>' in html, "Practice: 1 of 2 needed, held"
    assert "Pathway complete" in html
    assert html.count('<span class="status done">Done</span>') == 2


def test_a_revoked_award_does_not_count(client, pathway, badges):
    learner = UserFactory()
    assertion = award(badges[0], learner.email)
    assertion_revoke(assertion=assertion, user=None, reason="Mistake")
    client.force_login(learner)
    assert "You already hold 0 of 4" in client.get(pathway.url).content.decode()


def test_next_suggested_steps_wait_for_their_prerequisites(client, pathway, badges):
    learner = UserFactory()
    client.force_login(learner)
    html = client.get(pathway.url).content.decode()
    suggested = html.split("Next suggested step")[1].split("</ol>")[0]
    assert "Badge 0" in suggested and "Badge 2" in suggested and "Badge 1" not in suggested
    assert "Start after: Badge 0" in html


def test_following_a_pathway_needs_a_post_with_a_csrf_token(pathway):
    learner = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    url = f"/dashboard/pathways/{pathway.pk}/follow"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    page = client.get(pathway.url)
    token = page.cookies["csrftoken"].value
    response = client.post(url, {"csrfmiddlewaretoken": token}, follow=True)
    assert response.redirect_chain[-1][0] == pathway.url
    assert "it is on your dashboard" in response.content.decode()
    assert PathwayFollow.objects.filter(user=learner, page=pathway).count() == 1


def test_the_dashboard_lists_followed_pathways_with_progress(client, pathway, badges):
    learner = UserFactory()
    award(badges[0], learner.email)
    client.force_login(learner)
    client.post(f"/dashboard/pathways/{pathway.pk}/follow")
    client.post(f"/dashboard/pathways/{pathway.pk}/follow")  # twice is still one follow
    html = client.get("/dashboard/").content.decode()
    assert f'<a href="{pathway.url}">Data pathway</a>' in html
    assert "You hold 1 of 4 badges." in html
    assert "Next: " in html and "Badge 1" in html

    client.post(f"/dashboard/pathways/{pathway.pk}/follow", {"action": "unfollow"})
    assert "You do not follow any pathway yet" in client.get("/dashboard/").content.decode()


def test_visitors_are_sent_to_sign_in_for_the_dashboard_and_following(client, pathway):
    assert client.get("/dashboard/").url.startswith("/accounts/login/")
    assert client.post(f"/dashboard/pathways/{pathway.pk}/follow").url.startswith(
        "/accounts/login/"
    )
    assert not PathwayFollow.objects.exists()


def test_an_unpublished_pathway_cannot_be_followed(client, pathway):
    pathway.unpublish()
    client.force_login(UserFactory())
    assert client.post(f"/dashboard/pathways/{pathway.pk}/follow").status_code == 404


def test_a_prerequisite_cycle_is_refused_at_save_with_a_clear_message(make_pathway, badges):
    with pytest.raises(ValidationError) as error:
        make_pathway(
            [
                badge_step(badges[0], code="a", requires="b"),
                badge_step(badges[1], code="b", requires="a"),
            ]
        )
    assert error.value.message_dict["steps"] == [
        "Prerequisites go round in a circle: a → b → a. Remove one of these requirements "
        "so the pathway can be started."
    ]
    assert not PathwayPage.objects.exists()


def test_n_greater_than_the_steps_is_refused_beside_n(make_pathway, badges):
    with pytest.raises(ValidationError) as error:
        make_pathway([badge_step(badges[0])], rule="n_of_m", required_count=3)
    assert "asks for 3 of its steps but has only 1" in error.value.message_dict["required_count"][0]


def test_an_editor_sees_the_cycle_message_in_the_wagtail_editor(client, pathway, badges):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    edit_url = f"/admin/pages/{pathway.pk}/edit/"
    form = client.get(edit_url).context["form"]
    data = {
        **{k: v for k, v in form.initial.items() if isinstance(v, str | int)},
        "title": "Data pathway",
        "slug": "data-pathway",
        "rule": "all",
        "completion": "auto",
        "intro": '{"blocks": [], "entityMap": {}}',
        "steps-count": "2",
        "steps-0-type": "badge",
        "steps-0-deleted": "",
        "steps-0-order": "0",
        "steps-0-value-badge": str(badges[0].pk),
        "steps-0-value-code": "a",
        "steps-0-value-requires": "b",
        "steps-1-type": "badge",
        "steps-1-deleted": "",
        "steps-1-order": "1",
        "steps-1-value-badge": str(badges[1].pk),
        "steps-1-value-code": "b",
        "steps-1-value-requires": "a",
    }
    revisions = pathway.revisions.count()
    response = client.post(edit_url, data)
    assert response.status_code == 200, "the editor stays on the form"
    # The StreamField widget shows the field's errors from this form (rendered by its script).
    assert response.context["form"].errors["steps"] == [
        "Prerequisites go round in a circle: a → b → a. Remove one of these requirements "
        "so the pathway can be started."
    ]
    assert "The page could not be saved due to validation errors" in response.content.decode()
    assert pathway.revisions.count() == revisions


def test_pathways_for_badges_lists_live_public_pathways_in_one_query(
    make_pathway, badges, django_assert_max_num_queries
):
    first = make_pathway([badge_step(badges[0])], title="Alpha path")
    make_pathway(
        [step_group("G", [badge_step(badges[0])], completion_badge=badges[4])], title="Beta path"
    )
    hidden = make_pathway([badge_step(badges[0])], title="Gamma path")
    hidden.unpublish()
    pathways_for_badges([badges[0].pk])  # Wagtail caches the site root paths for later requests
    with django_assert_max_num_queries(2):
        found = pathways_for_badges([badges[0].pk, badges[4].pk, badges[3].pk])
    assert found == {
        badges[0].pk: [
            {"title": "Alpha path", "url": first.url},
            {"title": "Beta path", "url": "/pathways/beta-path/"},
        ],
        badges[4].pk: [{"title": "Beta path", "url": "/pathways/beta-path/"}],
        badges[3].pk: [],
    }


def test_the_badge_index_follows_the_saved_steps(make_pathway, badges):
    page = make_pathway([badge_step(badges[0]), badge_step(badges[1])], completion_badge=badges[4])
    assert sorted(page.badge_class_ids()) == sorted([badges[4].pk, badges[0].pk, badges[1].pk])
    page.steps = [badge_step(badges[2])]
    page.save_revision().publish()
    assert sorted(page.badge_links.values_list("badge_class_id", flat=True)) == sorted(
        [badges[2].pk, badges[4].pk]
    )


def test_publishing_unpublishing_and_deleting_a_pathway_tell_the_outbox(
    make_pathway, badges, django_capture_on_commit_callbacks
):
    page = make_pathway([badge_step(badges[0])])
    page.unpublish()
    page.save_revision().publish()
    page_id = page.pk
    page.delete()
    messages = OutboxMessage.objects.filter(topic="pathway.changed")
    assert [m.payload for m in messages] == [{"page_id": page_id}] * messages.count()
    assert messages.count() >= 4, "published, unpublished, published again, deleted"


def test_a_deleted_badge_leaves_the_pathway_working(client, make_pathway, badges):
    page = make_pathway([badge_step(badges[0]), badge_step(badges[1])], completion_badge=badges[1])
    badge_class_delete(badge_class=badges[1], user=None)
    page.refresh_from_db()
    assert page.completion_badge is None
    html = client.get(page.url).content.decode()
    assert "Badge 0" in html and "A badge that is no longer offered" in html
