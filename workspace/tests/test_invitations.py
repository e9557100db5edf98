"""Joining an issuer's staff is by invitation only: the invitee accepts (or declines) from the
link emailed to them, whether or not they have an account; anyone may leave an issuer they did
not create, and their account is never held by one."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from badges.models import IssuerInvitation, IssuerStaff, Role
from badges.services.issuers import issuer_invitation_accept, issuer_invite, issuer_staff_leave
from badges.tests.factories import make_issuer

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-passphrase-1"


@pytest.fixture
def owner():
    return UserFactory(email="owner@college.example", password=PASSWORD)


@pytest.fixture
def issuer(owner):
    return make_issuer(owner=owner, name="Harbour College")


def invite(client, issuer, email: str, role: str = "staff"):
    return client.post(
        reverse("workspace:staff", args=[issuer.entity_id]),
        {"action": "invite", "email": email, "role": role},
        follow=True,
    )


def owner_invites(client, owner, issuer, email: str, capture, role: str = "staff"):
    """The owner, signed in on client, invites email; returns the email sent (delivered after
    commit, which capture, django_capture_on_commit_callbacks, runs)."""
    client.force_login(owner)
    with capture(execute=True):
        invite(client, issuer, email, role)
    return mail.outbox[-1]


def invitation_path(message) -> str:
    link = re.search(r"https?://\S+/issue/invitations/\S+/", message.body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def is_member(issuer, user) -> bool:
    return IssuerStaff.objects.filter(issuer=issuer, user=user).exists()


def test_inviting_someone_with_an_account_makes_them_no_member_until_they_accept(
    client, owner, issuer, django_capture_on_commit_callbacks
):
    invitee = UserFactory(email="tutor@example.org", password=PASSWORD)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, issuer, "tutor@example.org", role="owner")
    assert not is_member(issuer, invitee)
    # The invitee is told by email, with the link to accept.
    (message,) = [m for m in mail.outbox if m.to == ["tutor@example.org"]]
    assert "Harbour College" in message.subject
    path = invitation_path(message)

    other = Client()
    other.force_login(invitee)
    home = other.get(reverse("workspace:home")).content.decode()
    assert "accept or decline" in home and "card-grid" not in home  # invited, on no staff
    page = other.get(path).content.decode()
    assert "Accept and join" in page and "as <strong>owner</strong>" in page
    response = other.post(path, {"action": "accept"})
    assert response.status_code == 302
    assert IssuerStaff.objects.get(issuer=issuer, user=invitee).role == Role.OWNER
    assert not IssuerInvitation.objects.exists()
    assert other.get(path).status_code == 404


def test_the_owner_is_told_the_same_whether_or_not_the_email_has_an_account(client, owner, issuer):
    UserFactory(email="known@example.org")
    client.force_login(owner)
    known = invite(client, issuer, "known@example.org").context["messages"]
    unknown = invite(client, issuer, "unknown@example.org").context["messages"]
    said_known = [str(m).replace("known@example.org", "EMAIL") for m in known]
    said_unknown = [str(m).replace("unknown@example.org", "EMAIL") for m in unknown]
    assert said_known == said_unknown and "is invited" in said_known[0]
    assert IssuerInvitation.objects.count() == 2


def test_an_invitation_is_declined_from_its_link_even_without_an_account(
    client, owner, issuer, django_capture_on_commit_callbacks
):
    message = owner_invites(
        client, owner, issuer, "stranger@example.org", django_capture_on_commit_callbacks
    )
    path = invitation_path(message)
    anonymous = Client()
    assert "Decline" in anonymous.get(path).content.decode()
    assert anonymous.post(path, {"action": "decline"}).status_code == 302
    assert not IssuerInvitation.objects.exists()
    assert not User.objects.filter(email="stranger@example.org").exists()


def test_only_the_account_with_the_invited_email_can_accept(
    client, owner, issuer, django_capture_on_commit_callbacks
):
    message = owner_invites(
        client, owner, issuer, "tutor@example.org", django_capture_on_commit_callbacks
    )
    path = invitation_path(message)
    intruder = UserFactory(email="intruder@example.org")
    other = Client()
    other.force_login(intruder)
    assert "Accept and join" not in other.get(path).content.decode()
    response = other.post(path, {"action": "accept"})
    assert response.status_code == 400
    assert "This invitation is for tutor@example.org" in response.content.decode()
    assert not is_member(issuer, intruder)
    assert Client().post(path, {"action": "accept"}).status_code == 302  # to sign in
    assert IssuerInvitation.objects.exists()


def test_a_new_address_signs_up_verifies_and_then_accepts(
    client, owner, issuer, django_capture_on_commit_callbacks
):
    message = owner_invites(
        client, owner, issuer, "new.tutor@example.org", django_capture_on_commit_callbacks, "editor"
    )
    assert "/accounts/signup/" in message.body
    path = invitation_path(message)
    newcomer = Client()
    newcomer.post(
        reverse("account_signup"),
        {"email": "new.tutor@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    newcomer.post("/" + link.split("://", 1)[1].split("/", 1)[1])
    user = User.objects.get(email="new.tutor@example.org")
    assert not is_member(issuer, user)  # verifying is not accepting
    newcomer.force_login(user)
    assert "accept or decline" in newcomer.get(reverse("workspace:home")).content.decode()
    newcomer.post(path, {"action": "accept"})
    assert IssuerStaff.objects.get(issuer=issuer, user=user).role == Role.EDITOR


def test_a_bad_invitation_is_a_form_error(client, owner, issuer):
    client.force_login(owner)
    response = invite(client, issuer, "not an email")
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert not IssuerInvitation.objects.exists()


# Leaving --------------------------------------------------------------------------------------


def join(issuer, owner, user, role=Role.STAFF):
    invitation = issuer_invite(issuer=issuer, user=owner, email=user.email, role=role)
    return issuer_invitation_accept(invitation=invitation, user=user)


def test_anyone_may_leave_an_issuer_they_did_not_create_even_as_its_last_owner(
    client, owner, issuer
):
    member = UserFactory(password=PASSWORD)
    join(issuer, owner, member, role=Role.OWNER)
    client.force_login(owner)
    client.post(
        reverse("workspace:leave", args=[issuer.entity_id])
    )  # the creator leaves another owner behind
    assert not is_member(issuer, owner)
    client.force_login(member)
    page = reverse("workspace:leave", args=[issuer.entity_id])
    assert "Leave Harbour College" in client.get(page).content.decode()
    assert client.post(page).status_code == 302
    assert not is_member(issuer, member)


def test_the_creator_cannot_leave_their_issuer_without_another_owner(client, owner, issuer):
    client.force_login(owner)
    response = client.post(reverse("workspace:leave", args=[issuer.entity_id]))
    assert response.status_code == 400
    assert "invite someone as owner" in response.content.decode()
    assert is_member(issuer, owner)


def test_an_owner_who_did_not_create_the_issuer_can_still_delete_their_account(
    client, owner, issuer
):
    # The lock-out this prevents: made owner, then left as the only one by the creator.
    victim = UserFactory(password=PASSWORD)
    join(issuer, owner, victim, role=Role.OWNER)
    issuer_staff_leave(issuer=issuer, user=owner)
    client.force_login(victim)
    assert client.post(reverse("account-delete"), {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=victim.pk).exists()


def test_account_deletion_explains_how_to_hand_over_or_delete_an_issuer_one_created(
    client, owner, issuer
):
    client.force_login(owner)
    page = client.get(reverse("account-delete")).content.decode()
    assert "invite another owner" in page and "delete the issuer" in page
    assert reverse("workspace:staff", args=[issuer.entity_id]) in page
    response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert "You created Harbour College and are its only owner" in response.content.decode()
