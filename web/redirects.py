"""The one place a `next` parameter is judged: only a path on this site is followed.

Every view that redirects to a `next` given by the request (the backpack's badge actions,
allauth's sign-in, sign-up and sign-out through the account adapter) asks `safe_next` or
`is_same_site_path`, so `next=//other-host/x`, `next=https://other-host/`, `next=/\\other-host`
and the like never send anyone off the site.
"""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_same_site_path(url: str | None) -> bool:
    """True for a path on this site (`/backpack/?show=all`), false for anything that names
    a scheme or a host, or could be read as one by a browser."""
    if not url or not isinstance(url, str) or not url.startswith("/"):
        return False
    if url.startswith(("//", "/\\")) or "\\" in url:
        return False
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        return False  # browsers drop tabs and line breaks, so "/\t/host" is "//host"
    return url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def safe_next(request: HttpRequest, default: str, *, name: str = "next") -> str:
    """The request's `next` (from POST, else the query string) when it is a path on this
    site; otherwise default."""
    value = request.POST.get(name) or request.GET.get(name) or ""
    return value if is_same_site_path(value) else default
