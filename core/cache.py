"""The shared cache in production: Django's Redis cache, forgiving when Redis is down.

Policy: while Redis cannot be reached, reads miss and writes are dropped (each
logged), so every page still renders from the database, only slower. Counters
(``add``, ``incr``, ``decr``) still raise: what relies on them, the rate limits,
refuses with "try again shortly" rather than letting everyone through.
"""

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _forgiving(method, fallback):
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE:
            logger.warning("Redis unreachable: %s skipped", method.__name__)
            return fallback(*args, **kwargs)

    return wrapper


def _default(key, default=None, *args, **kwargs):
    return default


class ReusedClient(RedisCacheClient):
    """Django's Redis client, keeping one redis-py client per connection pool.

    Django makes a new ``redis.Redis`` for every cache call, and building one
    (its table of response callbacks) costs more than a local round trip; a
    client is safe to share between threads, since each command takes a
    connection from the pool.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if (client := self._clients.get(id(pool))) is None:
            client = self._client(connection_pool=pool)
            client = self._clients.setdefault(id(pool), client)
        return client


class ResilientRedisCache(RedisCache):
    """Redis, with reads that miss and writes that are dropped while it is down."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClient

    get = _forgiving(RedisCache.get, _default)
    get_many = _forgiving(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _forgiving(RedisCache.has_key, lambda *args, **kwargs: False)
    set = _forgiving(RedisCache.set, lambda *args, **kwargs: None)
    set_many = _forgiving(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    touch = _forgiving(RedisCache.touch, lambda *args, **kwargs: False)
    delete = _forgiving(RedisCache.delete, lambda *args, **kwargs: False)
    delete_many = _forgiving(RedisCache.delete_many, lambda *args, **kwargs: None)
    clear = _forgiving(RedisCache.clear, lambda *args, **kwargs: False)
