"""What the wallet tests share: an award to a learner's email on a live Laurel whose base URL
is the live server's, so the links and DIDs Laurel makes reach it."""

import pytest

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer

EMAIL = "ada@example.org"


@pytest.fixture
def award(transactional_db, live_server, settings):
    """Made before any browser starts: Playwright's loop makes later ORM calls refuse."""
    settings.LAUREL_BASE_URL = live_server.url
    UserFactory(email=EMAIL)
    badge = make_badge(make_issuer(name="Harbour College"), name="Sea Survival")
    return assertion_award(badge_class=badge, user=None, recipient_identity=EMAIL, notify=False)
