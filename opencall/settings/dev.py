"""Development settings: the embedded default, nothing to configure."""

import logging

from .base import *  # noqa: F403
from .base import LOGGING as BASE_LOGGING
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

# The task worker logs two INFO lines for every task (hundreds on the first run,
# burying the demo logins): show only its warnings and failures. Set
# TASKS_LOG_LEVEL=INFO to see every task again.
TASK_LOGGERS = ("django.tasks", "django_tasks", "django_tasks_db")
TASKS_LOG_LEVEL = logging.getLevelNamesMapping()[
    env("TASKS_LOG_LEVEL", default="WARNING").upper()
]


def keep_log_record(record: logging.LogRecord) -> bool:
    """Drop the task worker's routine records; keep everything else."""
    from_worker = any(
        record.name == name or record.name.startswith(f"{name}.")
        for name in TASK_LOGGERS
    )
    return not from_worker or record.levelno >= TASKS_LOG_LEVEL


LOGGING = {
    **BASE_LOGGING,
    "filters": {
        "quiet_tasks": {
            "()": "django.utils.log.CallbackFilter",
            "callback": keep_log_record,
        }
    },
    "handlers": {
        "console": {**BASE_LOGGING["handlers"]["console"], "filters": ["quiet_tasks"]}
    },
    "loggers": {
        **BASE_LOGGING["loggers"],
        # Nor runserver's "Watching for file changes": the address comes next.
        "django.utils.autoreload": {"level": "WARNING"},
    },
}
