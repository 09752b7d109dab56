"""Production settings, loaded in a fresh interpreter as a deployment would."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_ROOT = Path(settings.BASE_DIR)
PRODUCTION = "opencall.settings.production"

# Never inherited: the test process's own values must not make production look
# configured, nor point it at a real database, cache or mail server.
DROPPED = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "AWS_STORAGE_BUCKET_NAME",
    "RECAPTCHA_PUBLIC_KEY",
    "RECAPTCHA_PRIVATE_KEY",
    "RECAPTCHA_ENABLED",
    "OPENCALL_STAFF_MFA_REQUIRED",
)

PRINT_SECURITY_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
names = [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF", "DATABASES", "CACHES",
    "MAILERS",
]
values = {name: getattr(settings, name) for name in names}
database = values["DATABASES"]["default"]
values["DATABASES"] = [database["ENGINE"], str(database["NAME"])]
values["CACHES"] = values["CACHES"]["default"]["BACKEND"]
values["MAILERS"] = values["MAILERS"]["default"]["BACKEND"]
print(json.dumps(values))
"""


def random_secret_key() -> str:
    return secrets.token_urlsafe(60)[:60]


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """Return a clean environment for production settings; None drops a name."""
    environment = {k: v for k, v in os.environ.items() if k not in DROPPED}
    environment.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="opencall.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        RECAPTCHA_PUBLIC_KEY="production-recaptcha-site-key",
        RECAPTCHA_PRIVATE_KEY="production-recaptcha-secret-key",
        EMAIL_URL="smtp+tls://opencall:mail-password@smtp.example.org:587",
    )
    for name, value in overrides.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def run(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_passes_the_deployment_checks(tmp_path):
    """`check --deploy` finds nothing to warn about with the required variables."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory) -> dict:
    """The production settings' values as a fresh interpreter loads them."""
    tmp_path = tmp_path_factory.mktemp("production")
    result = run(["-c", PRINT_SECURITY_SETTINGS], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_turns_on_transport_security(production_settings):
    """Production redirects to HTTPS, sends HSTS and marks cookies secure."""
    values = production_settings
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # trusted only when named
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_production_subprocess_stays_on_the_temporary_sqlite_file(production_settings):
    """The settings subprocess uses the temporary SQLite file and no Redis."""
    values = production_settings
    engine, name = values["DATABASES"]
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("/production.sqlite3")
    assert not name.startswith(str(PROJECT_ROOT))
    assert values["CACHES"] == "django.core.cache.backends.locmem.LocMemCache"


def test_production_sends_mail_rather_than_printing_it(production_settings):
    """With its EMAIL_URL production uses SMTP, never the console backend."""
    assert (
        production_settings["MAILERS"] == "django.core.mail.backends.smtp.EmailBackend"
    )


@pytest.mark.parametrize(
    "secret_key",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("short-but-random-Zq8x", id="short"),
        pytest.param("django-insecure-" + "x" * 60, id="django-insecure"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret_key):
    """A missing, short or generated-insecure SECRET_KEY stops the start-up."""
    result = run(
        ["-c", "import django; django.setup()"],
        production_env(tmp_path, SECRET_KEY=secret_key),
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set SECRET_KEY to a random value of at least 50 characters" in (
        result.stderr
    )


@pytest.mark.parametrize("allowed_hosts", [None, ""], ids=["missing", "empty"])
def test_production_refuses_to_start_without_allowed_hosts(tmp_path, allowed_hosts):
    """Without ALLOWED_HOSTS `manage.py check` fails and names the variable."""
    result = run(
        ["manage.py", "check"],
        production_env(tmp_path, ALLOWED_HOSTS=allowed_hosts),
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set ALLOWED_HOSTS" in result.stderr


def refusal(tmp_path, **overrides: str | None) -> str:
    """Start production settings with these variables; return why they refused."""
    result = run(["manage.py", "check"], production_env(tmp_path, **overrides))
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr


@pytest.mark.parametrize("email_url", [None, ""], ids=["missing", "empty"])
def test_production_refuses_to_start_without_email_url(tmp_path, email_url):
    """Without EMAIL_URL production stops at start-up, not at the first sign-up."""
    assert "Set EMAIL_URL to the site's SMTP server" in refusal(
        tmp_path, EMAIL_URL=email_url
    )


@pytest.mark.parametrize(
    ("email_url", "message"),
    [
        ("smtp://", "an SMTP address needs a host"),
        ("smpt://smtp.example.org", "the scheme 'smpt' is not supported"),
        ("consolemail://", "must be an smtp://, smtp+tls:// or smtp+ssl:// address"),
        ("memorymail://", "must be an smtp://, smtp+tls:// or smtp+ssl:// address"),
    ],
)
def test_production_refuses_to_start_with_a_bad_email_url(tmp_path, email_url, message):
    """An EMAIL_URL that cannot deliver mail stops the start-up and says why."""
    assert message in refusal(tmp_path, EMAIL_URL=email_url)


@pytest.mark.parametrize("value", ["False", "0", "off"])
def test_production_refuses_to_let_staff_skip_the_second_factor(tmp_path, value):
    """OPENCALL_STAFF_MFA_REQUIRED cannot be turned off in production."""
    assert "OPENCALL_STAFF_MFA_REQUIRED cannot be turned off in production" in (
        refusal(tmp_path, OPENCALL_STAFF_MFA_REQUIRED=value)
    )


def test_production_requires_the_staff_second_factor(tmp_path):
    """Production settings load with the staff second factor on."""
    result = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.OPENCALL_STAFF_MFA_REQUIRED, "
            "settings.AUTHENTICATION_BACKENDS)",
        ],
        production_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"
    assert "ModelBackend" not in result.stdout
