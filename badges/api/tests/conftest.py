"""Fixtures for API tests: an issuer with a user in each role, an earner with an award, tokens."""

import base64
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application, set_token_value
from oauthlib.common import generate_token
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.tests.factories import UserFactory
from backpack import services as backpack_services
from badges.models import Role
from badges.services.awards import assertion_award
from badges.services.issuers import issuer_staff_add
from badges.tests.factories import (
    make_application,
    make_applying_badge,
    make_badge,
    make_issuer,
    png_bytes,
)
from webhooks.models import WebhookDelivery
from webhooks.services import webhook_endpoint_create

ALL_SCOPES = "r:profile rw:profile r:backpack rw:backpack rw:issuer"


def png_data_uri() -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def token_for(user, scope: str = ALL_SCOPES) -> str:
    value = generate_token()
    token = AccessToken(
        user=user,
        scope=scope,
        expires=timezone.now() + timedelta(hours=1),
        application=Application.objects.get(client_id=settings.LAUREL_OAUTH_PUBLIC_CLIENT_ID),
    )
    set_token_value(token, value)
    token.save()
    return value


def client_for(user=None, scope: str = ALL_SCOPES) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user, scope)}")
    return client


@dataclass
class World:
    owner: object
    editor: object
    staff: object
    earner: object
    other_owner: object
    issuer: object
    other_issuer: object
    badge: object
    assertion: object
    spare_issuer: object
    spare_badge: object
    collection: object
    personal_token: object
    webhook: object
    delivery: object
    # Set by the applied_world fixture:
    open_badge: object = None  # takes applications; nobody applied yet
    application: object = None  # the earner's, submitted
    draft_application: object = None  # the earner's, a draft ready to submit


@pytest.fixture
def world(db) -> World:
    owner = UserFactory(email="owner@example.org")
    issuer = make_issuer(owner, name="Open University of Testing")
    editor, staff = UserFactory(email="editor@example.org"), UserFactory(email="staff@example.org")
    issuer_staff_add(issuer=issuer, user=owner, member=editor, role=Role.EDITOR)
    issuer_staff_add(issuer=issuer, user=owner, member=staff, role=Role.STAFF)
    other_owner = UserFactory(email="other@example.org")
    other_issuer = make_issuer(other_owner, name="Another Academy")
    badge = make_badge(issuer)
    spare_badge = make_badge(issuer, name="Never Awarded")
    # Same roles, no awards: an issuer that may be deleted.
    spare_issuer = make_issuer(owner, name="Spare Institute")
    issuer_staff_add(issuer=spare_issuer, user=owner, member=editor, role=Role.EDITOR)
    issuer_staff_add(issuer=spare_issuer, user=owner, member=staff, role=Role.STAFF)
    earner = UserFactory(email="earner@example.org")
    assertion = assertion_award(
        badge_class=badge, user=owner, recipient_identity=earner.email, notify=False
    )
    collection = backpack_services.collection_create(
        user=earner, name="My skills", assertion_ids=[assertion.entity_id]
    )
    personal_token, _ = account_services.personal_token_create(
        user=earner, name="backup script", scope="r:backpack"
    )
    webhook = webhook_endpoint_create(issuer=issuer, user=owner, url="http://127.0.0.1:8000/hooks")
    delivery = WebhookDelivery.objects.create(
        endpoint=webhook, event="ping", payload={"type": "ping"}, status="delivered"
    )
    return World(
        owner=owner,
        editor=editor,
        staff=staff,
        earner=earner,
        other_owner=other_owner,
        issuer=issuer,
        other_issuer=other_issuer,
        badge=badge,
        assertion=assertion,
        spare_issuer=spare_issuer,
        spare_badge=spare_badge,
        collection=collection,
        personal_token=personal_token,
        webhook=webhook,
        delivery=delivery,
    )


@pytest.fixture
def applied_world(world) -> World:
    """The world with badges that take applications, and the earner's applications."""
    world.open_badge = make_applying_badge(world.issuer, name="Open Water")
    world.application = make_application(
        make_applying_badge(world.issuer, name="Knots"), world.earner
    )
    world.draft_application = make_application(
        make_applying_badge(world.issuer, name="Charts"), world.earner, submit=False
    )
    return world
