"""Reading the badge a PDF certificate carries: its embedded OB 3.0 credential or 2.0 URL.

A Laurel certificate attaches the signed credential as `credential.json` (PDF/A-3 style
associated file) and the hosted 2.0 assertion's URL as `assertion-url.txt`; any PDF that
attaches either the same way can be verified. Only the attachments are read, never the pages'
content, and the file's size and page count are capped before pypdf walks it.
"""

import io
import json
import logging

from django.utils.translation import gettext as _
from pypdf import PdfReader

PDF_SIGNATURE = b"%PDF-"
MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_PDF_PAGES = 20
MAX_ATTACHMENT_BYTES = 1024 * 1024
CREDENTIAL_NAME = "credential.json"
ASSERTION_URL_NAME = "assertion-url.txt"


class PdfError(ValueError):
    """A PDF that holds no badge Laurel can read; the message says why."""


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(PDF_SIGNATURE)


def attachments(data: bytes) -> dict[str, bytes]:
    """The PDF's embedded files by name (the first of each name), checked for size and pages."""
    if len(data) > MAX_PDF_BYTES:
        raise PdfError(
            _("The PDF is %(size)s MiB; a certificate is at most %(max)s MiB.")
            % {
                "size": format(len(data) / 1024 / 1024, ".1f"),
                "max": MAX_PDF_BYTES // 1024 // 1024,
            }
        )
    if not is_pdf(data):
        raise PdfError(_("The file is not a PDF."))
    # pypdf logs every repair it makes of a damaged file; those are the sender's, not ours.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise PdfError(
                _("The PDF has %(pages)s pages; a certificate has at most %(max)s.")
                % {"pages": pages, "max": MAX_PDF_PAGES}
            )
        found = {name: contents[0] for name, contents in reader.attachments.items() if contents}
    except PdfError:
        raise
    except Exception as exc:
        raise PdfError(
            _("The PDF is damaged and cannot be read; download the certificate again.")
        ) from exc
    return found


def extract(data: bytes) -> str:
    """The badge a certificate PDF carries: the 3.0 credential's JSON, else the 2.0 URL."""
    found = attachments(data)
    credential = found.get(CREDENTIAL_NAME)
    if credential is not None:
        if len(credential) > MAX_ATTACHMENT_BYTES:
            raise PdfError(_("The PDF's credential.json is too large to be a badge."))
        try:
            json.loads(credential)
        except ValueError as exc:
            raise PdfError(_("The PDF's credential.json is not valid JSON.")) from exc
        return credential.decode()
    url = found.get(ASSERTION_URL_NAME, b"")[:2000].decode(errors="replace").strip()
    if url.startswith(("https://", "http://")):
        return url
    raise PdfError(
        _(
            "The PDF carries no badge: a certificate that can be verified has its credential "
            "attached as %(credential_name)s (or its assertion's URL as %(url_name)s)."
        )
        % {"credential_name": CREDENTIAL_NAME, "url_name": ASSERTION_URL_NAME}
    )
