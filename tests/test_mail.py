"""EMAIL_URL → MAILERS: every supported scheme builds a mailer that works.

Before: every scheme was handed SMTP's options (the console backend refused them
at the first send), and no EMAIL_URL at all meant an SMTP mailer with no host.
"""

import io
import re
import smtplib

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, mailers

from core.mail import check_mailers
from opencall.settings.mailers import SMTP_BACKEND, mailers_from_url

LINK = (
    "http://127.0.0.1:8000/accounts/confirm-email/"
    "MQ:1vQ3xY:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG/"
)
BODY = (
    "Someone, hopefully you, has used this address to join OpenCall with the "
    "handle “night_owl”, which is a long enough line to fold.\n\n"
    f"{LINK}\n"
)


def use(settings, url: str, **extra_options) -> None:
    """Configure the default mailer from an EMAIL_URL, as the settings do."""
    config = mailers_from_url(url)
    config["default"].setdefault("OPTIONS", {}).update(extra_options)
    settings.MAILERS = config


def send_one() -> int:
    return EmailMessage(
        "Hello", BODY, "noreply@example.org", ["ana@example.org"]
    ).send()


@pytest.mark.parametrize(
    ("url", "options"),
    [
        (
            "smtp://mailer:s%40cret@smtp.example.net:2525",
            {"host": "smtp.example.net", "port": 2525, "username": "mailer",
             "password": "s@cret", "timeout": 10},
        ),
        (
            "smtp+tls://mailer:pw@smtp.example.net:587?timeout=5",
            {"host": "smtp.example.net", "port": 587, "username": "mailer",
             "password": "pw", "timeout": 5, "use_tls": True},
        ),
        (
            "smtp+ssl://smtp.example.net",
            {"host": "smtp.example.net", "port": None, "username": None,
             "password": None, "timeout": 10, "use_ssl": True},
        ),
    ],
)  # fmt: skip
def test_smtp_urls_build_only_smtp_options(url, options):
    """Each SMTP scheme gives the SMTP backend its host, port, login and TLS mode."""
    assert mailers_from_url(url) == {
        "default": {"BACKEND": SMTP_BACKEND, "OPTIONS": options}
    }


@pytest.mark.parametrize(
    ("url", "connection_class", "port", "tls"),
    [
        ("smtp://smtp.example.net", smtplib.SMTP, 25, False),
        ("smtp+tls://u:p@smtp.example.net", smtplib.SMTP, 587, True),
        ("smtp+ssl://u:p@smtp.example.net", smtplib.SMTP_SSL, 465, False),
    ],
)
def test_smtp_mailers_are_built_without_error(
    settings, url, connection_class, port, tls
):
    """Django builds the SMTP backend from these options (no server is contacted)."""
    use(settings, url)

    backend = mailers.default

    assert backend.host == "smtp.example.net"
    assert (backend.port, backend.use_tls) == (port, tls)
    assert backend.connection_class is connection_class
    assert backend.timeout == 10
    assert check_mailers(None) == []


def test_smtp_mailer_sends_through_the_connection_it_opens(settings, monkeypatch):
    """A send logs in and hands the message to the SMTP connection."""
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, **kwargs):
            sent.append(("connect", host, port, kwargs["timeout"]))

        def starttls(self, context=None):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user, password))

        def sendmail(self, from_email, recipients, message):
            sent.append(("sendmail", from_email, recipients))

        def quit(self):
            sent.append(("quit",))

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    use(settings, "smtp+tls://mailer:pw@smtp.example.net:587")

    assert send_one() == 1
    assert sent == [
        ("connect", "smtp.example.net", 587, 10),
        ("starttls",),
        ("login", "mailer", "pw"),
        ("sendmail", "noreply@example.org", ["ana@example.org"]),
        ("quit",),
    ]


def test_consolemail_prints_the_message_readably(settings):
    """consolemail:// prints 8-bit UTF-8: the link on one line, quotes as written."""
    stream = io.StringIO()
    use(settings, "consolemail://", stream=stream)

    assert send_one() == 1

    printed = stream.getvalue()
    assert "Content-Transfer-Encoding: 8bit" in printed
    assert f"\n{LINK}\n" in printed
    assert "“night_owl”" in printed
    assert "=E2=80" not in printed
    assert not re.search(r"=\n", printed)


def test_filemail_writes_the_message_into_the_folder(settings, tmp_path):
    """filemail:///folder writes a readable file per connection there."""
    use(settings, f"filemail://{tmp_path}/outbox")

    assert send_one() == 1

    (written,) = (tmp_path / "outbox").iterdir()
    text = written.read_text(encoding="utf-8")
    assert f"\n{LINK}\n" in text
    assert "“night_owl”" in text


def test_memorymail_keeps_the_message_in_the_outbox(settings):
    """memorymail:// puts messages in django.core.mail.outbox."""
    use(settings, "memorymail://")

    assert send_one() == 1

    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


def test_dummymail_accepts_and_drops_the_message(settings):
    """dummymail:// sends nothing anywhere, without an error."""
    use(settings, "dummymail://")

    assert send_one() == 1
    assert mail.outbox == []


def test_no_email_url_prints_mail_on_the_console():
    """The embedded default (development) is the readable console."""
    assert mailers_from_url("consolemail://") == {
        "default": {"BACKEND": "core.mail.ConsoleEmailBackend", "OPTIONS": {}}
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("smtp://", "an SMTP address needs a host"),
        ("smtp+tls://:587", "an SMTP address needs a host"),
        ("smtp://smtp.example.net:port", "Port could not be cast"),
        ("smtp://smtp.example.net?timeout=soon", "invalid literal"),
        ("smtp://smtp.example.net?use_ssl=1", "unknown option use_ssl"),
        ("smtps://smtp.example.net", "smtps:// is ambiguous"),
        ("consolemail://smtp.example.net:25", "takes no host or path"),
        ("memorymail://?stream=x", "unknown option stream"),
        ("filemail://", "filemail:// needs a folder"),
        ("sendgrid://key@api", "the scheme 'sendgrid' is not supported"),
        ("smtp.example.net:25", "is not supported"),
        ("", "the scheme '(none)' is not supported"),
    ],
)
def test_a_bad_email_url_is_refused_with_the_reason(url, message):
    """Each misconfiguration is refused when the settings load, saying what is wrong."""
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        mailers_from_url(url)


def test_the_mailer_check_reports_a_mailer_django_cannot_build(settings):
    """`manage.py check` finds a mailer given options its backend refuses."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.console.EmailBackend",
            "OPTIONS": {"host": "smtp.example.net"},
        }
    }

    (error,) = check_mailers(None)

    assert error.id == "core.E001"
    assert "Unknown options 'host'" in error.msg
    assert "core.E001" in [found.id for found in run_checks()]
