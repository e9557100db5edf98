"""Pre-rendered public documents: written by the outbox handlers, replaced, removed; 410s."""

import json

import pytest
from django.core.management import CommandError, call_command

from badges import publish
from badges.services.awards import (
    assertion_award,
    assertion_award_batch,
    assertion_revoke,
    assertion_update,
)
from badges.services.badge_classes import badge_class_publish
from badges.services.issuers import issuer_delete, issuer_update
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(settings, tmp_path):
    settings.LAUREL_PUBLISH_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    """Run the block's outbox deliveries (eager Celery) as its transaction commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _award(badge, email="ada@example.org"):
    return assertion_award(badge_class=badge, user=None, recipient_identity=email, notify=False)


def test_an_award_writes_its_json_ld_and_bot_page_with_the_bytes_the_view_answers(
    root, delivered, client
):
    with delivered():
        badge = make_badge(make_issuer())
        award = _award(badge)
    document = root / "public" / "assertions" / f"{award.entity_id}.json"
    dynamic = client.get(f"/public/assertions/{award.entity_id}", HTTP_ACCEPT="application/json")
    assert document.read_bytes() == dynamic.content
    card = (root / "og" / "assertions" / f"{award.entity_id}.html").read_text()
    bot = client.get(f"/public/assertions/{award.entity_id}", HTTP_USER_AGENT="LinkedInBot/1.0")
    assert card == bot.content.decode()
    assert (document.stat().st_mode & 0o777) == 0o644  # readable by the front server's user
    assert not list(root.rglob(".tmp-*"))


def test_a_batch_award_writes_every_award(root, delivered):
    badge = make_badge(make_issuer())
    with delivered():
        awards = assertion_award_batch(
            badge_class=badge,
            user=None,
            rows=[{"recipient_identity": f"p{n}@example.org"} for n in range(30)],
            notify=False,
        )
    written = {path.stem for path in (root / "public" / "assertions").glob("*.json")}
    assert written == {award.entity_id for award in awards}


def test_revoking_replaces_the_document_with_a_410_marker_and_updates_the_list(root, delivered):
    issuer = make_issuer()
    with delivered():
        badge = make_badge(issuer)
        award = _award(badge)
    with delivered():
        assertion_revoke(assertion=award, user=None, reason="Plagiarism")
    assert not (root / "public" / "assertions" / f"{award.entity_id}.json").exists()
    gone = json.loads((root / "gone" / "assertions" / f"{award.entity_id}.json").read_text())
    assert gone["revocationReason"] == "Plagiarism"
    folder = root / "public" / "issuers" / issuer.entity_id
    revocations = json.loads((folder / "revocations.json").read_text())
    assert revocations["revokedAssertions"][0]["revocationReason"] == "Plagiarism"
    assert json.loads((folder / "status-list.json").read_text())["type"] == [
        "VerifiableCredential",
        "BitstringStatusListCredential",
    ]


def test_an_edit_rewrites_the_document(root, delivered):
    with delivered():
        award = _award(make_badge(make_issuer()))
    with delivered():
        assertion_update(assertion=award, user=None, narrative="Built a compiler.")
    path = root / "public" / "assertions" / f"{award.entity_id}.json"
    assert json.loads(path.read_text())["narrative"] == "Built a compiler."


def test_badge_and_issuer_documents_follow_edits_drafts_and_deletion(root, delivered):
    with delivered():
        issuer = make_issuer()
        draft = make_badge(issuer, image=SVG_BADGE, image_name="b.svg", draft=True)
    badge_doc = root / "public" / "badges" / f"{draft.entity_id}.json"
    assert (root / "public" / "issuers" / f"{issuer.entity_id}.json").exists()
    assert not badge_doc.exists()  # a draft is not public
    with delivered():
        badge_class_publish(badge_class=draft, user=None)
    assert json.loads(badge_doc.read_text())["name"] == draft.name
    draft.refresh_from_db()
    with draft.image.open("rb") as stored:
        assert (root / "public" / "badges" / draft.entity_id / "image.svg").read_bytes() == (
            stored.read()
        )
    with delivered():
        issuer_update(issuer=issuer, user=issuer.created_by, name="Renamed U")
    issuer_doc = json.loads((root / "public" / "issuers" / f"{issuer.entity_id}.json").read_text())
    assert issuer_doc["name"] == "Renamed U"
    assert "Renamed U" in (root / "og" / "badges" / f"{draft.entity_id}.html").read_text()
    with delivered():
        issuer_delete(issuer=issuer, user=issuer.created_by)
    assert not [path for path in root.rglob("*") if path.is_file()]


def test_handlers_are_idempotent_and_off_without_a_root(root, delivered, settings):
    with delivered():
        award = _award(make_badge(make_issuer()))
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    publish.publish("assertions", award.entity_id)
    publish.publish("assertions", award.entity_id)
    assert {path: path.read_bytes() for path in root.rglob("*") if path.is_file()} == before
    settings.LAUREL_PUBLISH_ROOT = ""
    publish.publish("assertions", "anything")  # no error, nothing written


def test_publish_public_writes_everything_and_prunes_what_is_gone(root, settings, capsys):
    settings.LAUREL_PUBLISH_ROOT = ""
    award = _award(make_badge(make_issuer()))
    stale = root / "public" / "assertions" / "deleted-award.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    settings.LAUREL_PUBLISH_ROOT = str(root)
    call_command("publish_public")
    assert "1 issuers, 1 badges, 1 assertions" in capsys.readouterr().out
    assert (root / "public" / "assertions" / f"{award.entity_id}.json").exists()
    assert (root / "public" / "badges" / award.badge_class.entity_id / "image.png").exists()
    assert not stale.exists()


def test_publish_public_says_how_to_turn_publishing_on(settings):
    settings.LAUREL_PUBLISH_ROOT = ""
    with pytest.raises(CommandError, match="LAUREL_PUBLISH_ROOT is not set"):
        call_command("publish_public")
