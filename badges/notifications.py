"""Award notification emails, sent after commit by the outbox; an unsubscribe link in each."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from portal.outbox import handles

from .models import Assertion, RecipientType
from .selectors import email_opted_out

UNSUBSCRIBE_SALT = "laurel.badges.unsubscribe"


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
    context = {
        "assertion": assertion,
        "badge": assertion.badge_class,
        "issuer": assertion.badge_class.issuer,
        "award_url": settings.LAUREL_BASE_URL
        + reverse("discovery:award", args=[assertion.entity_id]),
        "baked_url": settings.LAUREL_BASE_URL + reverse("badges:baked", args=[assertion.entity_id]),
        "unsubscribe_url": unsubscribe_url(email),
    }
    message = EmailMultiAlternatives(
        subject=f"You earned the {assertion.badge_class.name} badge",
        body=render_to_string("badges/email/awarded.txt", context),
        to=[email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "Message-ID": award_message_id(assertion),
        },
    )
    message.attach_alternative(render_to_string("badges/email/awarded.html", context), "text/html")
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
    context = {
        "invitation": invitation,
        "issuer": invitation.issuer,
        "signup_url": settings.LAUREL_BASE_URL + reverse("account_signup"),
        "email_url": settings.LAUREL_BASE_URL + reverse("account_email"),
    }
    EmailMultiAlternatives(
        subject=f"You are invited to award badges for {invitation.issuer.name}",
        body=render_to_string("badges/email/invited.txt", context),
        to=[invitation.email],
    ).send()
