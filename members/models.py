from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .handles import handle_skeleton
from .managers import UserManager
from .validators import (
    HANDLE_MAX_LENGTH,
    HANDLE_VALIDATORS,
    validate_handle_not_reserved,
)

HANDLE_TAKEN = _("That handle is already taken.")
# The name shown for the work kept on record of someone who closed their account.
FORMER_MEMBER = _("Former member")


class User(AbstractUser):
    """A person with an account: member, moderator, judge or editor.

    People sign in with their email address, which is never shown publicly. The
    public ``handle`` is the only name the site ever shows; no two handles have
    the same ``handle_skeleton`` (members.handles: case, separators and look-alike
    characters folded), which the database enforces. A new or changed handle may
    not be reserved unless ``reserved_handle_granted`` is set (by an editor, in the
    admin). First and last names are private (organisers only). Staff created in
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
    handle_skeleton = models.CharField(
        _("handle skeleton"),
        max_length=64,
        null=True,
        blank=True,
        editable=False,
        help_text=_("What the handle looks like, for refusing look-alikes."),
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
    erased_at = models.DateTimeField(
        _("account closed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set when the member closed their account: the row stays, emptied of "
            "personal data, so the work kept on record points at a former member."
        ),
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
                fields=["handle_skeleton"],
                name="members_user_handle_skeleton_unique",
                violation_error_message=HANDLE_TAKEN,
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

    # Set (never stored) by an editor's admin form to give a reserved handle.
    reserved_handle_granted = False

    def __str__(self) -> str:
        if self.erased_at:
            return self.public_name
        return self.handle or self.email

    def save(self, *args, **kwargs) -> None:
        self.handle_skeleton = handle_skeleton(self.handle) if self.handle else None
        if kwargs.get("update_fields") and "handle" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "handle_skeleton"}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        """Check the handle's format, then that it is free and not reserved."""
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.handle and "handle" not in errors and "handle" not in (exclude or ()):
            try:
                self._clean_handle()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_handle(self) -> None:
        others = User.objects.exclude(pk=self.pk)
        if others.filter(handle_skeleton=handle_skeleton(self.handle)).exists():
            raise ValidationError({"handle": HANDLE_TAKEN})
        unchanged = User.objects.filter(pk=self.pk, handle=self.handle).exists()
        if not (unchanged or self.reserved_handle_granted):
            try:
                validate_handle_not_reserved(self.handle)
            except ValidationError as error:
                raise ValidationError({"handle": error}) from error

    @property
    def public_name(self) -> str:
        """Return the only name that may be shown publicly."""
        if self.erased_at:
            return str(FORMER_MEMBER)
        return self.handle or str(_("A member"))

    def get_short_name(self) -> str:
        return self.handle or self.email


class DataExport(models.Model):
    """A zip of everything the site holds about a member, for them to download.

    The file lives in private storage under ``exports/`` and is reached only
    through the signed, short-lived link emailed to its owner; the sweep
    (members.tasks.sweep_data_exports) deletes it once the link has expired.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="data_exports"
    )
    file_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"Data export {self.pk}"
