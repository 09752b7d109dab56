"""Google's reCAPTCHA verify endpoint, faked for every test.

Test settings switch the captcha on with dummy keys, so every form that carries
it is checked in every test. ``recaptcha`` (autouse) replaces django-recaptcha's
call to Google with ``FakeRecaptcha.submit``: it passes any token of the form
``test-token:<action>`` as a human (score 0.9) for that action. Tests post
``recaptcha.data("signup")`` with the form and can make Google say otherwise
(``recaptcha.score = 0.1``, ``recaptcha.valid = False``,
``recaptcha.error = URLError(...)``).
"""

from dataclasses import dataclass, field

from django_recaptcha.client import RecaptchaResponse

from core.captcha import CAPTCHA_FIELD_NAME

TOKEN_PREFIX = "test-token:"


@dataclass
class FakeRecaptcha:
    """What Google's siteverify answers, as a test wants it."""

    score: float = 0.9
    valid: bool = True
    error: Exception | None = None
    tokens: list[str] = field(default_factory=list)

    @staticmethod
    def token(action: str) -> str:
        """Return a token that verifies as made for ``action``."""
        return f"{TOKEN_PREFIX}{action}"

    def data(self, action: str) -> dict[str, str]:
        """Return the form data that carries a token for ``action``."""
        return {CAPTCHA_FIELD_NAME: self.token(action)}

    def submit(self, recaptcha_response, private_key, remoteip) -> RecaptchaResponse:
        """Stand in for ``django_recaptcha.client.submit``."""
        self.tokens.append(recaptcha_response)
        if self.error is not None:
            raise self.error
        if not self.valid:
            return RecaptchaResponse(
                is_valid=False, error_codes=["invalid-input-response"]
            )
        return RecaptchaResponse(
            is_valid=True,
            action=recaptcha_response.removeprefix(TOKEN_PREFIX),
            extra_data={"score": self.score},
        )


# Stands in for Google's api.js in browser tests: its token passes FakeRecaptcha.
BROWSER_API_STUB = f"""
window.grecaptcha = {{
  ready: function (callback) {{ callback(); }},
  execute: function (siteKey, options) {{
    return Promise.resolve("{TOKEN_PREFIX}" + options.action);
  }}
}};
"""
GOOGLE_API_URL = "https://www.google.com/recaptcha/api.js"


def stub_google_in_browser(page) -> None:
    """Fulfil a Playwright page's request for Google's api.js with the stub."""
    page.route(
        f"{GOOGLE_API_URL}*",
        lambda route: route.fulfill(
            status=200, content_type="text/javascript", body=BROWSER_API_STUB
        ),
    )
