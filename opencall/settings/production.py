"""Production settings: refuse to start without a real secret key and hosts."""

import re

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    EMAIL_URL,
    MAILERS,
    OPENCALL_STAFF_MFA_REQUIRED,
    RECAPTCHA_ENABLED,
    RECAPTCHA_PRIVATE_KEY,
    RECAPTCHA_PUBLIC_KEY,
    SECRET_KEY,
    env,
)
from .mailers import SMTP_BACKEND

OPENCALL_ENVIRONMENT = "production"

DEBUG = False
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random value of at least 50 characters in production."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names.")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The proxy whose word on HTTPS is trusted, named explicitly. Off unless set:
# otherwise any client could send "X-Forwarded-Proto: https" and be taken for a
# secure request. Set SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto only when a proxy
# in front terminates TLS and overwrites that header on every request.
PROXY_SSL_HEADER = env("SECURE_PROXY_SSL_HEADER", default="").strip()
if PROXY_SSL_HEADER and not re.fullmatch(r"[A-Za-z0-9-]+", PROXY_SSL_HEADER):
    raise ImproperlyConfigured(
        "Set SECURE_PROXY_SSL_HEADER to a header name such as X-Forwarded-Proto."
    )
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
    if PROXY_SSL_HEADER
    else None
)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Staff (editors, moderators, judges) always need their second factor here.
if not OPENCALL_STAFF_MFA_REQUIRED:
    raise ImproperlyConfigured(
        "OPENCALL_STAFF_MFA_REQUIRED cannot be turned off in production: staff "
        "must use a second factor to open the admin."
    )

# Mail must leave the server, and a wrong address must stop the start-up rather
# than the first sign-up: the console would write password-reset links into the
# logs, and memory or dummy mail would lose them.
if not EMAIL_URL:
    raise ImproperlyConfigured(
        "Set EMAIL_URL to the site's SMTP server, for example "
        "smtp+tls://user:password@smtp.example.net:587"
    )
if MAILERS["default"]["BACKEND"] != SMTP_BACKEND:
    raise ImproperlyConfigured(
        "EMAIL_URL must be an smtp://, smtp+tls:// or smtp+ssl:// address in "
        "production: other schemes keep mail on the server or lose it."
    )

# Sign-up, entries and votes meet the captcha in production: real reCAPTCHA v3
# keys, or RECAPTCHA_ENABLED=False set on purpose by an operator who has decided
# to run without Google's captcha. GOOGLE_TEST_KEYS are Google's always-passing
# keys (from django_recaptcha.constants: importing django_recaptcha here would
# read the settings before they exist).
GOOGLE_TEST_KEYS = {
    "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI",
    "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe",
}
if (
    RECAPTCHA_ENABLED
    and {RECAPTCHA_PUBLIC_KEY, RECAPTCHA_PRIVATE_KEY} & GOOGLE_TEST_KEYS
):
    raise ImproperlyConfigured(
        "RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY are Google's test keys; "
        "set the site's own reCAPTCHA v3 keys."
    )
if not RECAPTCHA_ENABLED and not env("RECAPTCHA_ENABLED", default=""):
    raise ImproperlyConfigured(
        "Set RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY (reCAPTCHA v3), or set "
        "RECAPTCHA_ENABLED=False to run without a captcha."
    )
# Links in account emails (verification, password reset) use https.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
