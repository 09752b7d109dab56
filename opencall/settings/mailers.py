"""Turn EMAIL_URL into Django's MAILERS setting; refuse what cannot work.

Django 6.1 hands each backend only the OPTIONS it accepts and raises at the first
send otherwise, so every scheme below builds exactly its own backend's options and
anything else is refused here, when the settings load:

=======================================  =============================================
EMAIL_URL                                mail goes
=======================================  =============================================
``smtp://user:pass@host:25``             to an SMTP server, plain (port 25 by default)
``smtp+tls://user:pass@host:587``        to an SMTP server with STARTTLS (587)
``smtp+ssl://user:pass@host:465``        to an SMTP server over TLS from the start (465)
``consolemail://``                       printed on the console, readable (development)
``filemail:///path/to/folder``           into a file per connection in that folder
``memorymail://``                        into ``django.core.mail.outbox`` (tests)
``dummymail://``                         nowhere
=======================================  =============================================

SMTP URLs take ``?timeout=<seconds>`` (default 10). User name and password are
percent-encoded in the URL (``@`` is ``%40``). ``smtps://`` is refused because
tools disagree on whether it means STARTTLS or TLS from the start.
"""

from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SMTP_SCHEMES = {
    "smtp": {},
    "smtp+tls": {"use_tls": True},
    "smtp+ssl": {"use_ssl": True},
}
LOCAL_BACKENDS = {
    "consolemail": "core.mail.ConsoleEmailBackend",
    "filemail": "core.mail.FileEmailBackend",
    "memorymail": "django.core.mail.backends.locmem.EmailBackend",
    "dummymail": "django.core.mail.backends.dummy.EmailBackend",
}
SMTP_TIMEOUT_SECONDS = 10
SUPPORTED = ", ".join(f"{scheme}://" for scheme in [*SMTP_SCHEMES, *LOCAL_BACKENDS])


def mailers_from_url(url: str) -> dict:
    """Return MAILERS for an EMAIL_URL, or raise ImproperlyConfigured saying why."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in SMTP_SCHEMES:
        config = {"BACKEND": SMTP_BACKEND, "OPTIONS": _smtp_options(parts)}
    elif scheme in LOCAL_BACKENDS:
        config = {"BACKEND": LOCAL_BACKENDS[scheme], "OPTIONS": _local_options(parts)}
    elif scheme == "smtps":
        raise ImproperlyConfigured(
            "EMAIL_URL: smtps:// is ambiguous. Use smtp+tls:// for STARTTLS (port "
            "587) or smtp+ssl:// for TLS from the start (port 465)."
        )
    else:
        raise ImproperlyConfigured(
            f"EMAIL_URL: the scheme {scheme or '(none)'!r} is not supported. Use one "
            f"of {SUPPORTED}"
        )
    return {"default": config}


def _smtp_options(parts) -> dict:
    if not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL: an SMTP address needs a host, as in "
            "smtp+tls://user:password@smtp.example.net:587"
        )
    query = _query(parts, allowed={"timeout"})
    try:
        port = parts.port
        timeout = int(query.get("timeout", SMTP_TIMEOUT_SECONDS))
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL: {error}.") from error
    options = {
        "host": parts.hostname,
        "port": port,
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "timeout": timeout,
    }
    return options | SMTP_SCHEMES[parts.scheme.lower()]


def _local_options(parts) -> dict:
    _query(parts, allowed=set())
    if parts.scheme.lower() != "filemail":
        if parts.netloc or parts.path not in ("", "/"):
            raise ImproperlyConfigured(
                f"EMAIL_URL: {parts.scheme}:// takes no host or path."
            )
        return {}
    folder = unquote(parts.netloc + parts.path)
    if not folder:
        raise ImproperlyConfigured(
            "EMAIL_URL: filemail:// needs a folder, as in filemail:///var/mail/opencall"
        )
    return {"file_path": folder}


def _query(parts, *, allowed: set[str]) -> dict[str, str]:
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown option {', '.join(unknown)} for {parts.scheme}://."
        )
    return query
