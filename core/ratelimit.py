"""A small fixed-window rate limit kept in the cache.

Policy: each ``scope`` (what is limited, e.g. ``"report"``) and ``key`` (who, e.g.
a member's id) gets ``limit`` attempts in each window of ``period`` seconds; the
window starts with the first attempt and the count resets when it expires. Every
attempt counts, refused or not, so hammering does not earn a fresh window.

The counter is created with ``cache.add`` and moved with ``cache.incr``, which
are atomic on Redis (production) and within one process on the local-memory
cache (development and tests). A cache that forgets a counter lets people
through: a rate limit is a brake on abuse, never a rule the data depends on. A
cache that cannot be reached raises ``RateLimitUnavailable``: the view refuses
with "try again shortly" (a 503) rather than letting everyone through.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


class RateLimitUnavailable(Exception):
    """The cache holding the counters cannot be reached; refuse, try again later."""


def _cache_key(scope: str, key: str | int) -> str:
    return f"ratelimit:{scope}:{key}"


def rate_limit_hit(*, scope: str, key: str | int, limit: int, period: int) -> bool:
    """Count one attempt; return True while it is within ``limit`` per ``period``."""
    try:
        return _count(_cache_key(scope, key), limit=limit, period=period)
    except Exception as error:  # any fault of the cache's server or client
        logger.exception("The rate limit's cache failed (%s).", scope)
        raise RateLimitUnavailable from error


def _count(cache_key: str, *, limit: int, period: int) -> bool:
    if cache.add(cache_key, 1, timeout=period):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window expired between add and incr
        cache.add(cache_key, 1, timeout=period)
        count = 1
    return count <= limit


def rate_limit_reset(*, scope: str, key: str | int) -> None:
    """Forget the attempts of ``key`` in ``scope`` (for tests and support staff)."""
    cache.delete(_cache_key(scope, key))
