"""Counting failed sign-ins by password (/o/token) per client address and per account at that
address, in the default cache (shared by every worker: a database table or Redis).

Counting an account at one address only means guesses from anywhere never lock its owner out
elsewhere; the per-address count still stops one address trying many accounts."""

import hashlib
from dataclasses import dataclass

from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Counter:
    key: str
    limit: int


def client_address(request: HttpRequest) -> str:
    """The client's IP as allauth's limits see it (ALLAUTH_TRUSTED_PROXY_COUNT and the
    like apply to both), IPv6 truncated to its network."""
    return get_ip(request)


def token_counters(*, address: str, account: str) -> list[Counter]:
    counters = [Counter(f"oauth-fail:ip:{address}", settings.LAUREL_TOKEN_FAILURES_PER_IP)]
    account = account.strip().lower()
    if account:
        # Hashed: any text fits a cache key, and the cache holds no email addresses.
        digest = hashlib.sha256(f"{account}\n{address}".encode()).hexdigest()
        counters.append(
            Counter(f"oauth-fail:account-at-ip:{digest}", settings.LAUREL_TOKEN_FAILURES_PER_USER)
        )
    return counters


def is_blocked(counters: list[Counter]) -> bool:
    return any((cache.get(counter.key) or 0) >= counter.limit for counter in counters)


def failure_record(counters: list[Counter]) -> None:
    for counter in counters:
        cache.add(counter.key, 0, timeout=settings.LAUREL_TOKEN_FAILURE_WINDOW)
        cache.incr(counter.key)
