"""One shape for every badge in a backpack, awarded here or imported, for pages and exports."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy

from badges.models import Assertion
from badges.openbadges import ob2

from .models import Acceptance, ImportedBadge, ImportStatus

AWARD = "award"
IMPORT = "import"

# A page shows some of an item's links and an export none: each is reversed when first shown.
_lazy_reverse = lazy(reverse, str)


@dataclass(frozen=True)
class BackpackItem:
    kind: str  # AWARD or IMPORT
    entity_id: str
    name: str
    description: str
    issuer_name: str
    issuer_url: str
    image_url: str
    issued_on: datetime | None
    expires: datetime | None
    status: str  # an ImportStatus value; awards made here are valid, expired or revoked
    acceptance: str
    hidden: bool
    assertion_url: str  # the Open Badges id anyone can verify
    badge_page_url: str
    obj: Assertion | ImportedBadge

    @property
    def pending(self) -> bool:
        return self.acceptance == Acceptance.UNACCEPTED

    @property
    def status_label(self) -> str:
        return ImportStatus(self.status).label

    @property
    def imported(self) -> bool:
        return self.kind == IMPORT

    @property
    def share_url(self) -> str:
        return reverse("backpack:share-badge", args=[self.entity_id])

    @property
    def absolute_share_url(self) -> str:
        return settings.LAUREL_BASE_URL + self.share_url

    @property
    def wide_image_url(self) -> str:
        if self.kind == AWARD:
            return ob2.public_url("assertions", self.entity_id, "/image?fmt=wide")
        return settings.LAUREL_BASE_URL + reverse("backpack:share-image", args=[self.entity_id])

    @property
    def shareable(self) -> bool:
        return not self.hidden and self.status in (ImportStatus.VALID, ImportStatus.EXPIRED)


def award_item(assertion: Assertion) -> BackpackItem:
    """The item of an award made here; `acceptance` and `hidden` come annotated by selectors."""
    badge = assertion.badge_class
    if assertion.revoked:
        status = ImportStatus.REVOKED
    elif assertion.is_expired:
        status = ImportStatus.EXPIRED
    else:
        status = ImportStatus.VALID
    return BackpackItem(
        kind=AWARD,
        entity_id=assertion.entity_id,
        name=badge.name,
        description=badge.description,
        issuer_name=assertion.issuer.name,
        issuer_url=_lazy_reverse("discovery:issuer", args=[assertion.issuer.entity_id]),
        image_url=_lazy_reverse("badges:image", args=["assertions", assertion.entity_id]),
        issued_on=assertion.issued_on,
        expires=assertion.expires,
        status=status,
        acceptance=getattr(assertion, "acceptance", Acceptance.UNACCEPTED),
        hidden=bool(getattr(assertion, "hidden", False)),
        assertion_url=ob2.public_url("assertions", assertion.entity_id),
        badge_page_url=_lazy_reverse("discovery:badge", args=[badge.entity_id]),
        obj=assertion,
    )


def import_item(imported: ImportedBadge) -> BackpackItem:
    status = imported.status
    if status == ImportStatus.VALID and imported.expires and imported.expires <= timezone.now():
        status = ImportStatus.EXPIRED
    return BackpackItem(
        kind=IMPORT,
        entity_id=imported.entity_id,
        name=imported.name,
        description=imported.description,
        issuer_name=imported.issuer_name,
        issuer_url=imported.issuer_url,
        image_url=reverse("backpack:share-image", args=[imported.entity_id]) + "?fmt=square"
        if imported.image
        else "",
        issued_on=imported.issued_on,
        expires=imported.expires,
        status=status,
        acceptance=Acceptance.ACCEPTED,
        hidden=imported.hidden,
        assertion_url=imported.assertion_id,
        badge_page_url=_badge_page(imported),
        obj=imported,
    )


def _badge_page(imported: ImportedBadge) -> str:
    badge_id = imported.badge_class_json.get("id", "")
    return badge_id if str(badge_id).startswith(("https://", "http://")) else ""
