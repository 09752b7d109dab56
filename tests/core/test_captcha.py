"""core.captcha: the reCAPTCHA v3 field, form mixin, CSP and production guard."""

from urllib.error import HTTPError, URLError

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.csp import CSP
from django_recaptcha import client as recaptcha_client
from django_recaptcha.constants import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY

from core.captcha import (
    CAPTCHA_FIELD_NAME,
    CHECK_FAILED,
    NOT_HUMAN,
    CaptchaField,
    CaptchaFormMixin,
    captcha_csp,
    captcha_csp_policy,
    captcha_field,
)
from tests.test_settings import production_env, run

GOOGLE = "https://www.google.com/recaptcha/"

# The fake Google verify endpoint (autouse) until it moves to tests/conftest.py.


class VoteForm(CaptchaFormMixin, forms.Form):
    """A form as the voting app would write it."""

    captcha_action = "vote"
    choice = forms.CharField()


def vote_form(recaptcha, **data) -> VoteForm:
    return VoteForm(data={"choice": "yes", **recaptcha.data("vote"), **data})


def test_form_with_the_mixin_carries_a_hidden_captcha_field():
    """The mixin adds a required, hidden v3 field for its action."""
    form = VoteForm()

    field = form.fields[CAPTCHA_FIELD_NAME]
    assert isinstance(field, CaptchaField)
    assert field.required
    assert field.widget.is_hidden
    assert field.widget.action == "vote"
    assert field.widget.required_score == 0.5


def test_captcha_field_is_none_and_form_has_no_field_when_switched_off(settings):
    """Without keys (development) forms carry no captcha at all."""
    settings.RECAPTCHA_ENABLED = False

    assert captcha_field("vote") is None
    assert CAPTCHA_FIELD_NAME not in VoteForm().fields
    assert VoteForm(data={"choice": "yes"}).is_valid()


def test_human_token_for_the_right_action_passes(recaptcha):
    """A token Google scores as human, made for this action, validates."""
    form = vote_form(recaptcha)

    assert form.is_valid(), form.errors
    assert recaptcha.tokens == ["test-token:vote"]


@pytest.mark.parametrize("score", [0.1, 0.49, 0.0])
def test_score_below_the_required_one_is_refused(recaptcha, score):
    """RECAPTCHA_REQUIRED_SCORE (0.5) is enforced."""
    recaptcha.score = score

    form = vote_form(recaptcha)

    assert not form.is_valid()
    assert form.errors[CAPTCHA_FIELD_NAME] == [NOT_HUMAN]


def test_required_score_follows_the_setting(recaptcha, settings):
    """A stricter RECAPTCHA_REQUIRED_SCORE refuses a score the default accepts."""
    settings.RECAPTCHA_REQUIRED_SCORE = 0.95

    assert not vote_form(recaptcha).is_valid()


def test_invalid_token_is_refused(recaptcha):
    """A token Google does not recognise is refused."""
    recaptcha.valid = False

    form = vote_form(recaptcha)

    assert not form.is_valid()
    assert form.errors[CAPTCHA_FIELD_NAME] == [NOT_HUMAN]


def test_token_for_another_action_is_refused(recaptcha):
    """A token made on the sign-up page does not cast a vote."""
    form = vote_form(recaptcha, **recaptcha.data("signup"))

    assert not form.is_valid()
    assert form.errors[CAPTCHA_FIELD_NAME] == [NOT_HUMAN]


@pytest.mark.parametrize(
    "error",
    [
        URLError("Name or service not known"),
        TimeoutError("timed out"),  # also socket.timeout, its alias
        ConnectionResetError("reset by peer"),
        HTTPError("https://www.google.com/", 503, "Unavailable", {}, None),
        ValueError("Expecting value: line 1 column 1"),
        KeyError("success"),
    ],
    ids=["url", "timeout", "reset", "http-503", "bad-json", "no-key"],
)
def test_unreachable_or_garbled_google_is_a_form_error(recaptcha, error):
    """Network errors, timeouts and odd answers become a friendly form error."""
    recaptcha.error = error

    form = vote_form(recaptcha)

    assert not form.is_valid()
    assert form.errors[CAPTCHA_FIELD_NAME] == [CHECK_FAILED]


def test_verify_request_uses_the_short_timeout(monkeypatch, settings):
    """The call to Google gives up after RECAPTCHA_VERIFY_REQUEST_TIMEOUT seconds."""
    used = {}

    class Opener:
        def open(self, request, timeout):
            used["url"], used["timeout"] = request.full_url, timeout
            raise TimeoutError("timed out")

    monkeypatch.setattr(recaptcha_client, "build_opener", lambda *args: Opener())

    with pytest.raises(TimeoutError):
        recaptcha_client.recaptcha_request(b"response=token")

    assert settings.RECAPTCHA_VERIFY_REQUEST_TIMEOUT == 3
    assert used == {
        "url": "https://www.google.com/recaptcha/api/siteverify",
        "timeout": 3,
    }


@pytest.mark.parametrize("action", ["entry-submit", "vote now", "", "<b>"])
def test_action_names_google_would_reject_are_refused_early(action):
    """Google allows letters, digits, _ and / in action names; others fail fast."""
    with pytest.raises(ValueError, match="reCAPTCHA action"):
        CaptchaField(action=action)


def test_widget_renders_a_token_input_and_a_script_file_but_no_inline_script():
    """The widget needs no nonce: no inline script, and it names its action."""
    html = str(VoteForm()[CAPTCHA_FIELD_NAME])

    soup = BeautifulSoup(html, "html.parser")
    token = soup.find("input", attrs={"name": CAPTCHA_FIELD_NAME})
    assert token["type"] == "hidden"
    assert token["data-captcha-action"] == "vote"
    assert token["data-captcha-sitekey"] == "test-recaptcha-site-key"
    assert token["data-captcha-domain"] == "www.google.com"
    assert not token.get("value")
    assert [script.get("src") for script in soup.find_all("script")] == [
        "/static/js/captcha.js"
    ]
    assert "reCAPTCHA" in soup.get_text()


def test_widget_does_not_render_a_used_token_again(recaptcha):
    """A re-shown form never carries the spent token back."""
    recaptcha.score = 0.1
    form = vote_form(recaptcha)
    assert not form.is_valid()

    token = BeautifulSoup(str(form[CAPTCHA_FIELD_NAME]), "html.parser").find("input")
    assert not token.get("value")


def test_captcha_policy_adds_only_googles_recaptcha_paths(settings):
    """The captcha page's policy is the strict one plus reCAPTCHA's script and frame."""
    policy = captcha_csp_policy()

    strict = settings.SECURE_CSP
    assert policy["script-src"] == [
        *strict["script-src"],
        GOOGLE,
        "https://www.gstatic.com/recaptcha/",
    ]
    assert policy["frame-src"] == [
        *strict["frame-src"],
        GOOGLE,
        "https://recaptcha.google.com/recaptcha/",
    ]
    assert CSP.NONCE in policy["script-src"]
    for name in set(strict) - {"script-src", "frame-src"}:
        assert policy[name] == list(strict[name]), name
    assert GOOGLE not in settings.SECURE_CSP["script-src"]


def test_captcha_policy_follows_recaptcha_domain(settings):
    """With RECAPTCHA_DOMAIN=www.recaptcha.net the policy names that host."""
    settings.RECAPTCHA_DOMAIN = "www.recaptcha.net"

    policy = captcha_csp_policy()

    assert "https://www.recaptcha.net/recaptcha/" in policy["script-src"]
    assert GOOGLE not in policy["script-src"]


def test_captcha_csp_decorator_sets_the_policy_only_while_enabled(settings):
    """Views wrapped with captcha_csp loosen their policy only when forms carry it."""
    view = captcha_csp(lambda request: HttpResponse("form"))
    request = RequestFactory().get("/")

    assert view(request)._csp_config == captcha_csp_policy()
    settings.RECAPTCHA_ENABLED = False
    assert not hasattr(view(request), "_csp_config")


def test_production_refuses_to_start_without_recaptcha_keys(tmp_path):
    """Without keys, production stops and says how to set them or opt out."""
    result = run(
        ["-c", "import django; django.setup()"],
        production_env(
            tmp_path,
            RECAPTCHA_PUBLIC_KEY=None,
            RECAPTCHA_PRIVATE_KEY=None,
            RECAPTCHA_ENABLED=None,
        ),
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY" in result.stderr


def test_production_refuses_googles_test_keys(tmp_path):
    """Google's always-passing test keys are not accepted in production."""
    result = run(
        ["-c", "import django; django.setup()"],
        production_env(
            tmp_path,
            RECAPTCHA_PUBLIC_KEY=TEST_PUBLIC_KEY,
            RECAPTCHA_PRIVATE_KEY=TEST_PRIVATE_KEY,
        ),
    )

    assert result.returncode != 0
    assert "Google's test keys" in result.stderr


def test_production_runs_without_captcha_only_when_told_to(tmp_path):
    """RECAPTCHA_ENABLED=False is an explicit, accepted choice in production."""
    script = "import django; django.setup(); from django.conf import settings; "
    script += "print(settings.RECAPTCHA_ENABLED)"

    result = run(
        ["-c", script],
        production_env(
            tmp_path,
            RECAPTCHA_PUBLIC_KEY=None,
            RECAPTCHA_PRIVATE_KEY=None,
            RECAPTCHA_ENABLED="False",
        ),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_production_with_keys_turns_the_captcha_on(tmp_path):
    """With both keys set, production checks every captcha form."""
    script = "import django; django.setup(); from django.conf import settings; "
    script += "print(settings.RECAPTCHA_ENABLED, settings.SILENCED_SYSTEM_CHECKS)"

    result = run(["-c", script], production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True []"
