import pytest
from django.conf import settings

from accounts.tests.factories import UserFactory
from portal.models import HomePage


@pytest.mark.django_db
def test_the_home_page_is_created_by_migrations_and_renders(client):
    home = HomePage.objects.get()
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{home.hero_heading}</h1>" in html
    assert "Sign in" in html


@pytest.mark.django_db
def test_the_wagtail_admin_shows_its_sign_in_page(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/admin/login/")


@pytest.mark.django_db
def test_staff_reach_the_wagtail_dashboard_after_signing_in(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Dashboard" in response.content.decode()


@pytest.mark.django_db
def test_demo_setup_prints_a_working_admin_sign_in(client, capsys):
    from django.core.management import call_command

    call_command("demo_setup")
    call_command("demo_setup")  # a second run changes nothing and does not fail
    out = capsys.readouterr().out
    assert "admin@laurel.test" in out and "laurel-demo-admin" in out
    assert client.login(email="admin@laurel.test", password="laurel-demo-admin")


@pytest.mark.django_db
def test_the_demo_shows_catalogues_pathways_and_a_learners_progress(client):
    from django.core.management import call_command

    call_command("demo_setup")
    home = client.get("/").content.decode()
    for title in ("Data and programming", "Become a data analyst", "Digital educator"):
        assert title in home
    assert "Latest badges" in home and "Laurel Demo College" in home
    # The demo's home page and one badge are translated; the pages under it answer in
    # French with their English text until an editor translates them.
    french = client.get("/fr/").content.decode()
    assert "Trouvez, obtenez et partagez des Open Badges" in french
    assert "Derniers badges" in french and "Data and programming" in french
    assert client.get("/fr/catalogues/data-and-programming/").status_code == 200
    from badges.models import BadgeClass

    python = BadgeClass.objects.get(name="Python Basics")
    german = client.get(f"/de/badges/{python.entity_id}/").content.decode()
    assert "<h1>Python-Grundlagen</h1>" in german
    catalogue = client.get("/catalogues/data-and-programming/").content.decode()
    assert "Most earned data badges" in catalogue and "SQL Fundamentals" in catalogue

    assert client.login(email="learner@laurel.test", password="laurel-demo-learner")
    pathway = client.get("/pathways/data-analyst/").content.decode()
    assert "You already hold 2 of 5</strong>" in pathway
    assert "Become a data analyst" in client.get("/dashboard/").content.decode()


@pytest.mark.django_db
def test_the_demo_learner_can_apply_for_a_badge_and_claim_one_with_the_printed_code(client, capsys):
    import re

    from django.core.management import call_command

    from badges.models import Assertion

    call_command("demo_setup")
    out = capsys.readouterr().out
    code = re.search(r"Claim code:\s+(\S+)", out).group(1)
    apply_url = re.search(r"Apply:\s+(\S+)", out).group(1).removeprefix(settings.LAUREL_BASE_URL)
    assert client.login(email="learner@laurel.test", password="laurel-demo-learner")
    badge_page = client.get(apply_url).content.decode()
    assert "Apply for this badge" in badge_page
    response = client.post("/claim/", {"code": code}, follow=True)
    assert response.status_code == 200
    assert Assertion.objects.filter(
        recipient_identity="learner@laurel.test", badge_class__name="Assessment Design"
    ).exists()


@pytest.mark.django_db
def test_the_favicon_is_named_by_every_page_and_served_at_favicon_ico(client):
    login = client.get("/accounts/login/")
    assert b'<link rel="icon" href="/static/favicon.svg"' in login.content
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
