from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

HANDLE_MIN_LENGTH = 3
HANDLE_MAX_LENGTH = 30

# Handles that could be mistaken for the organisers or the site itself.
RESERVED_HANDLES = frozenset(
    {
        "about", "admin", "administrator", "anonymous", "api", "editor", "judge",
        "me", "mod", "moderator", "moderators", "null", "official", "opencall",
        "organiser", "organizer", "root", "staff", "support", "system", "team",
    }
)  # fmt: skip

handle_characters = RegexValidator(
    regex=r"\A[A-Za-z0-9_-]+\Z",
    message=_("Use only letters, digits, underscores (_) and hyphens (-)."),
    code="handle_characters",
)


def validate_handle_length(value: str) -> None:
    """Refuse handles shorter than 3 or longer than 30 characters."""
    if not HANDLE_MIN_LENGTH <= len(value) <= HANDLE_MAX_LENGTH:
        raise ValidationError(
            _("A handle has between %(min)d and %(max)d characters."),
            code="handle_length",
            params={"min": HANDLE_MIN_LENGTH, "max": HANDLE_MAX_LENGTH},
        )


def validate_handle_not_reserved(value: str) -> None:
    """Refuse handles that are reserved for the site and its staff."""
    if value.lower() in RESERVED_HANDLES:
        raise ValidationError(
            _("That handle is reserved. Please choose another."),
            code="handle_reserved",
        )


def validate_handle_not_email(value: str) -> None:
    """Refuse anything that looks like an email address."""
    if "@" in value:
        raise ValidationError(
            _("A handle must not be an email address."), code="handle_email"
        )


HANDLE_VALIDATORS = [
    validate_handle_not_email,
    validate_handle_length,
    handle_characters,
    validate_handle_not_reserved,
]
