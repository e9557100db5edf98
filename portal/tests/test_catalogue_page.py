"""A catalogue page stays cheap to render however many badges it shows."""

import pytest

from portal.demo import add_page, badge_list_block, stream_block
from portal.models import CataloguePage
from portal.tests.factories import make_catalogue_badges

pytestmark = pytest.mark.django_db


@pytest.fixture
def hundred_badges(issuer):
    return make_catalogue_badges(
        issuer,
        "Badge",
        description="A badge.",
        level="introductory",
        time_to_earn_value=2,
        time_to_earn_unit="hours",
    )


def test_a_catalogue_with_a_hundred_badges_renders_in_a_fixed_number_of_queries(
    client, catalogue_index, hundred_badges, django_assert_max_num_queries
):
    by_hand = [b.pk for b in hundred_badges[:90]]
    page = add_page(
        catalogue_index,
        CataloguePage(
            title="Everything",
            slug="everything",
            body=[
                stream_block("text", "<p>All our badges.</p>"),
                *[stream_block("badge", b.pk) for b in hundred_badges[90:]],
                badge_list_block("By hand", badges=by_hand),
            ],
        ),
    )
    client.get(page.url)  # the main menu and site root paths are cached, not read per view
    # 12: with pages in several languages, Wagtail reads the active locale, and the head's
    # hreflang links read the page's translations (one query each, whatever the page holds).
    with django_assert_max_num_queries(12):
        response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card badge-card"') == 100
    assert html.count("Open University of Testing") == 100
