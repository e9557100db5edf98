"""Reads of the Open Badges APIs: a learner's badges as the standards carry them, the apps a
learner has let in."""

from datetime import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from oauth2_provider.models import Application

from accounts.models import User
from backpack.items import AWARD, BackpackItem
from backpack.selectors import backpack_items
from badges.credentials import credential_json
from badges.openbadges import ob2


def _ob3_items(user: User) -> list[BackpackItem]:
    """Items that are Open Badges 3.0 credentials: every award made here (each has one) and
    imported 3.0 credentials. Imported 2.0 badges cannot be carried as OpenBadgeCredentials
    (their issuers never signed one); Badge Connect lists them."""
    return [
        item
        for item in backpack_items(user=user)
        if item.kind == AWARD or item.obj.spec_version.startswith("3.")
    ]


def _ob2_items(user: User) -> list[BackpackItem]:
    return [
        item
        for item in backpack_items(user=user)
        if item.kind == AWARD or not item.obj.spec_version.startswith("3.")
    ]


def _since(items: list[BackpackItem], since: datetime | None) -> list[BackpackItem]:
    if since is None:
        return items
    return [item for item in items if item.issued_on is not None and item.issued_on > since]


def credential_items(*, user: User, since: datetime | None = None) -> list[BackpackItem]:
    """The learner's OB 3.0 credentials issued after `since`, newest first."""
    return _since(_ob3_items(user), since)


def assertion_items(*, user: User, since: datetime | None = None) -> list[BackpackItem]:
    """The learner's OB 2.0 assertions (awards made here too) issued after `since`."""
    return _since(_ob2_items(user), since)


def is_jws(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 3 and all(parts) and not text.lstrip().startswith("{")


def credential_of(item: BackpackItem) -> dict | str:
    """The credential as the API returns it: a JSON document, or the compact JWS it came as
    (so a client gets back exactly what it sent)."""
    if item.kind == AWARD:
        return credential_json(item.obj)
    original = item.obj.original.strip()
    return original if is_jws(original) else item.obj.assertion_json


def assertion_of(item: BackpackItem) -> dict | str:
    """A 2.0 assertion as Badge Connect returns it: the hosted JSON, or the JWS of a signed one."""
    if item.kind == AWARD:
        return ob2.public_url("assertions", item.entity_id)
    original = item.obj.original.strip()
    return original if is_jws(original) else item.obj.assertion_json


def apps_with_access(*, user: User) -> QuerySet[Application]:
    """The OAuth apps holding a live token or refresh token of the learner."""
    now = timezone.now()
    return (
        Application.objects.filter(
            Q(accesstoken__user=user, accesstoken__expires__gt=now)
            | Q(refreshtoken__user=user, refreshtoken__revoked=None)
        )
        .select_related("ob_registration")
        .distinct()
        .order_by("name")
    )


def profile_id(user: User) -> str:
    return f"{settings.LAUREL_BASE_URL}/ims/ob/v3p0/profile#{user.entity_id}"
