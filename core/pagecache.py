"""Whole-page caching of what anonymous visitors see.

Policy. A view opts its page in with ``@public_page`` (or ``mark_public`` on the
response of a Wagtail page's ``serve``). ``PublicPageCacheMiddleware`` then keeps
the finished page in the shared cache (Redis in production) for
``PUBLIC_PAGE_CACHE_SECONDS`` and serves it again, with ``X-Cache: hit``, to any
visitor who sends no session cookie and no messages cookie: someone who is signed
in (or has anything in a session) is always served a page rendered for them, so
nobody ever sees another person's name, vote or form token.

A page is stored only when nothing in it belonged to the visitor: a 200, no cookie
set, no CSRF token used, no message shown, the session untouched. A HEAD is
answered from a kept page like a GET, but only a GET's page is ever kept: a
HEAD's body may be gone before the cache sees it (``core.methods``). Code that renders
a part of the page may shorten its life (``limit_page_cache``; vote counts do) or
forbid caching it (``limit_page_cache(request, 0)``).

Invalidation is by generation: every stored page carries the generation it was
made in, and ``invalidate_public_pages()`` (called on commit by the events that
change public pages: an entry approved, hidden or withdrawn, results published, a
page published or moved) starts a new one, so every older page is a miss. One
cache round trip reads both. When the cache is unreachable pages are rendered as
if nothing were cached.

Each worker process also keeps its own copies of the pages it served last
(``LocalPages``, at most ``PUBLIC_PAGE_LOCAL_BYTES``), and serves them without a
cache round trip for ``PUBLIC_PAGE_LOCAL_SECONDS`` after it last read the
generation. A new generation started in this process is seen here at once; one
started by another worker at most that many seconds later. While the shared
cache cannot be reached no local copy is served, since nobody could tell this
worker that its copies went stale.
"""

import hashlib
import logging
import math
import pickle
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import partial, wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver
from django.utils import timezone
from wagtail import hooks

logger = logging.getLogger(__name__)

CACHE_HEADER = "X-Cache"
GENERATION_KEY = "public-pages:generation"
KEY_PREFIX = "public-pages:page:v3:"
VALUE_PREFIX = "public-pages:value:v2:"
# Headers of the view's response kept with the page. Security headers, the
# content security policy (with a fresh nonce) and cookies are never stored: the
# middleware listed above this one adds them to every response, hit or miss.
STORED_HEADERS = ("Content-Type", "Content-Language")
# Attributes of the view's response kept with the page and set again on a hit:
# a view's own policy (``core.captcha.captcha_csp``, the embed widget's
# frame-ancestors) and the clickjacking exemption of a page meant for frames.
CSP_CONFIG = "_csp_config"
STORED_ATTRIBUTES = (CSP_CONFIG, "xframe_options_exempt")
MARK = "_public_page_seconds"
# On a view function: it may make a page the cache keeps (``public_page``).
PUBLIC_VIEW = "serves_public_pages"
# On a request: the key and generation to keep the page under, once made.
PENDING = "_public_page_pending"
# Wagtail's page serving: pages opt in with ``PublicPageMixin``.
WAGTAIL_SERVE = "wagtail_serve"
LIMIT = "_public_page_limit"
# On the database connection: the invalidations of its current transaction.
BATCH = "_public_pages_batch"
# Extension point: moments at which public pages change by themselves, site-wide,
# with nobody saving anything (a blind judging round opening leaves entrants
# unnamed). Each function takes the current moment and returns the moments to
# come (datetimes); no page or kept value outlives the first of them.
CHANGES_HOOK = "public_pages_change_at"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let the cache keep this view's page for anonymous visitors."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return mark_public(view(request, *args, **kwargs))

    setattr(wrapper, PUBLIC_VIEW, True)
    return wrapper


def public_views(patterns: list) -> list:
    """Flag every view of ``patterns`` (and included ones) as serving public pages.

    For views made elsewhere, such as django-ninja's, that mark their responses
    with ``mark_public`` themselves.
    """
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            public_views(pattern.url_patterns)
        else:
            setattr(pattern.callback, PUBLIC_VIEW, True)
    return patterns


def serves_public_pages(request: HttpRequest, view_func) -> bool:
    """Return whether ``view_func`` may make a page the cache keeps."""
    if getattr(view_func, PUBLIC_VIEW, False):
        return True
    match = request.resolver_match
    return match is not None and match.url_name == WAGTAIL_SERVE


def mark_public(response: HttpResponse) -> HttpResponse:
    """Mark ``response`` as a page the cache may keep; return it."""
    setattr(response, MARK, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return response


def limit_page_cache(request: HttpRequest, seconds: int) -> None:
    """Keep the page being rendered for at most ``seconds`` (0: not at all)."""
    current = getattr(request, LIMIT, None)
    setattr(request, LIMIT, seconds if current is None else min(current, seconds))


def limit_page_cache_until(request: HttpRequest, moments: Iterable) -> None:
    """Keep the page being rendered no longer than the first of ``moments`` to come.

    For pages that change by themselves at a time, such as a phase beginning.
    """
    now = timezone.now()
    coming = [moment for moment in moments if moment is not None and moment > now]
    if coming:
        limit_page_cache(request, math.ceil((min(coming) - now).total_seconds()))


def seconds_until_pages_change(now=None) -> int | None:
    """Return the seconds until public pages next change by themselves, if ever."""
    now = now or timezone.now()
    coming = [
        moment
        for hook in hooks.get_hooks(CHANGES_HOOK)
        for moment in hook(now)
        if moment is not None and moment > now
    ]
    return math.ceil((min(coming) - now).total_seconds()) if coming else None


def _within_horizon(seconds: int) -> int:
    horizon = seconds_until_pages_change()
    return seconds if horizon is None else min(seconds, horizon)


def invalidate_public_pages() -> None:
    """Start a new generation once the transaction commits: every page is stale.

    Once per transaction: a bulk decision on 200 entries starts one generation,
    not 200. Every call registers its callback (so a savepoint rolled back takes
    only its own), and the first of them to run starts the generation.
    """
    batch = getattr(connection, BATCH, None)
    if batch is None or batch["done"]:
        batch = {"done": False}
        setattr(connection, BATCH, batch)
    transaction.on_commit(partial(_new_generation_once, batch))


def _new_generation_once(batch: dict) -> None:
    if not batch["done"]:
        batch["done"] = True
        _new_generation()


def _new_generation() -> None:
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:  # No generation yet (or it was evicted): start one.
        generation = _first_generation()
    except Exception:
        # The cache is down: nothing can be served from it, so nothing is stale.
        logger.warning("Could not start a new public page generation", exc_info=True)
        generation = None
    local_pages.learn(generation)


def _first_generation() -> int | None:
    """Start the generations where none is stored; None if the cache is down.

    They start at a random number, so a cache emptied or restarted never comes
    back to a generation some worker still keeps pages of.
    """
    try:
        cache.add(GENERATION_KEY, secrets.randbits(48), timeout=None)
        return cache.get(GENERATION_KEY)
    except Exception:
        logger.warning("Public page cache unreachable", exc_info=True)
        return None


def generation_cached[T](
    name: str, compute: Callable[[], T], *, keep: Callable[[T], bool] | None = None
) -> T:
    """Return ``compute()``, kept in the shared cache until public pages go stale.

    For what public pages show that costs a scan or a query to work out, such as
    how many entries a gallery has or the site's settings: the value is kept
    under ``name`` for ``PUBLIC_VALUE_CACHE_SECONDS`` within the current
    generation, so whatever makes the pages stale makes it stale too. This
    process also keeps a copy, served like its copies of pages (``LocalPages``)
    while the generation it last read is recent; each use gets its own copy
    (unpickled), so nothing one request changes on it reaches another. Inside a
    transaction it is always worked out afresh, since what the transaction changed
    starts a new generation only once it commits; likewise while the cache cannot
    be reached. A value ``keep`` says no to is returned but not kept (such as
    "not found", for names a visitor makes up).
    """
    seconds = settings.PUBLIC_VALUE_CACHE_SECONDS
    if seconds <= 0 or connection.in_atomic_block:
        return compute()
    key = VALUE_PREFIX + hashlib.sha256(name.encode()).hexdigest()
    if (kept := local_pages.get(key)) is not None:
        return pickle.loads(kept[-1])  # noqa: S301 - this process's own bytes
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:
        logger.warning("Public page cache unreachable", exc_info=True)
        return compute()
    generation = found.get(GENERATION_KEY)
    if generation is None and (generation := _first_generation()) is None:
        return compute()
    local_pages.learn(generation)
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        _generation, expires, value = stored
    else:
        value = compute()
        if keep is not None and not keep(value):
            return value
        timeout = _within_horizon(seconds)
        expires = time.time() + timeout
        try:
            cache.set(key, (generation, expires, value), timeout=timeout)
        except Exception:
            logger.warning("Public page cache unreachable", exc_info=True)
    local_pages.put(key, (generation, expires, pickle.dumps(value)))
    return value


class LocalPages:
    """This process's copies of the public pages it served last, newest kept.

    Also its copies of the values kept per generation (``generation_cached``),
    pickled, under their own keys and within the same budget.

    A copy is served only while the generation this process last read from the
    shared cache is recent (``PUBLIC_PAGE_LOCAL_SECONDS``) and the copy belongs to
    it, and never past the page's own lifetime. At most
    ``PUBLIC_PAGE_LOCAL_BYTES`` of pages are kept; the least recently served go
    first. Thread-safe.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, tuple] = OrderedDict()
        self._bytes = 0
        self._generation: int | None = None
        self._read_at = -math.inf

    def learn(self, generation: int | None) -> None:
        """Note the shared generation just read (None: it could not be read)."""
        with self._lock:
            self._generation = generation
            self._read_at = time.monotonic() if generation is not None else -math.inf

    def get(self, key: str) -> tuple | None:
        """Return the page kept under ``key`` if it may be served now."""
        window = settings.PUBLIC_PAGE_LOCAL_SECONDS
        with self._lock:
            if time.monotonic() - self._read_at >= window:
                return None
            page = self._pages.get(key)
            if page is None:
                return None
            if page[0] != self._generation or page[1] <= time.time():
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: tuple) -> None:
        """Keep ``page`` (generation, expiry, …, content) if it is of the generation."""
        budget = settings.PUBLIC_PAGE_LOCAL_BYTES
        size = len(page[-1])
        if settings.PUBLIC_PAGE_LOCAL_SECONDS <= 0 or size > budget:
            return
        with self._lock:
            if page[0] != self._generation:
                return
            self._drop(key)
            self._pages[key] = page
            self._bytes += size
            while self._bytes > budget:
                oldest = next(iter(self._pages))
                self._drop(oldest)

    def forget(self) -> None:
        """Drop every copy and the generation (tests; a cache emptied by hand)."""
        with self._lock:
            self._pages.clear()
            self._bytes = 0
            self._generation = None
            self._read_at = -math.inf

    def _drop(self, key: str) -> None:
        page = self._pages.pop(key, None)
        if page is not None:
            self._bytes -= len(page[-1])


local_pages = LocalPages()


class PublicPageCacheMiddleware:
    """Serve and keep the pages marked public, for visitors without a session.

    Listed after the session, CSRF, messages, clickjacking and CSP middleware, so
    that a cached page still gets their response headers (and a fresh CSP nonce),
    and before the admin's access check; it never reads ``request.user``. It looks
    in the cache once the URL is resolved, and only for the views that may make a
    public page (``public_page`` views and Wagtail's page serving).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        pending = getattr(request, PENDING, None)
        if pending is None:  # not a public page's view, or served from the cache
            return response
        key, generation = pending
        seconds = self._seconds(request, response)
        if seconds is not None:
            response[CACHE_HEADER] = "miss"
            # Never a HEAD's answer: its body may already be gone.
            if seconds > 0 and request.method == "GET":
                self._write(key, generation, response, seconds)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """Answer from the cache before a public page's view runs, if it can.

        Only the views that may make a public page look in the cache, so every
        other request costs the cache nothing.
        """
        if not (self._may_serve(request) and serves_public_pages(request, view_func)):
            return None
        key = page_key(request)
        if (kept := local_pages.get(key)) is not None:
            return self._hit(kept)
        generation, stored = self._read(key)
        if stored is not None and stored[0] == generation:
            local_pages.put(key, stored)
            return self._hit(stored)
        setattr(request, PENDING, (key, generation))
        return None

    @staticmethod
    def _may_serve(request: HttpRequest) -> bool:
        return (
            settings.PUBLIC_PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )

    @staticmethod
    def _read(key: str) -> tuple[int, tuple | None]:
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:
            logger.warning("Public page cache unreachable", exc_info=True)
            found = {}
        generation = found.get(GENERATION_KEY)
        if generation is None:  # none yet, or the cache is down (then still None)
            generation = _first_generation()
        local_pages.learn(generation)
        return (0, None) if generation is None else (generation, found.get(key))

    @staticmethod
    def _hit(stored: tuple) -> HttpResponse:
        _generation, _expires_at, headers, attributes, content = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        for name, value in attributes.items():
            setattr(response, name, value)
        response[CACHE_HEADER] = "hit"
        return response

    @staticmethod
    def _seconds(request: HttpRequest, response: HttpResponse) -> int | None:
        """Return how long the page may be kept, 0 for not at all, None if unmarked."""
        marked = getattr(response, MARK, None)
        if marked is None:
            return None
        limit = getattr(request, LIMIT, None)
        seconds = marked if limit is None else min(marked, limit)
        if seconds > 0:
            seconds = _within_horizon(seconds)
        personal = (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or _personal_request(request)
        )
        return 0 if personal else seconds

    @staticmethod
    def _write(key: str, generation: int, response: HttpResponse, seconds: int):
        headers = [
            (name, response[name]) for name in STORED_HEADERS if name in response
        ]
        attributes = {
            name: getattr(response, name)
            for name in STORED_ATTRIBUTES
            if hasattr(response, name)
        }
        expires_at = time.time() + seconds
        page = (generation, expires_at, headers, attributes, response.content)
        try:
            cache.set(key, page, timeout=seconds)
        except Exception:
            logger.warning("Public page cache unreachable", exc_info=True)
            return
        local_pages.put(key, page)


def page_key(request: HttpRequest) -> str:
    """Return the cache key of the page at this host and full path."""
    address = f"{request.get_host()}{request.get_full_path()}"
    return KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _personal_request(request: HttpRequest) -> bool:
    """Return whether rendering gave this visitor anything of their own.

    The CSRF, session and messages middleware set their cookies after this one
    has seen the response, so their state is read from the request.
    """
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and (session.modified or not session.is_empty()))
        or getattr(messages, "added_new", False)
    )


def invalidate_on_change(*models: type) -> None:
    """Start a new generation whenever a row of one of ``models`` is saved or deleted.

    For what public pages show beside entries (partner names, voting rules, a
    judging panel): each app lists its own models from its ``AppConfig.ready``.
    """
    for model in models:
        uid = f"public-pages-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")


def _changed(sender, **kwargs) -> None:
    if not kwargs.get("raw"):
        invalidate_public_pages()


class PublicPageMixin:
    """A Wagtail page that is the same for every anonymous visitor, so cached whole."""

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return mark_public(super().serve(request, *args, **kwargs))
