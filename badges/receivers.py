"""What the issuing domain does when accounts change: a verified email takes up invitations."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import issuer_invitations_take_up


@receiver(email_confirmed)
def take_up_invitations(sender, request, email_address, **kwargs) -> None:
    issuer_invitations_take_up(user=email_address.user, email=email_address.email)
