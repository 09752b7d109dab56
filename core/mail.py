"""Mail backends that show messages as written, for people reading them locally.

Python's email package sends a text part as quoted-printable as soon as one line
is longer than 78 characters, so on the console a verification link is broken
over two lines by ``=`` and curly quotes show as ``=E2=80=9C``. These backends
write every text part as 8-bit UTF-8 instead (lines up to 998 characters, the
limit of RFC 5322), so links can be copied and the text reads as it was written.
SMTP keeps Django's own encoding, which any mail server accepts.
"""

import email.policy

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, InvalidMailer, mailers
from django.core.mail.backends import console, filebased
from django.core.mail.message import EmailMessage
from django.template.loader import render_to_string

READABLE_POLICY = email.policy.default.clone(max_line_length=998)


def readable_bytes(message: EmailMessage) -> bytes:
    """Return the message as bytes, with its text parts in 8-bit UTF-8."""
    return message.message(policy=READABLE_POLICY).as_bytes()


class ConsoleEmailBackend(console.EmailBackend):
    """Print each message plainly on the console (``EMAIL_URL=consolemail://``)."""

    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(readable_bytes(message).decode("utf-8", "replace") + "\n")
        self.stream.write("-" * 79 + "\n")


class FileEmailBackend(filebased.EmailBackend):
    """Write each message plainly into a file (``EMAIL_URL=filemail:///folder``)."""

    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(readable_bytes(message) + b"\n")
        self.stream.write(b"-" * 79 + b"\n")


@register(Tags.compatibility, deploy=False)
def check_mailers(app_configs, **kwargs) -> list[Error]:
    """Build every configured mailer once, so a bad one is found before a send."""
    errors = []
    for alias in settings.MAILERS:
        try:
            mailers[alias]
        except (InvalidMailer, ImproperlyConfigured) as error:
            errors.append(
                Error(f"MAILERS[{alias!r}] cannot be used: {error}", id="core.E001")
            )
    return errors


def send_templated_email(*, template: str, context: dict, to: list[str]) -> None:
    """Send the email written in ``<template>_subject.txt``, ``.txt`` and ``.html``.

    Every email OpenCall sends is three templates side by side: a one-line
    subject, the plain text, and the same words in HTML.
    """
    message = EmailMultiAlternatives(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        body=render_to_string(f"{template}.txt", context),
        to=to,
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    message.send()
