"""Settings shared by every environment; values come from environment variables."""

import ipaddress
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from .mailers import mailers_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Which settings module is in force: "dev", "test" or "production".
OPENCALL_ENVIRONMENT = "base"

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core",
    "home",
    "members",
    "communities",
    "competitions",
    "submissions",
    "moderation",
    "judging",
    "voting",
    "showcase",
    "partners",
    "api",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "members.apps.OpenCallUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_recaptcha",
    # The API docs' Swagger UI, served from our own static files (CSP: no CDN).
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before every middleware that can answer by itself (CommonMiddleware's 400
    # for a Host header not allowed), so that such answers get them too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Listed after the CSP middleware so that its response hook runs first.
    "core.middleware.AdminContentSecurityPolicyMiddleware",
    "core.middleware.RefuseControlCharactersMiddleware",
    "core.middleware.SiteMethodsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "communities.referrals.ReferralMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.RefusalMessageMiddleware",
    # After every middleware that adds response headers, so cached pages get them.
    "core.pagecache.PublicPageCacheMiddleware",
    # A page the cache did not have finds its site from the kept ones.
    "core.sites.PublicSiteMiddleware",
    # Members out of the admin, staff in only after their second factor.
    "members.admin_access.AdminAccessMiddleware",
]

ROOT_URLCONF = "opencall.urls"
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
WSGI_APPLICATION = "opencall.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker use the file at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Wagtail's database search backend uses PostgreSQL's full-text search there.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Pages still render while Redis is down (core/cache.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="opencall"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "members.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
# Media that must never be reachable by URL (unapproved entries) lives outside
# MEDIA_ROOT and is only served through a view that checks the viewer.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_PRIVATE_BUCKET_NAME = env("AWS_PRIVATE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
PRIVATE_URL_EXPIRY_SECONDS = env.int("PRIVATE_URL_EXPIRY_SECONDS", default=300)


def build_storages() -> dict:
    """Return STORAGES: local folders by default, S3 buckets when configured."""
    staticfiles = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    if not AWS_STORAGE_BUCKET_NAME:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
            },
            "staticfiles": staticfiles,
        }
    common = {
        "signature_version": "s3v4",
        "file_overwrite": False,
        "endpoint_url": AWS_S3_ENDPOINT_URL,
        "region_name": AWS_S3_REGION_NAME,
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": common
            | {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "querystring_auth": False,
                "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": common
            | {
                "bucket_name": AWS_PRIVATE_BUCKET_NAME or AWS_STORAGE_BUCKET_NAME,
                "querystring_auth": True,
                "querystring_expire": PRIVATE_URL_EXPIRY_SECONDS,
                "default_acl": "private",
            },
        },
        "staticfiles": staticfiles,
    }


STORAGES = build_storages()

# Background work: Django's tasks API, stored in the database, run by db_worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OpenCall <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where mail goes: see opencall/settings/mailers.py for every EMAIL_URL scheme.
# Without it, mail is printed on the console (production refuses to start so).
EMAIL_URL = env("EMAIL_URL", default="")
MAILERS = mailers_from_url(EMAIL_URL or "consolemail://")

# Security headers. Public pages get a strict policy: no inline script or style
# without the request's nonce, no third-party origins, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The Wagtail admin still emits inline scripts and styles.
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, "https:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
ADMIN_CSP_PATH_PREFIXES = ("/admin/",)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms (and the scripts that send them with
# fetch) carry the token in the page, and Wagtail's admin reads it from its own
# config. So the cookie can be hidden from scripts, as scanners expect.
CSRF_COOKIE_HTTPONLY = True

WAGTAIL_SITE_NAME = "OpenCall"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# No external avatars: the admin CSP blocks Gravatar, which showed a broken image on
# every admin page (and would tell Gravatar who works in the admin).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Members' uploads (core.uploads) and editors' images share the same limits.
UPLOAD_MAX_IMAGE_BYTES = env.int("MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
UPLOAD_MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=40_000_000)
UPLOAD_MAX_FILM_BYTES = env.int("MAX_FILM_BYTES", default=100 * 1024 * 1024)
UPLOAD_MAX_FILM_SECONDS = env.int("MAX_FILM_SECONDS", default=3 * 60)

# Moderators get a digest email once entries in their competitions have waited
# this long for a decision, and at most once in this many hours (moderation.digest).
MODERATION_DIGEST_AFTER_HOURS = env.int("MODERATION_DIGEST_AFTER_HOURS", default=24)
JUDGING_REMINDER_HOURS = env.int("JUDGING_REMINDER_HOURS", default=48)

# Public voting (voting/): rate limits per member and per IP address, in attempts
# per VOTING_RATE_PERIOD seconds; the key that hashes voters' IP addresses
# (defaults to SECRET_KEY); and the integrity rules' thresholds (voting.integrity).
# Proxies (addresses or networks) whose X-Forwarded-For is believed (core/clientip.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None
# Whole anonymous pages kept in the cache (core/pagecache.py); 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# Pages showing live vote counts are kept at most this long.
PUBLIC_PAGE_COUNTS_SECONDS = env.int("PUBLIC_PAGE_COUNTS_SECONDS", default=30)
# Each worker serves its own copies of recent pages without asking the cache, for
# this long after it last read the cache's generation (0 turns the copies off):
# how late a page changed in another worker may be seen here. At most this many
# bytes of copies per worker.
# Numbers public pages show that cost a scan (a gallery's count of entries) are kept
# this long, until public pages go stale (core.pagecache.generation_cached); 0: never.
PUBLIC_VALUE_CACHE_SECONDS = env.int("PUBLIC_VALUE_CACHE_SECONDS", default=300)
PUBLIC_PAGE_LOCAL_SECONDS = env.float("PUBLIC_PAGE_LOCAL_SECONDS", default=1.0)
PUBLIC_PAGE_LOCAL_BYTES = env.int("PUBLIC_PAGE_LOCAL_BYTES", default=32 * 1024 * 1024)
VOTING_RATE_PER_MEMBER = env.int("VOTING_RATE_PER_MEMBER", default=20)
VOTING_RATE_PER_IP = env.int("VOTING_RATE_PER_IP", default=60)
VOTING_RATE_PERIOD = env.int("VOTING_RATE_PERIOD", default=60)
VOTING_IP_SALT = env("VOTING_IP_SALT", default="")
VOTING_IP_BURST = env.int("VOTING_IP_BURST", default=3)
VOTING_IP_BURST_MINUTES = env.int("VOTING_IP_BURST_MINUTES", default=30)
VOTING_ACCOUNT_BURST = env.int("VOTING_ACCOUNT_BURST", default=5)
VOTING_ACCOUNT_BURST_MINUTES = env.int("VOTING_ACCOUNT_BURST_MINUTES", default=60)
VOTING_DISPOSABLE_DOMAINS = env.list("VOTING_DISPOSABLE_DOMAINS", default=[])
WAGTAILIMAGES_MAX_IMAGE_PIXELS = UPLOAD_MAX_IMAGE_PIXELS
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_IMAGE_BYTES
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "xlsx", "docx", "odt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_I18N_ENABLED = False

RECAPTCHA_PUBLIC_KEY = env("RECAPTCHA_PUBLIC_KEY", default="")
RECAPTCHA_PRIVATE_KEY = env("RECAPTCHA_PRIVATE_KEY", default="")
RECAPTCHA_REQUIRED_SCORE = env.float("RECAPTCHA_REQUIRED_SCORE", default=0.5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's default "django" logger, which would print twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"level": "ERROR"},
        # Wagtail logs every page action at INFO; its audit log keeps them anyway.
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", default="WARNING")},
    },
}

# ---------------------------------------------------------------------------
# Member accounts (django-allauth, members/) and reCAPTCHA v3 (core/captcha.py).
# ---------------------------------------------------------------------------
# One guarded way in: passwords are checked only inside allauth's sign-in, which
# throttles failures and requires a verified email address (members/auth_backends.py).
AUTHENTICATION_BACKENDS = ["members.auth_backends.SignInBackend"]
LOGIN_URL = "account_login"
# The admin sends visitors to the same sign-in; /admin/login/ itself only redirects
# there (opencall/urls.py), and so does Wagtail's own password reset.
WAGTAILADMIN_LOGIN_URL = "account_login"
# A page an editor keeps for signed-in visitors sends the others there too; Wagtail's
# own front-end sign-in (/_util/login/) only redirects to it (opencall/urls.py).
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# A page kept behind a password asks for it in the site's own page.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"  # noqa: S105
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Email addresses change through allauth (/accounts/email/), which verifies them.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "members.account_forms.SignupForm",
    "login": "members.account_forms.LoginForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# The public handle is asked for by members.account_forms.SignupForm.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# Confirming is a POST from the page the link opens; it signs in the browser
# that signed up (and only that one).
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "OpenCall: "
# One address per account: /accounts/email/ changes it once the new one is verified.
ACCOUNT_CHANGE_EMAIL = True

# A second factor for staff: anyone who may use the Wagtail admin (editors,
# moderators, judges) sets up an authenticator app (TOTP, with recovery codes) and
# passes it in the session before the admin opens (members/admin_access.py).
# Development turns this off for the demo accounts; production refuses to.
OPENCALL_STAFF_MFA_REQUIRED = env.bool("OPENCALL_STAFF_MFA_REQUIRED", default=True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "OpenCall"
# One step either side of now, for phones whose clock has drifted a little.
MFA_TOTP_TOLERANCE = 1

# reCAPTCHA v3 on sign-up, entries and votes. Without both keys it is off, so the
# site runs offline in development; production refuses to start that way unless
# RECAPTCHA_ENABLED=False is set on purpose (see production.py).
RECAPTCHA_ENABLED = env.bool(
    "RECAPTCHA_ENABLED", default=bool(RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY)
)
if RECAPTCHA_ENABLED and not (RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY):
    raise ImproperlyConfigured(
        "RECAPTCHA_ENABLED is on: set RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY."
    )
# Whole seconds to wait for Google's verify call (django-recaptcha's default is
# 10, and it insists on an int).
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = env.int(
    "RECAPTCHA_VERIFY_REQUEST_TIMEOUT", default=3
)
