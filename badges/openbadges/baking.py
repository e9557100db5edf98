"""Baking: putting an award into its badge image and back. Open Badges 2.0: a PNG iTXt chunk
`openbadges`, an SVG `openbadges:assertion`; 3.0: a PNG iTXt chunk `openbadgecredential`, an
SVG `openbadges:credential` in the 3.0 namespace."""

import re
import struct
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

from django.utils.translation import gettext as _

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadges"
CREDENTIAL_KEYWORD = b"openbadgecredential"
TEXT_CHUNKS = (b"iTXt", b"tEXt", b"zTXt")
OPENBADGES_NS = "http://openbadges.org"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
ASSERTION = (OPENBADGES_NS, "assertion")
CREDENTIAL = (OB3_NS, "credential")
# A baked payload is a URL, a JWS or an assertion's JSON; anything bigger is not a badge.
MAX_PAYLOAD_BYTES = 1024 * 1024

# Characters XML 1.0 cannot carry at all, not even as character references.
XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A start tag whose attribute values may hold '>'; the document is already known well-formed.
START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")


class BakingError(ValueError):
    """The image cannot be baked or holds no readable baked badge; the message says why."""


def bake_png(image: bytes, payload: str, *, credential: bool = False) -> bytes:
    """The PNG with one uncompressed iTXt chunk holding payload before IEND: keyword
    `openbadges` for 2.0 (a URL or a JWS), `openbadgecredential` for a 3.0 credential (its
    JSON or its JWT).

    Any earlier chunk of that keyword is dropped; pixels and other chunks are copied as is.
    """
    keyword = CREDENTIAL_KEYWORD if credential else KEYWORD
    text = _checked_payload(payload).encode("utf-8")
    out = [PNG_SIGNATURE]
    for kind, data, raw in _png_chunks(image):
        if _is_badge_chunk(kind, data, keyword):
            continue
        if kind == b"IEND":
            # keyword NUL, compression flag 0, method 0, empty language NUL, empty translation NUL
            out.append(_png_chunk(b"iTXt", keyword + b"\0\0\0\0\0" + text))
        out.append(raw)
    return b"".join(out)


def bake_svg(svg: bytes, verify_url: str, signed_payload: str | None = None) -> bytes:
    """The SVG with one openbadges:assertion (verify=URL; the JWS or JSON as CDATA when signed).

    It becomes the root's first child; any earlier one is removed. Other bytes stay as they were.
    """
    verify_url = _checked_payload(verify_url)
    if not re.match(r"https?://\S+$", verify_url):
        raise BakingError(
            _(
                "The verify URL %(verify_url)s is not an absolute http(s) URL; give the award's "
                "public URL."
            )
            % {"verify_url": repr(verify_url)}
        )
    body = None if signed_payload is None else _checked_payload(signed_payload)
    return _bake_svg(svg, ASSERTION, verify_url, body)


def bake_svg_credential(
    svg: bytes, *, json_text: str | None = None, jwt: str | None = None
) -> bytes:
    """The SVG with one openbadges:credential (3.0 namespace): verify=JWT for a VC-JWT, or
    the credential's JSON as CDATA for one with an embedded proof."""
    if (json_text is None) == (jwt is None):
        raise BakingError(_("Give the credential as its JSON or as its JWT, not both."))
    if jwt is not None:
        return _bake_svg(svg, CREDENTIAL, _checked_payload(jwt), None)
    return _bake_svg(svg, CREDENTIAL, None, _checked_payload(json_text))


def _bake_svg(svg: bytes, element: tuple[str, str], verify: str | None, body: str | None) -> bytes:
    namespace, local = element
    if svg.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BakingError(_("The SVG is saved as UTF-16; save it as UTF-8 and bake it again."))
    scan = _scan_svg(svg, element)
    if scan.encoding not in ("utf-8", "utf8", "us-ascii", "ascii", ""):
        raise BakingError(
            _("The SVG is encoded as %(encoding)s; save it as UTF-8 and bake it again.")
            % {"encoding": repr(scan.encoding)}
        )
    bound = scan.root_namespaces.get("openbadges")
    if bound not in (None, namespace):
        raise BakingError(
            _(
                "The SVG binds the prefix 'openbadges' to %(bound)s instead of %(namespace)s; "
                "rename that prefix in the SVG and bake it again."
            )
            % {"bound": repr(bound), "namespace": repr(namespace)}
        )
    attribute = f" verify={quoteattr(verify)}" if verify is not None else ""
    content = _cdata(body) if body else ""
    tag = f"openbadges:{local}"
    element_bytes = (
        f"<{tag}{attribute}>{content}</{tag}>" if content else f"<{tag}{attribute}/>"
    ).encode("utf-8")

    root_start, root_end = scan.root_span
    root_tag = svg[root_start:root_end]
    self_closing = root_tag.endswith(b"/>")
    root_tag = root_tag[: -2 if self_closing else -1].rstrip()
    if bound is None:
        root_tag += f' xmlns:openbadges="{namespace}"'.encode()
    opened = root_tag + b">" + element_bytes
    if self_closing:
        opened += b"</" + scan.root_name.encode("utf-8") + b">"

    # The old elements all sit inside the root, so cutting them after the root tag is safe.
    rest = bytearray(svg[root_end:])
    for start, end in reversed(scan.spans):
        del rest[start - root_end : end - root_end]
    return svg[:root_start] + opened + bytes(rest)


def extract(image: bytes) -> str:
    """The baked payload of a PNG or SVG badge: an assertion URL, a JWS or JSON text (2.0),
    or a credential's JSON or JWT (3.0, preferred when an image holds both)."""
    if image.startswith(PNG_SIGNATURE):
        return _png_payload(image)
    if image.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _svg_payload(image)
    raise BakingError(
        _(
            "This file is neither a PNG nor an SVG image, so it cannot hold a baked badge; "
            "upload the badge image itself."
        )
    )


def _checked_payload(payload: str) -> str:
    # Surrounding whitespace is never part of a URL, JWS or JSON, and the SVG form
    # cannot keep it apart from indentation, so both forms drop it.
    payload = payload.strip()
    if not payload:
        raise BakingError(_("There is nothing to bake; give the award's URL, JWS or JSON."))
    bad = XML_ILLEGAL.search(payload)
    if bad:
        raise BakingError(
            _(
                "The text to bake contains the control character %(character)s at position "
                "%(position)s; a URL, JWS or JSON never does, so remove it."
            )
            % {"character": repr(bad.group()), "position": bad.start()}
        )
    return payload


# PNG -------------------------------------------------------------------------------------


def _png_chunks(png: bytes):
    """(type, data, raw bytes) of each chunk up to IEND, after checking lengths and CRCs."""
    if not png.startswith(PNG_SIGNATURE):
        raise BakingError(_("This is not a PNG file (its first bytes are not the PNG signature)."))
    position = len(PNG_SIGNATURE)
    first = True
    while position + 12 <= len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        end = position + 12 + length
        if end > len(png):
            raise BakingError(
                _("The PNG is truncated inside its %(kind)s chunk; export the image again.")
                % {"kind": repr(kind)}
            )
        data = png[position + 8 : end - 4]
        (crc,) = struct.unpack(">I", png[end - 4 : end])
        if zlib.crc32(kind + data) != crc:
            raise BakingError(
                _(
                    "The PNG is damaged (the %(kind)s chunk fails its checksum); export the image "
                    "again."
                )
                % {"kind": repr(kind)}
            )
        if first and kind != b"IHDR":
            raise BakingError(_("The PNG is damaged (it does not start with a header chunk)."))
        first = False
        yield kind, data, png[position:end]
        if kind == b"IEND":
            # Bytes after IEND are not part of the image; they are dropped, not carried along.
            return
        position = end
    raise BakingError(_("The PNG is truncated (it has no end chunk); export the image again."))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _is_badge_chunk(kind: bytes, data: bytes, keyword: bytes = KEYWORD) -> bool:
    return kind in TEXT_CHUNKS and data.startswith(keyword + b"\0")


def _png_payload(png: bytes) -> str:
    # iTXt is what the baking specification asks for; tEXt and zTXt come from older bakers.
    payloads: dict[bytes, str] = {}
    for kind, data, _raw in _png_chunks(png):
        for keyword in (CREDENTIAL_KEYWORD, KEYWORD):
            if not _is_badge_chunk(kind, data, keyword):
                continue
            if keyword in payloads:
                # The specification allows one; with two, which award is meant would be a guess.
                raise BakingError(
                    _(
                        "This PNG holds more than one baked badge ('%(keyword)s' chunk); a badge "
                        "image carries exactly one. Download the badge from its issuer again."
                    )
                    % {"keyword": keyword.decode()}
                )
            payloads[keyword] = _text_chunk_value(kind, data[len(keyword) + 1 :]).strip()
    payload = payloads.get(CREDENTIAL_KEYWORD) or payloads.get(KEYWORD)
    if not payload:
        raise BakingError(_("This PNG holds no baked badge (it has no 'openbadges' text chunk)."))
    return payload


def _text_chunk_value(kind: bytes, rest: bytes) -> str:
    if kind == b"tEXt":
        return _decode_legacy(rest)
    if kind == b"zTXt":
        return _decode_legacy(_inflate(rest[1:]))
    if len(rest) < 2:
        raise BakingError(_("The PNG's 'openbadges' iTXt chunk is damaged; bake the badge again."))
    compressed, rest = rest[0], rest[2:]
    _language, _sep, rest = rest.partition(b"\0")
    _translated, _sep, text = rest.partition(b"\0")
    try:
        return (_inflate(text) if compressed else text).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BakingError(
            _("The PNG's baked text is not valid UTF-8; bake the badge again.")
        ) from exc


def _decode_legacy(text: bytes) -> str:
    # tEXt is Latin-1 by the PNG standard, but some bakers wrote UTF-8 into it.
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return text.decode("latin-1")


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(data, MAX_PAYLOAD_BYTES + 1)
    except zlib.error as exc:
        raise BakingError(_("The PNG's compressed baked text is damaged; bake it again.")) from exc
    if len(text) > MAX_PAYLOAD_BYTES or inflater.unconsumed_tail:
        raise BakingError(_("The PNG's baked text is larger than 1 MiB, which no badge needs."))
    return text


# SVG -------------------------------------------------------------------------------------


@dataclass
class _SvgScan:
    root_name: str = ""
    root_span: tuple[int, int] = (0, 0)
    root_namespaces: dict[str, str] = field(default_factory=dict)
    encoding: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    verify: str | None = None
    text: list[str] = field(default_factory=list)


def _forbidden(*_args) -> None:
    raise BakingError(
        _("The SVG declares XML entities, which are refused for safety; remove its DOCTYPE.")
    )


def _scan_svg(svg: bytes, element: tuple[str, str]) -> _SvgScan:
    """Where the root tag and any badge elements (element: namespace and local name, such as
    openbadges:assertion) are, and the first one's verify attribute and text.

    Expat gives byte offsets, so baking can edit the bytes around them and leave the rest be.
    Namespaces are resolved here rather than by expat so an undeclared `openbadges:` prefix,
    written by some old bakers, is still found instead of failing the whole file.
    """
    scan = _SvgScan()
    parser = expat.ParserCreate()
    # As defusedxml does: no entity declarations, so no entity expansion bombs or file reads.
    parser.EntityDeclHandler = _forbidden
    parser.UnparsedEntityDeclHandler = _forbidden
    parser.ExternalEntityRefHandler = _forbidden
    scopes: list[dict[str, str]] = [{}]
    open_assertion: list[int] = []  # [start offset, depth] while inside the outermost one

    def xml_decl(_version, encoding, _standalone) -> None:
        scan.encoding = (encoding or "").lower()

    def start(name: str, attributes: dict[str, str]) -> None:
        offset = parser.CurrentByteIndex
        scope = dict(scopes[-1])
        declared = {key[6:]: value for key, value in attributes.items() if key.startswith("xmlns:")}
        scope.update(declared)
        scopes.append(scope)
        prefix, _sep, local = name.rpartition(":")
        if len(scopes) == 2:
            if local != "svg":
                raise BakingError(
                    _("The XML file's root is <%(name)s>, not <svg>; it is no SVG.")
                    % {"name": name}
                )
            scan.root_name = name
            scan.root_span = (offset, _start_tag(svg, offset).end())
            scan.root_namespaces = declared
        elif open_assertion:
            open_assertion[1] += 1
        elif local == element[1] and _in_namespace(scope.get(prefix, prefix), element[0]):
            open_assertion[:] = [offset, 0]
            if not scan.spans:
                scan.verify = attributes.get("verify")

    def end(_name: str) -> None:
        scopes.pop()
        if not open_assertion:
            return
        if open_assertion[1]:
            open_assertion[1] -= 1
            return
        start_offset = open_assertion[0]
        tag = _start_tag(svg, start_offset)
        # An empty element (<openbadges:assertion .../>) ends with its start tag.
        finish = tag.end() if tag.group(1) else svg.index(b">", parser.CurrentByteIndex) + 1
        scan.spans.append((start_offset, finish))
        open_assertion.clear()

    def text(data: str) -> None:
        if open_assertion and len(scan.spans) == 0:
            scan.text.append(data)

    parser.XmlDeclHandler = xml_decl
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(svg, True)
    except expat.ExpatError as exc:
        raise BakingError(
            _("The SVG is not well-formed XML (%(exc)s); export it again.") % {"exc": exc}
        ) from exc
    return scan


def _in_namespace(bound: str, namespace: str) -> bool:
    # Some old 2.0 bakers wrote the prefix without declaring it: an unbound `openbadges:`.
    return bound == namespace or (namespace == OPENBADGES_NS and bound == "openbadges")


def _start_tag(svg: bytes, offset: int) -> re.Match[bytes]:
    tag = START_TAG.match(svg, offset)
    if tag is None:  # expat accepted it, so only an encoding this scan cannot read gets here
        raise BakingError(_("The SVG's tags cannot be read; save it as UTF-8 and try again."))
    return tag


def _cdata(text: str) -> str:
    # "]]>" would end the section early; a carriage return inside CDATA would be turned into
    # a newline by every XML parser. Both are written outside CDATA instead.
    pieces = re.split(r"(\]\]>|\r)", text)
    escaped = {"]]>": "]]&gt;", "\r": "&#13;"}
    return "".join(escaped.get(piece, f"<![CDATA[{piece}]]>") for piece in pieces if piece)


def _svg_payload(svg: bytes) -> str:
    scan = _scan_svg(svg, CREDENTIAL)
    if not scan.spans:
        scan = _scan_svg(svg, ASSERTION)
    if not scan.spans:
        raise BakingError(_("This SVG holds no baked badge (it has no openbadges:assertion)."))
    # The element's text (a JWS or JSON) is the whole award; a 2.0 verify is only its URL,
    # a 3.0 verify is the JWT itself.
    text = "".join(scan.text).strip()
    if text:
        return text
    if scan.verify and scan.verify.strip():
        return scan.verify.strip()
    raise BakingError(
        _("The SVG's openbadges:assertion is empty (no verify URL and no content); bake it again.")
    )
