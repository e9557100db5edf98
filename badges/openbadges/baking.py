"""Baking: putting an award into its badge image (PNG iTXt, SVG openbadges:assertion) and back."""

import re
import struct
import zlib
from html import unescape
from xml.sax.saxutils import quoteattr

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadges"
SVG_NS = "http://openbadges.org"


class BakingError(ValueError):
    pass


def _chunks(png: bytes):
    if not png.startswith(PNG_SIGNATURE):
        raise BakingError("This is not a PNG file.")
    position = len(PNG_SIGNATURE)
    while position < len(png):
        if position + 8 > len(png):
            raise BakingError("The PNG file is truncated.")
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        end = position + 12 + length
        if end > len(png):
            raise BakingError("The PNG file is truncated.")
        data = png[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", png[end - 4 : end])
        if zlib.crc32(kind + data) != crc:
            raise BakingError(f"The PNG file is damaged (bad checksum in a {kind!r} chunk).")
        yield kind, data, png[position:end]
        position = end
        if kind == b"IEND":
            return
    raise BakingError("The PNG file has no end chunk.")


def _is_badge_chunk(kind: bytes, data: bytes) -> bool:
    return kind in (b"iTXt", b"tEXt", b"zTXt") and data.split(b"\0", 1)[0] == KEYWORD


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bake_png(image: bytes, payload: str) -> bytes:
    """The PNG with one iTXt `openbadges` chunk holding payload (a URL or a JWS) before IEND."""
    out = [PNG_SIGNATURE]
    for kind, data, raw in _chunks(image):
        if _is_badge_chunk(kind, data):
            continue
        if kind == b"IEND":
            # keyword NUL, uncompressed, method 0, empty language NUL, empty translation NUL
            out.append(_chunk(b"iTXt", KEYWORD + b"\0\0\0\0\0" + payload.encode()))
        out.append(raw)
    return b"".join(out)


def _png_payload(png: bytes) -> str:
    for kind, data, _ in _chunks(png):
        if not _is_badge_chunk(kind, data):
            continue
        rest = data[len(KEYWORD) + 1 :]
        if kind == b"tEXt":
            return rest.decode("latin-1")
        if kind == b"zTXt":
            return zlib.decompress(rest[1:]).decode("latin-1")
        compressed, _method, rest = rest[0], rest[1], rest[2:]
        _language, _, rest = rest.partition(b"\0")
        _translated, _, text = rest.partition(b"\0")
        return (zlib.decompress(text) if compressed else text).decode("utf-8")
    raise BakingError("This PNG holds no baked badge.")


ASSERTION_ELEMENT = re.compile(
    rb"<openbadges:assertion\b[^>]*?(?:/>|>.*?</openbadges:assertion\s*>)", re.DOTALL
)
SVG_ROOT = re.compile(rb"<svg\b[^>]*?>", re.DOTALL)


def bake_svg(svg: bytes, verify_url: str, signed_payload: str | None = None) -> bytes:
    """The SVG with an openbadges:assertion element (JWS or JSON as CDATA when signed)."""
    svg = ASSERTION_ELEMENT.sub(b"", svg)
    root = SVG_ROOT.search(svg)
    if root is None:
        raise BakingError("This is not an SVG file (no <svg> element).")
    tag = root.group(0)
    if b"xmlns:openbadges" not in tag:
        closing = 2 if tag.endswith(b"/>") else 1
        tag = tag[:-closing] + f' xmlns:openbadges="{SVG_NS}"'.encode() + tag[-closing:]
    content = ""
    if signed_payload:
        content = "<![CDATA[" + signed_payload.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    element = (
        f"<openbadges:assertion verify={quoteattr(verify_url)}>{content}</openbadges:assertion>"
    )
    return svg[: root.start()] + tag + element.encode() + svg[root.end() :]


def _svg_payload(svg: bytes) -> str:
    match = ASSERTION_ELEMENT.search(svg)
    if match is None:
        raise BakingError("This SVG holds no baked badge.")
    element = match.group(0)
    body = re.search(rb">(.*)</openbadges:assertion", element, re.DOTALL)
    text = body.group(1).strip() if body else b""
    if text:
        parts = re.findall(rb"<!\[CDATA\[(.*?)\]\]>", text, re.DOTALL)
        return (b"".join(parts) if parts else text).decode("utf-8")
    verify = re.search(rb"""verify\s*=\s*(["'])(.*?)\1""", element, re.DOTALL)
    if verify is None:
        raise BakingError("The SVG's openbadges:assertion has no verify URL.")
    return unescape(verify.group(2).decode("utf-8"))


def extract(image: bytes) -> str:
    """The baked payload of a PNG or SVG badge: an assertion URL, a JWS or JSON."""
    if image.startswith(PNG_SIGNATURE):
        return _png_payload(image)
    if SVG_ROOT.search(image):
        return _svg_payload(image)
    raise BakingError("A baked badge is a PNG or SVG image; this file is neither.")
