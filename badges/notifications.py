"""Emails sent after commit by the outbox: awards (with an unsubscribe link), invitations, and
application decisions and submissions (each, or a reviewer's daily digest)."""

from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import language_for_email
from outbox.delivery import handles
from web.hooks import Hook
from web.links import absolute_url

from .models import (
    ROLE_RIGHTS,
    Application,
    Assertion,
    RecipientType,
    Review,
    ReviewEmails,
    ReviewerPreference,
)
from .selectors import email_opted_out

UNSUBSCRIBE_SALT = "laurel.badges.unsubscribe"

# Where the award email sends a recipient to put the badge into a credential wallet, or "" when
# its issuer does not offer that (provided by wallets, which sits above).
award_wallet_url = Hook(default=lambda *, assertion: "")


def award_message_id(assertion: Assertion) -> str:
    """The email's delivery key: one per award, so a resend is the same message, not a new one.

    The outbox delivers at least once; a worker that dies after sending but before recording
    the delivery sends again on retry, and mail systems drop a second copy of a Message-ID.
    """
    return f"<award-{assertion.entity_id}@{urlsplit(settings.LAUREL_BASE_URL).hostname}>"


def unsubscribe_url(email: str) -> str:
    token = signing.dumps(email.strip().lower(), salt=UNSUBSCRIBE_SALT)
    return settings.LAUREL_BASE_URL + reverse("badges:unsubscribe", args=[token])


@handles("assertion.awarded")
@handles("assertion.resend")
def send_award_notification(*, assertion_id: int, notify: bool = True) -> None:
    if not notify:
        return
    assertion = (
        Assertion.objects.select_related("badge_class__issuer").filter(pk=assertion_id).first()
    )
    if assertion is None or assertion.revoked:
        return
    if assertion.recipient_type != RecipientType.EMAIL:
        return
    email = assertion.recipient_identity
    if email_opted_out(email=email):
        return
    with translation.override(language_for_email(email)):
        context = {
            "assertion": assertion,
            "badge": assertion.badge_class,
            "issuer": assertion.badge_class.issuer,
            "award_url": settings.LAUREL_BASE_URL
            + reverse("discovery:award", args=[assertion.entity_id]),
            "baked_url": settings.LAUREL_BASE_URL
            + reverse("badges:baked", args=[assertion.entity_id]),
            "unsubscribe_url": unsubscribe_url(email),
            # A recipient without an account signs up with this address; the badge waits there.
            "backpack_url": settings.LAUREL_BASE_URL
            + reverse("account_signup")
            + "?"
            + urlencode({"next": reverse("backpack:list") + "?show=new"}),
            "wallet_url": award_wallet_url(assertion=assertion),
        }
        message = EmailMultiAlternatives(
            subject=_("You earned the %(badge)s badge") % {"badge": assertion.badge_class.name},
            body=render_to_string("badges/email/awarded.txt", context),
            to=[email],
            headers={
                "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
                "Message-ID": award_message_id(assertion),
            },
        )
        message.attach_alternative(
            render_to_string("badges/email/awarded.html", context), "text/html"
        )
        message.send()


@handles("assertion.expiring")
def send_expiry_reminder(*, assertion_id: int, days: int) -> None:
    """Tell the recipient their badge expires soon, and what renewing it takes."""
    assertion = (
        Assertion.objects.select_related("badge_class__issuer").filter(pk=assertion_id).first()
    )
    # Revoked, renewed or expired since it was queued: nothing to remind of any more.
    if (
        assertion is None
        or assertion.revoked
        or assertion.is_expired
        or assertion.renewals.exists()
        or assertion.recipient_type != RecipientType.EMAIL
    ):
        return
    email = assertion.recipient_identity
    if email_opted_out(email=email):
        return
    with translation.override(language_for_email(email)):
        badge = assertion.badge_class
        context = {
            "assertion": assertion,
            "badge": badge,
            "issuer": badge.issuer,
            "days": days,
            "award_url": absolute_url(reverse("discovery:award", args=[assertion.entity_id])),
            "apply_url": absolute_url(reverse("backpack:apply", args=[badge.entity_id]))
            if badge.accepts_applications
            else "",
            "unsubscribe_url": unsubscribe_url(email),
        }
        message = EmailMultiAlternatives(
            subject=_("Your %(badge)s badge expires on %(date)s")
            % {"badge": badge.name, "date": assertion.expires.date().isoformat()},
            body=render_to_string("badges/email/expiring.txt", context),
            to=[email],
            headers={
                "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
                # One per award and threshold: a redelivered message is dropped as a copy.
                "Message-ID": _message_id(f"expiry{days}", assertion.entity_id),
            },
        )
        message.send()


@handles("issuer.invited")
def send_invitation(*, invitation_id: int) -> None:
    from .models import IssuerInvitation

    invitation = (
        IssuerInvitation.objects.select_related("issuer", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:  # taken up or cancelled before the email went
        return
    with translation.override(language_for_email(invitation.email)):
        # One email whether or not the address has an account: the link names the invitation.
        context = {
            "invitation": invitation,
            "issuer": invitation.issuer,
            "invitation_url": absolute_url(
                reverse("workspace:invitation", args=[invitation.token])
            ),
            "signup_url": absolute_url(reverse("account_signup")),
            "email_url": absolute_url(reverse("account_email")),
        }
        EmailMultiAlternatives(
            subject=_("You are invited to award badges for %(issuer)s")
            % {"issuer": invitation.issuer.name},
            body=render_to_string("badges/email/invited.txt", context),
            to=[invitation.email],
        ).send()


# Applications ------------------------------------------------------------------------------


def _message_id(kind: str, key) -> str:
    return f"<{kind}-{key}@{urlsplit(settings.LAUREL_BASE_URL).hostname}>"


@handles("application.decided")
def send_decision(*, review_id: int) -> None:
    """Tell the learner the decision on their application, with the reviewer's feedback."""
    review = (
        Review.objects.select_related("application__badge_class__issuer", "application__applicant")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        return
    application = review.application
    badge = application.badge_class
    with translation.override(language_for_email(application.applicant.email)):
        subjects = {
            "approve": _("Your application for %(badge)s was approved"),
            "return": _("Your application for %(badge)s needs changes"),
            "reject": _("Your application for %(badge)s was not approved"),
        }
        context = {
            "review": review,
            "application": application,
            "badge": badge,
            "issuer": badge.issuer,
            "application_url": settings.LAUREL_BASE_URL
            + reverse("backpack:application", args=[application.entity_id]),
        }
        EmailMultiAlternatives(
            subject=subjects[review.decision] % {"badge": badge.name},
            body=render_to_string("badges/email/application_decided.txt", context),
            to=[application.applicant.email],
            headers={"Message-ID": _message_id("review", review.pk)},
        ).send()


def _reviewers(issuer, *, emails: str):
    """The issuer's staff who may award (so review) and chose this kind of email."""
    roles = [role for role, rights in ROLE_RIGHTS.items() if "award" in rights]
    staff = issuer.staff.filter(role__in=roles).select_related("user")
    if emails == ReviewEmails.EACH:
        staff = staff.filter(
            Q(user__review_preference__isnull=True) | Q(user__review_preference__emails=emails)
        )
    else:
        staff = staff.filter(user__review_preference__emails=emails)
    return [member.user for member in staff if member.user.is_active]


@handles("application.submitted")
def send_submitted(*, application_id: int) -> None:
    """Tell the issuer's reviewers (those wanting an email each) of a new submission."""
    application = (
        Application.objects.select_related("badge_class__issuer", "applicant")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return
    issuer = application.badge_class.issuer
    context = {
        "applications": [application],
        "issuer": issuer,
        "queue_url": settings.LAUREL_BASE_URL
        + reverse("workspace:review-queue", args=[issuer.entity_id]),
    }
    for user in _reviewers(issuer, emails=ReviewEmails.EACH):
        with translation.override(language_for_email(user.email)):
            EmailMultiAlternatives(
                subject=_("New application for %(badge)s")
                % {"badge": application.badge_class.name},
                body=render_to_string("badges/email/applications_submitted.txt", context),
                to=[user.email],
                headers={
                    "Message-ID": _message_id(
                        "submitted", f"{application.entity_id}-{application.round}-{user.pk}"
                    )
                },
            ).send()


def send_review_digests(*, now=None) -> int:
    """Send each reviewer who chose the daily digest the applications submitted since their
    last one, at most once a day. Returns how many digests went out."""
    now = now or timezone.now()
    sent = 0
    due = ReviewerPreference.objects.filter(emails=ReviewEmails.DAILY).select_related("user")
    for preference in due:
        since = preference.digest_sent_at or now - timedelta(days=1)
        if now - since < timedelta(days=1) or not preference.user.is_active:
            continue
        issuers = [staff.issuer for staff in preference.user.issuer_roles.select_related("issuer")]
        sections = []
        for issuer in issuers:
            applications = list(
                Application.objects.filter(
                    badge_class__issuer=issuer, state__in=("submitted", "in_review")
                )
                .filter(submitted_at__gt=since, submitted_at__lte=now)
                .select_related("badge_class", "applicant")
            )
            if applications:
                sections.append(
                    {
                        "issuer": issuer,
                        "applications": applications,
                        "queue_url": settings.LAUREL_BASE_URL
                        + reverse("workspace:review-queue", args=[issuer.entity_id]),
                    }
                )
        if sections:
            count = sum(len(s["applications"]) for s in sections)
            with translation.override(language_for_email(preference.user.email)):
                _send_digest(preference, sections, count, now)
            sent += 1
        preference.digest_sent_at = now
        preference.save(update_fields=["digest_sent_at"])
    return sent


def _send_digest(preference, sections, count, now) -> None:
    """One reviewer's digest, in their language."""
    EmailMultiAlternatives(
        subject=ngettext(
            "%(count)d new application to review",
            "%(count)d new applications to review",
            count,
        )
        % {"count": count},
        body=render_to_string("badges/email/review_digest.txt", {"sections": sections}),
        to=[preference.user.email],
        headers={"Message-ID": _message_id("digest", f"{preference.pk}-{now:%Y%m%d}")},
    ).send()
