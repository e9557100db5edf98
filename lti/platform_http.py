"""Calls to a platform: under the safe-fetch rules unless an operator registered its hosts."""

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings

from badges.openbadges.fetch import FetchError, safe_get, safe_post


class PlatformError(Exception):
    """A platform call that failed; the message says which and why."""


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise PlatformError(
                f"the platform answered with something that is not JSON: {exc}"
            ) from exc


def _trusted(url: str, trusted_urls: list[str]) -> bool:
    host = urlsplit(url).netloc.lower()
    return any(urlsplit(u).netloc.lower() == host for u in trusted_urls if u)


def get(url: str, *, accept: str, headers: dict | None = None, trusted: list[str] = ()) -> Reply:
    timeout = settings.LAUREL_FETCH_TIMEOUT
    try:
        if _trusted(url, list(trusted)):
            r = requests.get(url, headers={**(headers or {}), "Accept": accept}, timeout=timeout)
            return Reply(r.status_code, r.content, {k.lower(): v for k, v in r.headers.items()})
        fetched = safe_get(url, accept=accept, headers=headers)
        return Reply(fetched.status, fetched.body, fetched.headers)
    except (FetchError, requests.RequestException) as exc:
        raise PlatformError(f"could not reach {url}: {exc}") from exc


def post(
    url: str,
    *,
    data: bytes,
    content_type: str,
    accept: str,
    headers: dict | None = None,
    trusted: list[str] = (),
) -> Reply:
    timeout = settings.LAUREL_FETCH_TIMEOUT
    all_headers = {**(headers or {}), "Content-Type": content_type, "Accept": accept}
    try:
        if _trusted(url, list(trusted)):
            r = requests.post(url, data=data, headers=all_headers, timeout=timeout)
            return Reply(r.status_code, r.content, {k.lower(): v for k, v in r.headers.items()})
        fetched = safe_post(
            url,
            body=data,
            headers=all_headers,
            max_bytes=settings.LAUREL_FETCH_MAX_BYTES,
            timeout=timeout,
        )
        return Reply(fetched.status, fetched.body, fetched.headers)
    except (FetchError, requests.RequestException) as exc:
        raise PlatformError(f"could not reach {url}: {exc}") from exc
