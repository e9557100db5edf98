"""Pre-rendered public documents: files under LAUREL_PUBLISH_ROOT that the front server serves
without asking the app (deploy/nginx/laurel.conf), rewritten by outbox handlers on change.

The files are the same bytes the dynamic views answer (badges/public.py renders both), laid
out so nginx can negotiate with plain `try_files` and `-f` tests:

    public/<kind>/<id>.json              200 JSON-LD of an issuer, badge class or award
    gone/assertions/<id>.json            410 body of a revoked award (nginx answers 410)
    og/<kind>/<id>.html                  the Open Graph page social bots get
    public/<kind>/<id>/image.<png|svg>   an issuer's or badge class's own image
    public/issuers/<id>/revocations.json the issuer's 2.0 revocation list
    public/issuers/<id>/status-list.json the issuer's 3.0 status list

A file is written to a temporary name and renamed over the old one, so a reader sees the old
or the new document, never half of one. A missing file is never wrong: nginx asks the app.
Every function is idempotent and reads the database as it is now, so a late or repeated
message only rewrites what is already there.
"""

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from . import public, selectors
from .models import Assertion, BadgeClass, Issuer

KINDS = ("issuers", "badges", "assertions")
IMAGE_EXTENSIONS = ("png", "svg")


def root() -> Path | None:
    """The publish directory, or None when publishing is off (the embedded default)."""
    value = getattr(settings, "LAUREL_PUBLISH_ROOT", "")
    return Path(value) if value else None


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; the front server runs as another user
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _paths(base: Path, kind: str, entity_id: str) -> dict[str, Path]:
    return {
        "document": base / "public" / kind / f"{entity_id}.json",
        "gone": base / "gone" / kind / f"{entity_id}.json",
        "card": base / "og" / kind / f"{entity_id}.html",
    }


def publish(kind: str, entity_id: str) -> None:
    """Write (or remove) the document, 410 marker and bot page of one issuer, badge class or
    award, and the image of an issuer or badge class."""
    base = root()
    if base is None:
        return
    paths = _paths(base, kind, entity_id)
    document = public.render(kind, entity_id)
    if document is None:
        for path in paths.values():
            _remove(path)
        if kind != "assertions":
            _publish_image(base, kind, entity_id, None)
        return
    live, dead = ("document", "gone") if document.status == 200 else ("gone", "document")
    _write(paths[live], document.body)
    _remove(paths[dead])
    card = selectors.social_card(kind=kind, entity_id=entity_id)
    if card is None:
        _remove(paths["card"])
    else:
        _write(paths["card"], render_to_string("badges/social_card.html", {"card": card}).encode())
    if kind != "assertions":
        model = Issuer if kind == "issuers" else BadgeClass
        _publish_image(base, kind, entity_id, model.objects.filter(entity_id=entity_id).first())


def _publish_image(base: Path, kind: str, entity_id: str, obj) -> None:
    folder = base / "public" / kind / entity_id
    keep = None
    if obj is not None and obj.image:
        keep = "svg" if obj.image.name.endswith(".svg") else "png"
        with obj.image.open("rb") as handle:
            _write(folder / f"image.{keep}", handle.read())
    for extension in IMAGE_EXTENSIONS:
        if extension != keep:
            _remove(folder / f"image.{extension}")


def publish_issuer_lists(issuer_entity_id: str) -> None:
    """The issuer's revocation list and 3.0 status list (removed when the issuer is gone)."""
    base = root()
    if base is None:
        return
    folder = base / "public" / "issuers" / issuer_entity_id
    revocations = public.render("revocations", issuer_entity_id)
    issuer = Issuer.objects.filter(entity_id=issuer_entity_id).first()
    if revocations is None or issuer is None:
        _remove(folder / "revocations.json")
        _remove(folder / "status-list.json")
        return
    _write(folder / "revocations.json", revocations.body)
    from .credentials import status_list

    _write(folder / "status-list.json", json.dumps(status_list(issuer)).encode())


def publish_assertions(entity_ids: Iterable[str]) -> None:
    for entity_id in entity_ids:
        publish("assertions", entity_id)


def remove_cards(entity_ids: Iterable[str]) -> None:
    """Drop the bot pages of these awards (their badge or issuer was renamed)."""
    base = root()
    if base is not None:
        for entity_id in entity_ids:
            _remove(_paths(base, "assertions", entity_id)["card"])


def publish_everything() -> dict[str, int]:
    """(Re)write every public file: for a first deploy, or a lost or stale directory.
    Returns how many objects of each kind were published."""
    counts = {}
    _prune()
    issuers = list(Issuer.objects.values_list("entity_id", flat=True))
    for entity_id in issuers:
        publish("issuers", entity_id)
        publish_issuer_lists(entity_id)
    counts["issuers"] = len(issuers)
    badges = list(BadgeClass.objects.values_list("entity_id", flat=True))
    for entity_id in badges:
        publish("badges", entity_id)
    counts["badges"] = len(badges)
    assertions = Assertion.objects.values_list("entity_id", flat=True).iterator(chunk_size=2000)
    counts["assertions"] = 0
    for entity_id in assertions:
        publish("assertions", entity_id)
        counts["assertions"] += 1
    return counts


def _prune() -> None:
    """Remove the files of objects that no longer exist (deleted while publishing was off)."""
    base = root()
    models = {"issuers": Issuer, "badges": BadgeClass, "assertions": Assertion}
    for kind, model in models.items():
        known = set(model.objects.values_list("entity_id", flat=True))
        for folder, suffix in (("public", ".json"), ("gone", ".json"), ("og", ".html")):
            for path in (base / folder / kind).glob(f"*{suffix}"):
                if path.name.removesuffix(suffix) not in known:
                    _remove(path)
        if kind != "assertions":  # images, revocation and status lists
            for path in (base / "public" / kind).glob("*/*"):
                if path.parent.name not in known:
                    _remove(path)
