"""The issuing domain's models, one module per area.

The one package that re-exports: Django registers the models of an app through its `models`
module, so each is imported here; `from badges.models import Issuer` is the app's model
registry, and migrations name defaults by their old dotted paths (badges.models.new_entity_id,
new_claim_code, new_invitation_token, evidence_storage, new_webhook_secret and
new_webhook_message_id), which must stay importable here.
"""

from .applications import (
    EDITABLE_STATES,
    OPEN_STATES,
    UNDECIDED_STATES,
    Application,
    ApplicationEvent,
    ApplicationEvidence,
    ApplicationState,
    Decision,
    EvidenceKind,
    Review,
    ReviewEmails,
    ReviewerPreference,
    evidence_storage,
)
from .awards import (
    Assertion,
    AwardJob,
    AwardJobKind,
    AwardJobStatus,
    ExpiryReminder,
    RecipientType,
)
from .badge_classes import (
    EVIDENCE_TYPES,
    BadgeClass,
    BadgeClassQuerySet,
    BadgeClassTranslation,
    BadgeType,
    DurationUnit,
    Level,
    TimeUnit,
)
from .base import (
    EntityModel,
    Verification,
    new_entity_id,
    new_webhook_message_id,
    new_webhook_secret,
)
from .claim_codes import (
    CLAIM_CODE_ALPHABET,
    CLAIM_CODE_LENGTH,
    ClaimCode,
    ClaimCodeClaim,
    format_claim_code,
    new_claim_code,
)
from .endorsements import Endorsement, EndorsementQuerySet
from .issuers import ROLE_RIGHTS, Issuer, IssuerInvitation, IssuerStaff, Role, new_invitation_token
from .keys import CredentialKey, IssuerKey, KeyAlgorithm, StatusList
from .public_documents import NotificationOptOut, StoredRendition

__all__ = [
    "CLAIM_CODE_ALPHABET",
    "CLAIM_CODE_LENGTH",
    "EDITABLE_STATES",
    "EVIDENCE_TYPES",
    "OPEN_STATES",
    "ROLE_RIGHTS",
    "UNDECIDED_STATES",
    "Application",
    "ApplicationEvent",
    "ApplicationEvidence",
    "ApplicationState",
    "Assertion",
    "AwardJob",
    "AwardJobKind",
    "AwardJobStatus",
    "BadgeClass",
    "BadgeClassQuerySet",
    "BadgeClassTranslation",
    "BadgeType",
    "ClaimCode",
    "ClaimCodeClaim",
    "CredentialKey",
    "Decision",
    "DurationUnit",
    "Endorsement",
    "EndorsementQuerySet",
    "EntityModel",
    "EvidenceKind",
    "ExpiryReminder",
    "Issuer",
    "IssuerInvitation",
    "IssuerKey",
    "IssuerStaff",
    "KeyAlgorithm",
    "Level",
    "NotificationOptOut",
    "RecipientType",
    "Review",
    "ReviewEmails",
    "ReviewerPreference",
    "Role",
    "StatusList",
    "StoredRendition",
    "TimeUnit",
    "Verification",
    "evidence_storage",
    "format_claim_code",
    "new_claim_code",
    "new_entity_id",
    "new_invitation_token",
    "new_webhook_message_id",
    "new_webhook_secret",
]
