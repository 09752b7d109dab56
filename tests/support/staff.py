"""Sign staff in as the admin requires: a session that has passed the second factor."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.urls import reverse


def totp_code(secret: str, *, steps_ahead: int = 0) -> str:
    """Return the code an authenticator app shows now, by allauth's own arithmetic."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + steps_ahead
    return format_hotp_value(hotp_value(secret, counter))


def totp_secret(user) -> str:
    """Return the secret of the user's authenticator app, setting one up if needed."""
    authenticator = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).first()
    if authenticator is not None:
        return decrypt(authenticator.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def staff_login(client, user):
    """Sign a staff account in and pass its authenticator code in the session.

    The password step is skipped with ``force_login`` as before; the second factor
    is not: a code is posted to allauth's own confirmation page, as staff do. Each
    code works once, so a second sign-in in the same 30 seconds uses the next one
    (allowed by MFA_TOTP_TOLERANCE).
    """
    client.force_login(user)
    secret = totp_secret(user)
    for steps_ahead in (0, 1, -1):
        code = totp_code(secret, steps_ahead=steps_ahead)
        response = client.post(reverse("mfa_reauthenticate"), {"code": code})
        if response.status_code == 302:
            return user
    raise AssertionError(response.content.decode())


def sign_in(client, user):
    """Sign ``user`` in as they would be: staff with admin access pass MFA too."""
    if user.is_active and user.has_perm("wagtailadmin.access_admin"):
        return staff_login(client, user)
    client.force_login(user)
    return user
