"""Expiry reminders: a 40-day run of the daily task sends the 30- and 7-day emails once each."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from badges.models import ExpiryReminder
from badges.services.awards import assertion_award, assertion_revoke
from badges.services.public_documents import notification_opt_out
from badges.services.reminders import expiry_reminders_send
from badges.services.renewals import assertion_renew
from badges.tests.factories import make_applying_badge, make_badge, make_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    issuer = make_issuer()
    return issuer.staff.get().user, make_badge(issuer, name="First Aid")


def award(owner, badge, email, expires):
    return assertion_award(
        badge_class=badge, user=owner, recipient_identity=email, expires=expires, notify=False
    )


def run_daily(capture, start, days=40) -> dict[int, list]:
    """The beat task once a day for `days` days (the clock passed in); the emails of each day."""
    sent = {}
    for day in range(days + 1):
        before = len(mail.outbox)
        with capture(execute=True):
            expiry_reminders_send(now=start + timedelta(days=day, hours=9))
            expiry_reminders_send(now=start + timedelta(days=day, hours=15))  # twice: once only
        sent[day] = mail.outbox[before:]
    return sent


def test_forty_days_send_the_30_and_7_day_emails_once_each(
    setup, django_capture_on_commit_callbacks
):
    owner, badge = setup
    start = timezone.now()
    expiring = award(owner, badge, "medic@example.org", start + timedelta(days=35))
    sent = run_daily(django_capture_on_commit_callbacks, start)
    days = {day: emails for day, emails in sent.items() if emails}
    assert list(days) == [5, 28]  # 30 days before expiry, then 7; nothing after it expires
    thirty, seven = days[5][0], days[28][0]
    assert len(days[5]) == len(days[28]) == 1
    assert thirty.to == ["medic@example.org"] and "First Aid" in thirty.subject
    assert thirty.extra_headers["Message-ID"] != seven.extra_headers["Message-ID"]
    assert f"/awards/{expiring.entity_id}" in thirty.body or expiring.entity_id in thirty.body
    # No applications: the issuer renews it, and says how to reach them.
    assert badge.issuer.email in thirty.body and "/unsubscribe/" in thirty.body
    assert "List-Unsubscribe" in thirty.extra_headers
    assert set(ExpiryReminder.objects.values_list("days", "sent")) == {(30, True), (7, True)}


def test_a_badge_that_takes_applications_says_apply_again(django_capture_on_commit_callbacks):
    issuer = make_issuer()
    badge = make_applying_badge(issuer)
    start = timezone.now()
    award(issuer.staff.get().user, badge, "a@example.org", start + timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert expiry_reminders_send(now=start) == 1
    assert f"/backpack/apply/{badge.entity_id}/" in mail.outbox[0].body


def test_a_late_first_run_sends_only_the_nearest_reminder(
    setup, django_capture_on_commit_callbacks
):
    owner, badge = setup
    start = timezone.now()
    award(owner, badge, "late@example.org", start + timedelta(days=3))
    sent = run_daily(django_capture_on_commit_callbacks, start, days=5)
    assert sum(len(emails) for emails in sent.values()) == 1
    assert set(ExpiryReminder.objects.values_list("days", "sent")) == {(30, False), (7, True)}


def test_opted_out_revoked_and_renewed_awards_get_no_reminder(
    setup, django_capture_on_commit_callbacks
):
    owner, badge = setup
    start = timezone.now()
    award(owner, badge, "quiet@example.org", start + timedelta(days=35))
    notification_opt_out(email="Quiet@example.org")
    gone = award(owner, badge, "gone@example.org", start + timedelta(days=35))
    assertion_revoke(assertion=gone, user=owner, reason="Lapsed")
    renewed = award(owner, badge, "renewed@example.org", start + timedelta(days=35))
    assertion_renew(assertion=renewed, user=owner, notify=False)
    sent = run_daily(django_capture_on_commit_callbacks, start)
    assert not [email for emails in sent.values() for email in emails]


def test_reminder_days_come_from_the_setting(setup, settings, django_capture_on_commit_callbacks):
    settings.LAUREL_EXPIRY_REMINDER_DAYS = [14]
    owner, badge = setup
    start = timezone.now()
    award(owner, badge, "medic@example.org", start + timedelta(days=35))
    sent = run_daily(django_capture_on_commit_callbacks, start)
    assert [day for day, emails in sent.items() if emails] == [21]


def test_the_beat_schedule_runs_the_task_daily(settings):
    from badges.tasks import expiry_reminders

    entry = settings.CELERY_BEAT_SCHEDULE["expiry-reminders"]
    assert entry["task"] == expiry_reminders.name and entry["schedule"] == 24 * 3600


def test_the_account_page_turns_badge_emails_off_and_on(
    client, setup, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from accounts.tests.factories import UserFactory

    owner, badge = setup
    learner = UserFactory(email="medic@example.org")
    client.force_login(learner)
    profile = reverse("account-profile")
    page = client.get(profile).content.decode()
    assert 'name="badge_emails"' in page and "checked" in page.split('name="badge_emails"')[1][:80]
    start = timezone.now()
    award(owner, badge, "medic@example.org", start + timedelta(days=35))
    assert client.post(profile, {"display_name": "Medic"}).status_code == 302  # box unticked
    assert 'name="badge_emails"' in client.get(profile).content.decode()
    assert not [
        e
        for emails in run_daily(django_capture_on_commit_callbacks, start).values()
        for e in emails
    ]
    ExpiryReminder.objects.all().delete()
    client.post(profile, {"display_name": "Medic", "badge_emails": "on"})
    sent = run_daily(django_capture_on_commit_callbacks, start)
    assert [day for day, emails in sent.items() if emails] == [5, 28]
