"""The issuing domain: issuers and their staff, badge classes, awards (assertions) and keys."""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_entity_id() -> str:
    """An opaque, URL-safe, unguessable id for public URLs (never the sequential pk).

    Never starting with "-", so a command line never reads an id as an option."""
    while (entity_id := secrets.token_urlsafe(16)).startswith("-"):
        pass
    return entity_id


class EntityModel(models.Model):
    entity_id = models.CharField(max_length=32, unique=True, default=new_entity_id, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class Verification(models.TextChoices):
    HOSTED = "hosted", "Hosted (verified at its public URL)"
    SIGNED = "signed", "Signed (JSON Web Signature)"


class Issuer(EntityModel):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500)
    email = models.EmailField()
    image = models.FileField(upload_to="issuers/", blank=True)
    verification = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.HOSTED
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    STAFF = "staff", "Staff"


# What each role may do; a higher role holds every right of the lower ones.
ROLE_RIGHTS = {
    Role.STAFF: {"award"},
    Role.EDITOR: {"award", "edit_badges"},
    Role.OWNER: {"award", "edit_badges", "manage_issuer"},
}


class IssuerStaff(models.Model):
    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="issuer_roles"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "user"], name="issuer_staff_unique_user")
        ]
        verbose_name_plural = "issuer staff"

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) at {self.issuer}"


class DurationUnit(models.TextChoices):
    DAYS = "days", "days"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"
    YEARS = "years", "years"


class TimeUnit(models.TextChoices):
    HOURS = "hours", "hours"
    DAYS = "days", "days"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", "Introductory"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"
    EXPERT = "expert", "Expert"


class BadgeType(models.TextChoices):
    ACHIEVEMENT = "achievement", "Achievement"
    SKILL = "skill", "Skill"
    COMPETENCY = "competency", "Competency"
    PARTICIPATION = "participation", "Participation"
    CERTIFICATE = "certificate", "Certificate"
    LICENSE = "license", "Licence"


EVIDENCE_TYPES = ("text", "url", "file")


class BadgeClassQuerySet(models.QuerySet):
    def listed(self) -> "BadgeClassQuerySet":
        """What the public may find and pick: published, public and not archived."""
        return self.filter(archived=False, is_public=True, draft=False)


class BadgeClass(EntityModel):
    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="badge_classes")
    name = models.CharField(max_length=200)
    description = models.TextField()
    image = models.FileField(upload_to="badges/")
    criteria_url = models.URLField(max_length=500, blank=True)
    criteria_narrative = models.TextField(blank=True, help_text="Markdown.")
    # The criteria as sanitised HTML, rendered by the services when the Markdown is saved.
    criteria_html = models.TextField(blank=True, editable=False)
    alignments = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    expires_amount = models.PositiveIntegerField(null=True, blank=True)
    expires_unit = models.CharField(max_length=10, choices=DurationUnit.choices, blank=True)
    earner_description = models.TextField(blank=True)
    consumer_description = models.TextField(blank=True)
    time_to_earn_value = models.PositiveIntegerField(null=True, blank=True)
    time_to_earn_unit = models.CharField(max_length=10, choices=TimeUnit.choices, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    badge_type = models.CharField(max_length=20, choices=BadgeType.choices, blank=True)
    cost_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    cost_currency = models.CharField(max_length=3, blank=True)
    language = models.CharField(max_length=16, default="en")
    evidence_types = models.JSONField(default=list, blank=True)
    archived = models.BooleanField(default=False)
    # Private badge classes are awarded and verifiable but never listed in public search.
    is_public = models.BooleanField(default=True)
    # A draft is seen only in its issuer's workspace: no public document, search or award.
    draft = models.BooleanField(default=False)
    # The badge studio's choices that drew the image, so the design can be edited later.
    design = models.JSONField(default=dict, blank=True)
    # Learners may apply with evidence (of `evidence_types`; none listed means any kind);
    # `approvals_required` distinct reviewers must approve before the badge is awarded.
    accepts_applications = models.BooleanField(default=False)
    approvals_required = models.PositiveSmallIntegerField(default=1)

    objects = BadgeClassQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "badge classes"

    def __str__(self) -> str:
        return self.name


class RecipientType(models.TextChoices):
    EMAIL = "email", "Email"
    URL = "url", "URL"
    TELEPHONE = "telephone", "Telephone"
    ID = "id", "Identifier"


class Assertion(EntityModel):
    badge_class = models.ForeignKey(BadgeClass, on_delete=models.PROTECT, related_name="assertions")
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="assertions")
    recipient_type = models.CharField(max_length=10, choices=RecipientType.choices)
    recipient_identity = models.CharField(max_length=500, db_index=True)
    recipient_hashed = models.BooleanField(default=True)
    salt = models.CharField(max_length=64, blank=True)
    issued_on = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField(null=True, blank=True)
    narrative = models.TextField(blank=True, help_text="Markdown.")
    evidence = models.JSONField(default=list, blank=True)
    extensions = models.JSONField(default=dict, blank=True)
    verification = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.HOSTED
    )
    signing_key = models.ForeignKey(
        "IssuerKey", null=True, blank=True, on_delete=models.PROTECT, related_name="assertions"
    )
    revoked = models.BooleanField(default=False)
    revocation_reason = models.CharField(max_length=500, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # This award's bit in its issuer's Open Badges 3.0 status list.
    status_index = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["badge_class", "revoked", "expires"])]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "status_index"], name="assertion_unique_status_index"
            )
        ]

    def __str__(self) -> str:
        return f"{self.badge_class} to {self.recipient_identity}"

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()


class IssuerKey(models.Model):
    """An RS256 key pair of an issuer; the newest active key signs, old ones stay published."""

    entity_id = models.CharField(max_length=32, unique=True, default=new_entity_id, editable=False)
    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="keys")
    public_key_pem = models.TextField()
    private_key_encrypted = models.TextField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"key {self.entity_id} of {self.issuer}"


class KeyAlgorithm(models.TextChoices):
    ED25519 = "Ed25519", "Ed25519 (Data Integrity, eddsa-rdfc-2022)"
    ES256 = "ES256", "P-256 (VC-JWT, ES256)"


class CredentialKey(models.Model):
    """An Open Badges 3.0 key of an issuer, listed in its DID document. The newest active key
    of each algorithm signs; rotated keys stay listed so what they signed still verifies."""

    entity_id = models.CharField(max_length=32, unique=True, default=new_entity_id, editable=False)
    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="credential_keys")
    algorithm = models.CharField(max_length=10, choices=KeyAlgorithm.choices)
    public_key_pem = models.TextField()
    private_key_encrypted = models.TextField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.algorithm} key {self.entity_id} of {self.issuer}"


class StatusList(models.Model):
    """An issuer's signed Bitstring Status List credential, as last published."""

    issuer = models.OneToOneField(Issuer, on_delete=models.CASCADE, related_name="status_list")
    document = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"status list of {self.issuer}"


class NotificationOptOut(models.Model):
    """An email address that asked for no more award notifications."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email


class StoredRendition(models.Model):
    """A derived file (PNG of an SVG, social card, baked badge), made once and reused.

    `digest` fingerprints the inputs; when they change the rendition is made again.
    """

    key = models.CharField(max_length=200, unique=True)
    digest = models.CharField(max_length=64)
    file = models.FileField(upload_to="renditions/")
    content_type = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class IssuerInvitation(models.Model):
    """An invitation to an issuer's staff, by email: whoever has verified that email joins
    only by accepting it (the link in the email names it by `token`), or declines it."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "email"], name="issuer_invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.issuer} as {self.role}"


class AwardJobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Awarding"
    DONE = "done", "Done"
    FAILED = "failed", "Failed: nothing was awarded"


class AwardJob(models.Model):
    """A batch of awards checked row by row and then written all or nothing by a task."""

    entity_id = models.CharField(max_length=32, unique=True, default=new_entity_id, editable=False)
    badge_class = models.ForeignKey(BadgeClass, on_delete=models.CASCADE, related_name="award_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows = models.JSONField(default=list)
    notify = models.BooleanField(default=True)
    status = models.CharField(
        max_length=10, choices=AwardJobStatus.choices, default=AwardJobStatus.QUEUED
    )
    awarded = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{len(self.rows)} awards of {self.badge_class} ({self.status})"


class EndorsementQuerySet(models.QuerySet):
    def shown(self) -> "EndorsementQuerySet":
        """Live endorsements the endorsed issuer has not hidden: listed on what they endorse."""
        return self.filter(revoked=False, hidden=False)


class Endorsement(EntityModel):
    """An issuer of this site vouches, with a comment, for an issuer, a badge class or an award.

    Exactly one of the three targets is set. Revoked endorsements stay (their public URLs
    answer 410 Gone, and their bit in the endorser's status list is set)."""

    endorser = models.ForeignKey(
        Issuer, on_delete=models.CASCADE, related_name="endorsements_given"
    )
    issuer = models.ForeignKey(
        Issuer, null=True, blank=True, on_delete=models.CASCADE, related_name="endorsements"
    )
    badge_class = models.ForeignKey(
        BadgeClass, null=True, blank=True, on_delete=models.CASCADE, related_name="endorsements"
    )
    assertion = models.ForeignKey(
        Assertion, null=True, blank=True, on_delete=models.CASCADE, related_name="endorsements"
    )
    comment = models.TextField(help_text="Markdown: the endorser's claim.")
    # The comment as sanitised HTML, rendered by the services when it is saved.
    comment_html = models.TextField(blank=True, editable=False)
    issued_on = models.DateTimeField(default=timezone.now)
    revoked = models.BooleanField(default=False)
    revocation_reason = models.CharField(max_length=500, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # This endorsement's bit in its endorser's Open Badges 3.0 status list (shared with awards).
    status_index = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The endorsed issuer's answer: accepted (shown, marked so) or hidden (not listed anywhere).
    accepted_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(default=False)

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(issuer__isnull=False, badge_class__isnull=True, assertion__isnull=True)
                    | models.Q(
                        issuer__isnull=True, badge_class__isnull=False, assertion__isnull=True
                    )
                    | models.Q(
                        issuer__isnull=True, badge_class__isnull=True, assertion__isnull=False
                    )
                ),
                name="endorsement_one_target",
            ),
            models.UniqueConstraint(
                fields=["endorser", "status_index"], name="endorsement_unique_status_index"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endorser} endorses {self.target}"

    @property
    def target(self) -> "Issuer | BadgeClass | Assertion":
        return self.issuer or self.badge_class or self.assertion

    @property
    def endorsed_issuer(self) -> Issuer:
        """The issuer whose issuer profile, badge class or award is endorsed."""
        return self.issuer or (self.badge_class or self.assertion).issuer


# Claim codes -------------------------------------------------------------------------------

# Capitals and digits a person reads and types without doubt: no 0/O, 1/I/L.
CLAIM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CLAIM_CODE_LENGTH = 12  # 31**12, about 59 bits: unguessable behind the per-user throttle


def new_claim_code() -> str:
    return "".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))


def format_claim_code(code: str) -> str:
    """A code in groups of four, as printed: ABCD-EFGH-JKMN."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class ClaimCode(EntityModel):
    """A code a learner enters (or scans) to be awarded a badge class at once.

    Single-use codes (max_uses 1) may be bound to one email; multi-use codes have a use
    limit, an expiry, or both. The code is kept readable (not hashed) because issuers print
    and share it at any time; it is looked up by its unique index."""

    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.CASCADE, related_name="claim_codes"
    )
    code = models.CharField(max_length=CLAIM_CODE_LENGTH, unique=True, default=new_claim_code)
    multi_use = models.BooleanField(default=False)
    # None: no limit (a multi-use code then has an expiry).
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)
    email = models.EmailField(blank=True, help_text="Only this verified email may claim it.")
    expires_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_uses__isnull=True)
                | models.Q(uses__lte=models.F("max_uses")),
                name="claim_code_uses_within_limit",
            ),
            models.CheckConstraint(
                condition=models.Q(multi_use=True) | models.Q(max_uses=1),
                name="claim_code_single_use_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.formatted} for {self.badge_class}"

    @property
    def formatted(self) -> str:
        return format_claim_code(self.code)

    @property
    def remaining(self) -> int | None:
        return None if self.max_uses is None else self.max_uses - self.uses

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        if self.disabled_at:
            return "disabled"
        if self.is_expired:
            return "expired"
        if self.remaining == 0:
            return "used up"
        return "active"


class ClaimCodeClaim(models.Model):
    """One use of a claim code: who claimed it, the award it made, when."""

    claim_code = models.ForeignKey(ClaimCode, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField()
    assertion = models.ForeignKey(
        Assertion, null=True, on_delete=models.SET_NULL, related_name="claim_code_claims"
    )
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["claim_code", "user"], name="claim_code_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.claim_code.formatted} claimed by {self.email}"


# Webhooks (the webhooks app) --------------------------------------------------------------
# Defaults of webhook fields; badges migration 0009 names them by these dotted paths.


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_webhook_message_id() -> str:
    return "msg_" + secrets.token_hex(16)


# Applications ------------------------------------------------------------------------------


def evidence_storage():
    """Evidence files live apart from public media: only badges.views.evidence_file serves them."""
    from django.core.files.storage import storages

    return storages["evidence"]


class ApplicationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    RETURNED = "returned", "Returned for revision"
    AWARDED = "awarded", "Awarded"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The learner may change the application (reflections, evidence) in these states.
EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.RETURNED)
# Waiting for the issuer: reviewers may take, assign and decide.
OPEN_STATES = (ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW)
# Not decided yet: the learner may still withdraw.
UNDECIDED_STATES = (*EDITABLE_STATES, *OPEN_STATES)


class Application(EntityModel):
    """A learner's request for a badge: evidence and reflections, reviewed by the issuer's staff."""

    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    state = models.CharField(
        max_length=12, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    # [{"criterion": text, "text": the learner's reflection}], one per criterion of the badge.
    reflections = models.JSONField(default=list, blank=True)
    # Each submission starts a round; approvals count within the current round.
    round = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
    )
    # A reviewer's hold ends here (others may take it then); empty when an owner assigned it.
    assigned_until = models.DateTimeField(null=True, blank=True)
    assertion = models.OneToOneField(
        Assertion, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["badge_class", "state"])]

    def __str__(self) -> str:
        return f"{self.applicant} for {self.badge_class} ({self.state})"

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def undecided(self) -> bool:
        return self.state in UNDECIDED_STATES


class EvidenceKind(models.TextChoices):
    TEXT = "text", "Text"
    URL = "url", "Link"
    FILE = "file", "File"


class ApplicationEvidence(models.Model):
    entity_id = models.CharField(max_length=32, unique=True, default=new_entity_id, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=4, choices=EvidenceKind.choices)
    description = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    file = models.FileField(upload_to="applications/", storage=evidence_storage, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    # Found from the file's first bytes, never from its name or the browser's word.
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} evidence of {self.application_id}"


class ApplicationEvent(models.Model):
    """One change of an application: who, when, from which state to which, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(max_length=12, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=ApplicationState.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} -> {self.to_state} by {self.actor}"


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    RETURN = "return", "Return for revision"
    REJECT = "reject", "Reject"


class Review(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    round = models.PositiveSmallIntegerField()
    # [{"criterion": text, "met": bool, "comment": text}], in the badge's order.
    criteria = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True, help_text="To the learner.")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.decision} by {self.reviewer} on {self.application_id}"


class ReviewEmails(models.TextChoices):
    EACH = "each", "An email for each new application"
    DAILY = "daily", "One daily digest"
    OFF = "off", "No emails"


class ReviewerPreference(models.Model):
    """How a reviewer hears of new applications, for every issuer they review for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_preference"
    )
    emails = models.CharField(max_length=5, choices=ReviewEmails.choices, default=ReviewEmails.EACH)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.emails}"
