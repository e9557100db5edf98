import pytest
from django.core.management import CommandError, call_command

from badges.models import Assertion
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


def test_award_issues_one_badge_and_prints_its_url(capsys):
    badge = make_badge(make_issuer())
    call_command("award", badge.entity_id, "ada@example.org", "--no-notify")
    award = Assertion.objects.get()
    assert capsys.readouterr().out.strip().endswith(f"/public/assertions/{award.entity_id}")


def test_award_csv_awards_every_row_and_reports_each(tmp_path, capsys):
    badge = make_badge(make_issuer())
    csv_file = tmp_path / "learners.csv"
    csv_file.write_text("email,narrative\nada@example.org,Top marks\ngrace@example.org,\n")
    call_command("award_csv", badge.entity_id, str(csv_file), "--no-notify")
    out = capsys.readouterr().out
    assert "row 2: awarded ada@example.org" in out and "row 3: awarded grace@example.org" in out
    assert Assertion.objects.count() == 2


def test_award_csv_with_a_bad_row_awards_nothing_and_names_the_row(tmp_path, capsys):
    badge = make_badge(make_issuer())
    csv_file = tmp_path / "learners.csv"
    csv_file.write_text("recipient_identity\nada@example.org\nnot-an-email\n")
    with pytest.raises(CommandError, match="nothing was awarded"):
        call_command("award_csv", badge.entity_id, str(csv_file))
    assert "row 3: recipient_identity" in capsys.readouterr().out
    assert not Assertion.objects.exists()


def test_award_csv_without_a_recipient_column_says_what_is_missing(tmp_path):
    badge = make_badge(make_issuer())
    csv_file = tmp_path / "learners.csv"
    csv_file.write_text("name\nAda\n")
    with pytest.raises(CommandError, match="recipient_identity"):
        call_command("award_csv", badge.entity_id, str(csv_file))
