"""reCAPTCHA v3 for any form: a field, a form mixin and the page's CSP.

Put the check on a form with ``CaptchaFormMixin`` (or ``captcha_field(action)``)
and wrap every view that renders that form with ``captcha_csp``, which lets
Google's reCAPTCHA scripts and frames in on that page only. Nothing happens when
``settings.RECAPTCHA_ENABLED`` is off (development without keys): the form has
no captcha field and the page keeps the strict policy.

django-recaptcha checks the token, its action and, because the widget carries
``RECAPTCHA_REQUIRED_SCORE``, the v3 score. Its client lets network errors and
timeouts escape; ``CaptchaField`` turns them into a form error, never a 500.
"""

import logging
import re
from collections.abc import Callable
from functools import wraps
from urllib.error import URLError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_recaptcha.constants import DEFAULT_RECAPTCHA_DOMAIN
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV3

logger = logging.getLogger(__name__)

# The form field's name is also the name of the POSTed token.
CAPTCHA_FIELD_NAME = "captcha"
# Google accepts letters, digits, underscores and slashes in an action name.
ACTION_PATTERN = re.compile(r"\A[A-Za-z0-9_/]+\Z")

NO_TOKEN = _(
    "We couldn't check that you're human. Please make sure JavaScript is "
    "switched on, then try again."
)
NOT_HUMAN = _("We couldn't confirm that you're human. Please try again.")
CHECK_FAILED = _(
    "We couldn't check that you're human just now. Please try again in a minute."
)


def captcha_enabled() -> bool:
    """Return whether forms carry the reCAPTCHA check."""
    return bool(getattr(settings, "RECAPTCHA_ENABLED", False))


def recaptcha_domain() -> str:
    """Return the host that serves reCAPTCHA (www.google.com or www.recaptcha.net)."""
    return getattr(settings, "RECAPTCHA_DOMAIN", DEFAULT_RECAPTCHA_DOMAIN)


class CaptchaWidget(ReCaptchaV3):
    """A hidden token input; static/js/captcha.js fills it in when the form is sent.

    django-recaptcha's own template has an inline script, which the site's CSP
    refuses. This one only loads script files (ours, then Google's), so it needs
    no nonce, and it works for several captcha forms on one page.
    """

    template_name = "core/captcha_widget.html"


class CaptchaField(ReCaptchaField):
    """django-recaptcha's field with plain-English errors and no 500 on a timeout."""

    default_error_messages = {
        "required": NO_TOKEN,
        "captcha_invalid": NOT_HUMAN,
        "captcha_error": CHECK_FAILED,
    }

    def __init__(self, *, action: str, **kwargs) -> None:
        if not ACTION_PATTERN.match(action):
            raise ValueError(
                f"reCAPTCHA action {action!r} may only use letters, digits, _ and /."
            )
        kwargs.setdefault("label", _("Human check"))
        super().__init__(widget=CaptchaWidget(action=action), **kwargs)

    def validate(self, value) -> None:
        try:
            super().validate(value)
        except (URLError, OSError, ValueError, KeyError) as error:
            # URLError and socket timeouts are OSErrors; a garbled answer from
            # Google is a ValueError (bad JSON) or a KeyError (no "success").
            logger.warning("reCAPTCHA verification failed to run: %r", error)
            raise ValidationError(
                self.error_messages["captcha_error"], code="captcha_error"
            ) from error


def captcha_field(action: str) -> CaptchaField | None:
    """Return a reCAPTCHA v3 field for ``action``, or None while it is switched off."""
    if not captcha_enabled():
        return None
    return CaptchaField(action=action)


class CaptchaFormMixin:
    """Add the reCAPTCHA v3 check to a form, as its ``captcha`` field.

    Set ``captcha_action`` to a name for what the form does ("signup", "vote",
    "entry_submit"); Google reports it back and the field refuses a token made
    for another action.
    """

    captcha_action: str = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = captcha_field(self.captcha_action)
        if field is not None:
            self.fields[CAPTCHA_FIELD_NAME] = field


def captcha_csp_policy() -> dict[str, list[str]]:
    """Return the site's strict policy plus the origins reCAPTCHA loads from."""
    google = f"https://{recaptcha_domain()}/recaptcha/"
    policy = {name: list(sources) for name, sources in settings.SECURE_CSP.items()}
    policy["script-src"] = [
        *policy.get("script-src", []),
        google,
        "https://www.gstatic.com/recaptcha/",
    ]
    policy["frame-src"] = [
        *policy.get("frame-src", []),
        google,
        "https://recaptcha.google.com/recaptcha/",
    ]
    return policy


def captcha_csp(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send ``captcha_csp_policy()`` from a view that renders a captcha form."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if captcha_enabled():
            response._csp_config = captcha_csp_policy()
        return response

    return wrapped
