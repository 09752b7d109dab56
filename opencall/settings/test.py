"""Test settings: fast hashing, tasks run at once, email captured in memory."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env


def redis_location_for_worker(location: str, worker: str) -> str:
    """Return ``location`` with its database number moved down by the worker's."""
    if not worker.startswith("gw"):
        return location
    parts = urlsplit(location)
    base = int(parts.path.strip("/") or 0)
    database = (base - int(worker.removeprefix("gw"))) % 16
    return urlunsplit(parts._replace(path=f"/{database}"))


OPENCALL_ENVIRONMENT = "test"

DEBUG = False
SECRET_KEY = "test-only-not-secret-opencall-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / "media" / "test"
PRIVATE_MEDIA_ROOT = BASE_DIR / "private_media" / "test"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
if env("REDIS_URL", default=""):
    CACHES["default"]["KEY_PREFIX"] = "opencall-test"  # noqa: F405
    # Each pytest-xdist worker gets a Redis database of its own: tests start with
    # cache.clear(), which empties a whole database, and would otherwise wipe the
    # other worker's rate-limit counters and cached paths mid-test.
    CACHES["default"]["LOCATION"] = redis_location_for_worker(  # noqa: F405
        CACHES["default"]["LOCATION"],  # noqa: F405
        os.environ.get("PYTEST_XDIST_WORKER", ""),
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's in-memory test database: the live server shares one
    # in-memory connection between all its request threads, so a browser's
    # concurrent requests interleave their transactions (a session read while
    # another request's transaction rolls back is lost, and the visitor with it).
    # With a file each thread has its own connection, as in production. One file
    # per test run, so two runs at once never share one (pytest-django adds each
    # xdist worker's suffix; the workers of one run share xdist's run id).
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"opencall-test-{run}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["timeout"] = 30
WHITENOISE_AUTOREFRESH = True
# Whole-page caching is off in tests that run inside a transaction (their
# invalidations, made on commit, never happen); tests/core/test_pagecache.py and
# the browser tests, whose transactions commit, turn it on.
PUBLIC_PAGE_CACHE_SECONDS = 0

# reCAPTCHA is on in every test, with dummy keys; tests replace Google's verify
# call (django_recaptcha.fields.client.submit) with a fake, never the network.
RECAPTCHA_PUBLIC_KEY = "test-recaptcha-site-key"
RECAPTCHA_PRIVATE_KEY = "test-recaptcha-secret-key"  # noqa: S105
RECAPTCHA_ENABLED = True
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]
# Staff pass a real second factor in every test (tests/support/staff.py).
OPENCALL_STAFF_MFA_REQUIRED = True
WAGTAILEMBEDS_FINDERS = []  # Tests never fetch oEmbed; they patch get_embed.
