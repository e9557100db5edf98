"""Generators of hostile SVG and Markdown payloads (kept as code, not as binary files)."""

import base64
import struct
import zlib

SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="100" height="100">'
)
# A path of eight vertices: a marker on it is drawn eight times.
ZIGZAG = "M0 0" + "".join(f" L{i} {i % 2}" for i in range(1, 8))


def marker_bomb(levels: int = 6) -> bytes:
    """Markers whose paths carry the marker one level down: about 8x the work per level."""
    markers = ['<marker id="m0" markerWidth="2" markerHeight="2"><path d="M0 0 L1 1"/></marker>']
    markers += [
        f'<marker id="m{n}" markerWidth="9" markerHeight="9">'
        f'<path d="{ZIGZAG}" marker-mid="url(#m{n - 1})"/></marker>'
        for n in range(1, levels)
    ]
    body = f'<path d="{ZIGZAG}" marker-mid="url(#m{levels - 1})"/>'
    return f"{SVG_OPEN}<defs>{''.join(markers)}</defs>{body}</svg>".encode()


def pattern_bomb(levels: int = 6) -> bytes:
    """Patterns filled with eight shapes painted with the pattern one level down."""
    patterns = [
        '<pattern id="p0" width="1" height="1" patternUnits="userSpaceOnUse">'
        '<rect width="1" height="1"/></pattern>'
    ]
    for n in range(1, levels):
        rects = "".join(
            f'<rect x="{i}" width="1" height="1" fill="url(#p{n - 1})"/>' for i in range(8)
        )
        patterns.append(
            f'<pattern id="p{n}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f"{rects}</pattern>"
        )
    body = f'<rect width="100" height="100" fill="url(#p{levels - 1})"/>'
    return f"{SVG_OPEN}<defs>{''.join(patterns)}</defs>{body}</svg>".encode()


def use_bomb(levels: int = 6) -> bytes:
    """The "billion laughs" of SVG: each group uses the one below ten times."""
    groups = ['<g id="u0"><rect width="1" height="1"/></g>']
    groups += [
        f'<g id="u{n}">' + f'<use xlink:href="#u{n - 1}"/>' * 10 + "</g>" for n in range(1, levels)
    ]
    return (
        f'{SVG_OPEN}<defs>{"".join(groups)}</defs><use xlink:href="#u{levels - 1}"/></svg>'.encode()
    )


def deep_nesting(depth: int = 5_000) -> bytes:
    return (
        SVG_OPEN + "<g>" * depth + '<rect width="1" height="1"/>' + "</g>" * depth + "</svg>"
    ).encode()


def huge_canvas(side: int = 12_000) -> bytes:
    """A picture of side x side pixels inside the SVG: 20 KiB that draw as 576 MB of RGBA."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = (b"\0" * (1 + (side + 7) // 8)) * side
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    return f'{SVG_OPEN}<image width="100" height="100" xlink:href="{uri}"/></svg>'.encode()


# Markdown ----------------------------------------------------------------------------------


def brackets(length: int) -> str:
    return "[" * length


def emphasis(length: int) -> str:
    return "*_" * (length // 2)


def nested_lists(length: int) -> str:
    return "- " * ((length - 1) // 2) + "x"


def long_links(length: int) -> str:
    return "[x](" * (length // 4)
