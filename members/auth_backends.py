"""The only authentication backend: passwords are checked inside allauth's sign-in.

allauth's sign-in (``AccountAdapter.authenticate``) counts failed attempts per
address and per IP before it checks a password, and its login stages then require
a verified email address and, for staff, the second factor. Any other caller of
``django.contrib.auth.authenticate`` (Django's or Wagtail's login view, a future
API's basic authentication) gets no user at all, so a password can never open a
session outside that flow. Permissions work as with Django's ModelBackend.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

_inside_sign_in: ContextVar[bool] = ContextVar("opencall_sign_in", default=False)


@contextmanager
def allauth_sign_in() -> Iterator[None]:
    """Mark the code inside as allauth's throttled sign-in."""
    token = _inside_sign_in.set(True)
    try:
        yield
    finally:
        _inside_sign_in.reset(token)


class SignInBackend(AuthenticationBackend):
    """allauth's email-and-password backend, refusing callers outside its sign-in."""

    def authenticate(
        self, request: HttpRequest | None, **credentials
    ) -> AbstractBaseUser | None:
        if not _inside_sign_in.get():
            return None
        return super().authenticate(request, **credentials)
