"""Exports of a backpack: each badge's Open Badges 2.0 JSON and baked image, or all as a zip."""

import io
import json
import zipfile
from dataclasses import dataclass

from django.utils.text import slugify

from accounts.models import User
from badges import artefacts
from badges.openbadges.baking import bake_png, bake_svg
from badges.public import assertion_document, prefetch_documents

from .items import AWARD, BackpackItem
from .selectors import backpack_items


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def item_document(item: BackpackItem) -> dict:
    """The award as Open Badges 2.0 JSON with its badge class and issuer embedded, as published."""
    if item.kind == AWARD:
        return assertion_document(item.obj, expand="badge.issuer")
    imported = item.obj
    document = dict(imported.assertion_json)
    badge = dict(imported.badge_class_json) or document.get("badge")
    if (
        isinstance(badge, dict)
        and imported.issuer_json
        and not isinstance(badge.get("issuer"), dict)
    ):
        badge["issuer"] = imported.issuer_json
    if badge:
        document["badge"] = badge
    return document


def item_json(item: BackpackItem, *, indent: int | None = 2) -> ExportFile:
    """The award's JSON: laid out to be read when downloaded alone; compact in a zip of many
    (Python lays out indented JSON several times slower than compact)."""
    separators = None if indent else (",", ":")
    text = json.dumps(item_document(item), indent=indent, separators=separators, ensure_ascii=False)
    return ExportFile(text.encode("utf-8"), "application/ld+json", f"{_stem(item)}.json")


def item_baked(item: BackpackItem, baked: artefacts.Artefact | None = None) -> ExportFile | None:
    """The badge image with the award baked in, which any backpack can import; None when an
    imported badge came without a usable image. `baked`: the award's, read already."""
    if item.kind == AWARD:
        artefact = baked or artefacts.baked(item.obj)
    else:
        imported = item.obj
        if not imported.image:
            return None
        source = artefacts.source_image(imported.image)
        signed = imported.verification_type == "signed" and imported.original.count(".") == 2
        jws = imported.original if signed else None
        if source.content_type == "image/svg+xml":
            content = bake_svg(source.content, imported.assertion_id, jws)
        else:
            content = bake_png(source.content, jws or imported.assertion_id)
        artefact = artefacts.Artefact(content, source.content_type)
    extension = "svg" if artefact.content_type == "image/svg+xml" else "png"
    return ExportFile(artefact.content, artefact.content_type, f"{_stem(item)}.{extension}")


def backpack_zip(*, user: User) -> ExportFile:
    """Every badge in the backpack (hidden ones too): JSON and baked image, and an index."""
    buffer = io.BytesIO()
    index = []
    items = backpack_items(user=user)
    # What each award's document and image read, read for all at once: a fixed number of
    # queries however many badges the backpack holds.
    awards = [item.obj for item in items if item.kind == AWARD]
    prefetch_documents(awards)
    images = artefacts.baked_many([award for award in awards if not award.revoked])
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            files = [item_json(item, indent=None)]
            image = images.get(item.obj.pk) if item.kind == AWARD else None
            if item.status != "revoked" and (baked := item_baked(item, image)) is not None:
                files.append(baked)
            for file in files:
                archive.writestr(f"badges/{file.filename}", file.content)
            index.append(
                {
                    "name": item.name,
                    "issuer": item.issuer_name,
                    "issuedOn": item.issued_on.isoformat() if item.issued_on else None,
                    "expires": item.expires.isoformat() if item.expires else None,
                    "status": item.status,
                    "source": "imported" if item.imported else "awarded here",
                    "id": item.assertion_url,
                    "files": [f"badges/{file.filename}" for file in files],
                }
            )
        archive.writestr("backpack.json", json.dumps(index, indent=2, ensure_ascii=False))
    return ExportFile(buffer.getvalue(), "application/zip", "backpack.zip")


def _stem(item: BackpackItem) -> str:
    return f"{slugify(item.name)[:60] or 'badge'}-{item.entity_id}"
