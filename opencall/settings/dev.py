"""Development settings: the embedded default, nothing to configure."""

from .base import *  # noqa: F403
from .base import env

OPENCALL_ENVIRONMENT = "dev"

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-opencall-key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True

# The demo staff accounts open the admin with their password alone, so a visitor
# to `make run` can try every role. Set OPENCALL_STAFF_MFA_REQUIRED=True to try the
# second factor; production refuses to start with it off.
OPENCALL_STAFF_MFA_REQUIRED = env.bool("OPENCALL_STAFF_MFA_REQUIRED", default=False)

# Google's published reCAPTCHA test keys may be used while developing.
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]
