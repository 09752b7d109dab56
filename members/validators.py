from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .handles import handle_is_reserved

HANDLE_MIN_LENGTH = 3
HANDLE_MAX_LENGTH = 30
HANDLE_RESERVED = _("That handle is reserved. Please choose another.")

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


def partner_slugs() -> frozenset[str]:
    """Return the slugs of the partner communities, which handles may not borrow."""
    from communities.models import PartnerCommunity

    return frozenset(PartnerCommunity.objects.values_list("slug", flat=True))


def validate_handle_not_reserved(value: str) -> None:
    """Refuse handles that could pass for the site, its staff or a partner.

    Not a field validator: members meet it at sign-up and in User.clean(), and an
    editor may grant a reserved handle in the admin (members.admin_forms).
    """
    if handle_is_reserved(value, partner_slugs=partner_slugs()):
        raise ValidationError(HANDLE_RESERVED, code="handle_reserved")


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
]
