"""Bitstring Status Lists (W3C): one bit per credential, GZIP-compressed and multibase
base64url-encoded in a BitstringStatusListCredential."""

import base64
import gzip
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

# The W3C minimum, so a list says nothing about how many credentials an issuer gave.
MIN_BITS = 131072
MAX_ENCODED_BYTES = 1024 * 1024


class StatusListError(ValueError):
    """The status list cannot be read; the message says why."""


def encode(indexes: Iterable[int], *, size: int = 0) -> str:
    """The encodedList with the bits of indexes set (bit 0 is the first byte's highest bit)."""
    indexes = list(indexes)
    bits = max(MIN_BITS, size, max(indexes, default=0) + 1)
    bits += -bits % MIN_BITS
    data = bytearray(bits // 8)
    for index in indexes:
        data[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(data), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def is_set(encoded_list: object, index: int) -> bool:
    if not isinstance(encoded_list, str) or not encoded_list:
        raise StatusListError(_("The status list has no encodedList."))
    # Bitstring lists are multibase ("u" + base64url); Status List 2021 ones are bare base64,
    # which some issuers write with the standard alphabet.
    text = encoded_list[1:] if encoded_list.startswith("u") else encoded_list
    text = text.replace("+", "-").replace("/", "_")
    try:
        compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = gzip.GzipFile(fileobj=io.BytesIO(compressed))
        data = inflater.read(MAX_ENCODED_BYTES + 1)
    except (ValueError, OSError, EOFError) as exc:
        raise StatusListError(_("The status list's encodedList is not GZIP in base64url.")) from exc
    if len(data) > MAX_ENCODED_BYTES:
        raise StatusListError(_("The status list is larger than 1 MiB, which no list needs."))
    if index < 0 or index // 8 >= len(data):
        raise StatusListError(
            _("The status list has no entry %(index)s; it is too short.") % {"index": index}
        )
    return bool(data[index // 8] & (0x80 >> (index % 8)))
