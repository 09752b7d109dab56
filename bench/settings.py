"""Benchmark settings: production's, served over plain HTTP on loopback.

``bench/public.py`` serves the site with gunicorn under these settings and passes
DATABASE_URL, REDIS_URL, SECRET_KEY and BENCH_MEDIA_ROOT. Everything else is
production's own, except what a benchmark on 127.0.0.1 cannot have: HTTPS, a real
captcha, and rate limits meant for one person (the load generator is one address).
Mail is never sent: the task worker that would send it does not run.
"""

import os

for name, value in {
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "False",
    "RECAPTCHA_ENABLED": "False",
    "EMAIL_URL": "smtp://127.0.0.1:2525",
    "CONN_MAX_AGE": "60",
    "LOG_LEVEL": "WARNING",
    "VOTING_RATE_PER_MEMBER": "1000000",
    "VOTING_RATE_PER_IP": "1000000",
}.items():
    os.environ.setdefault(name, value)

from pathlib import Path  # noqa: E402

from opencall.settings.production import *  # noqa: E402, F403
from opencall.settings.production import STORAGES  # noqa: E402

# seed_demo refuses to run under "production"; this is a throwaway database.
OPENCALL_ENVIRONMENT = "bench"
ROOT_URLCONF = "bench.urls"

MEDIA_ROOT = Path(os.environ["BENCH_MEDIA_ROOT"]) / "media"
PRIVATE_MEDIA_ROOT = Path(os.environ["BENCH_MEDIA_ROOT"]) / "private"
STATIC_ROOT = Path(os.environ["BENCH_MEDIA_ROOT"]) / "static"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT
