"""Fixtures for workspace tests: an issuer with a person in each role, and outsiders."""

from dataclasses import dataclass

import pytest

from accounts.tests.factories import UserFactory
from badges.models import Role
from badges.services.awards import assertion_award
from badges.services.issuers import issuer_staff_add
from badges.tests.factories import make_badge, make_issuer


@dataclass
class Staffed:
    owner: object
    editor: object
    staff: object
    outsider: object
    operator: object
    issuer: object
    badge: object
    draft: object
    award: object


@pytest.fixture
def staffed(db):
    owner = UserFactory(email="owner@college.example")
    issuer = make_issuer(owner=owner, name="Harbour College")
    editor, staff = UserFactory(email="editor@college.example"), UserFactory()
    issuer_staff_add(issuer=issuer, user=owner, member=editor, role=Role.EDITOR)
    issuer_staff_add(issuer=issuer, user=owner, member=staff, role=Role.STAFF)
    outsider = UserFactory()
    make_issuer(owner=outsider, name="Elsewhere")
    operator = UserFactory(is_superuser=True, is_staff=True)
    badge = make_badge(issuer, name="Sea Survival")
    draft = make_badge(issuer, name="Night Sailing", draft=True)
    award = assertion_award(
        badge_class=badge, user=owner, recipient_identity="sailor@example.org", notify=False
    )
    return Staffed(owner, editor, staff, outsider, operator, issuer, badge, draft, award)
