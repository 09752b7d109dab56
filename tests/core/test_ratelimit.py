"""The cache rate limit lets ``limit`` attempts through per window, then refuses."""

import time

from core.ratelimit import rate_limit_hit, rate_limit_reset


def hits(count: int, **kwargs) -> list[bool]:
    return [rate_limit_hit(**kwargs) for _ in range(count)]


def test_the_limit_lets_that_many_through_then_refuses():
    assert hits(4, scope="report", key=1, limit=3, period=60) == [
        True,
        True,
        True,
        False,
    ]


def test_each_key_and_scope_counts_on_its_own():
    hits(3, scope="report", key=1, limit=3, period=60)

    assert rate_limit_hit(scope="report", key=2, limit=3, period=60)
    assert rate_limit_hit(scope="vote", key=1, limit=3, period=60)
    assert not rate_limit_hit(scope="report", key=1, limit=3, period=60)


def test_a_reset_starts_the_count_again():
    hits(3, scope="report", key=1, limit=2, period=60)

    rate_limit_reset(scope="report", key=1)

    assert rate_limit_hit(scope="report", key=1, limit=2, period=60)


def test_the_window_ends_after_its_period():
    """The cache's own clock ends the window (Redis's server-side expiry too)."""
    assert hits(3, scope="report", key=1, limit=2, period=1) == [True, True, False]

    time.sleep(1.2)

    assert rate_limit_hit(scope="report", key=1, limit=2, period=1)
