"""What an evidence file really is, found from its first bytes (never its name or the browser's
word): images, PDF, video and audio are accepted; everything else (SVG, HTML, archives,
programs) is refused, so a file served back to a reviewer cannot run script."""

# (content type, test of the first bytes), in the order they are tried.
_SIGNATURES = (
    ("image/png", lambda h: h.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/jpeg", lambda h: h.startswith(b"\xff\xd8\xff")),
    ("image/gif", lambda h: h[:6] in (b"GIF87a", b"GIF89a")),
    ("image/webp", lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP"),
    ("application/pdf", lambda h: h.startswith(b"%PDF-")),
    ("audio/wav", lambda h: h[:4] == b"RIFF" and h[8:12] == b"WAVE"),
    ("audio/ogg", lambda h: h.startswith(b"OggS")),
    ("audio/flac", lambda h: h.startswith(b"fLaC")),
    ("audio/mpeg", lambda h: h.startswith(b"ID3") or (h[:1] == b"\xff" and h[1:2] >= b"\xe0")),
    ("video/webm", lambda h: h.startswith(b"\x1a\x45\xdf\xa3")),
    ("audio/mp4", lambda h: h[4:8] == b"ftyp" and h[8:11] == b"M4A"),
    ("video/quicktime", lambda h: h[4:8] == b"ftyp" and h[8:10] == b"qt"),
    ("video/mp4", lambda h: h[4:8] == b"ftyp"),
)

KINDS_ACCEPTED = "an image (PNG, JPEG, GIF, WebP), a PDF, a video (MP4, WebM, MOV) or audio"

EXTENSIONS = {
    "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp",
    "application/pdf": "pdf", "audio/wav": "wav", "audio/ogg": "ogg", "audio/flac": "flac",
    "audio/mpeg": "mp3", "video/webm": "webm", "audio/mp4": "m4a", "video/quicktime": "mov",
    "video/mp4": "mp4",
}  # fmt: skip


def sniff(head: bytes) -> str | None:
    """The content type of a file starting with `head` (its first 16 bytes or more), or None
    when it is not a kind of evidence accepted."""
    return next((kind for kind, test in _SIGNATURES if test(head)), None)
