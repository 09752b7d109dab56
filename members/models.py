from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .managers import UserManager
from .validators import HANDLE_MAX_LENGTH, HANDLE_VALIDATORS


class User(AbstractUser):
    """A person with an account: member, moderator, judge or editor.

    People sign in with their email address, which is never shown publicly. The
    public ``handle`` is the only name the site ever shows; it is unique ignoring
    case. First and last names are private (organisers only). Staff created in
    the admin may have no handle until they choose one.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    handle = models.CharField(
        _("handle"),
        max_length=HANDLE_MAX_LENGTH,
        null=True,
        blank=True,
        validators=HANDLE_VALIDATORS,
        help_text=_(
            "The public name shown with your entries: 3–30 letters, digits, "
            "underscores or hyphens."
        ),
    )
    referred_by = models.ForeignKey(
        "communities.PartnerCommunity",
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_members",
        help_text=_("The partner community whose link brought this member to sign up."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("handle"),
                name="members_user_handle_ci_unique",
                violation_error_message=_("That handle is already taken."),
            ),
            # Sign-in looks emails up ignoring case, so two accounts whose emails
            # differ only in case would lock both out.
            models.UniqueConstraint(
                Lower("email"),
                name="members_user_email_ci_unique",
                violation_error_message=_(
                    "An account with that email address already exists."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.handle or self.email

    @property
    def public_name(self) -> str:
        """Return the only name that may be shown publicly."""
        return self.handle or str(_("A member"))

    def get_short_name(self) -> str:
        return self.handle or self.email
