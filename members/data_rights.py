"""Members' data rights: take a copy of everything, or close the account.

Extension point. Members sits below the apps that hold most of a member's data
(entries, votes, reports, judging work), so it names two Wagtail hooks and each
of those apps registers a function for them in its ``wagtail_hooks.py``:

``member_data_export``, called as ``hook(user)``, returns an ``ExportPart``: the
app's share of the member's data as JSON-able values under a key of its own,
and the stored files to put beside it in the zip. It must hold nothing about
anybody else: other people appear, if at all, as an entry's public id.

``member_erasure``, called as ``hook(user)`` inside the erasure's transaction,
erases or anonymises the app's share and returns what it did as a dict of
counts, for the audit log (never the data itself). Files are deleted through
their storages after commit (``delete_after_commit``), so a rollback loses
nothing.

Policy for the account itself: the user row is kept, emptied of every personal
detail and marked ``erased_at``, because entries, decisions and scores kept on
record point at it with ``PROTECT``; it is shown as "Former member" and can
never sign in again. Accounts with admin access are not closed here: an editor
hands their work over and closes them.
"""

import json
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signing import BadSignature, TimestampSigner
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from communities.models import CommunityModerator

from .models import DataExport, User

MEMBER_DATA_EXPORT_HOOK = "member_data_export"
MEMBER_ERASURE_HOOK = "member_erasure"
ERASE_LOG_ACTION = "members.erase"

# How long the emailed link to an export works; the sweep deletes it after.
EXPORT_MAX_AGE = timedelta(hours=24)
EXPORTS_PREFIX = "exports"
_SIGNER_SALT = "members.data-export"
ZIP_IN_MEMORY = 8 * 1024 * 1024


@dataclass(frozen=True)
class ExportFile:
    """A stored file to put in the zip: where it is, and its path in the zip."""

    storage: Storage
    name: str
    path: str


@dataclass(frozen=True)
class ExportPart:
    """One app's share of a member's data, under ``key`` in data.json."""

    key: str
    data: Any
    files: list[ExportFile] = field(default_factory=list)


def private_storage() -> Storage:
    """Return the storage nobody reaches without a permission check."""
    return storages["private"]


def has_admin_access(user: User) -> bool:
    """Return whether ``user`` works in the admin (staff of any kind)."""
    return bool(
        user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


# Export


def member_data(user: User) -> tuple[dict[str, Any], list[ExportFile]]:
    """Return everything the site holds about ``user``, and the files to add."""
    parts = [account_part(user)]
    parts += [hook(user) for hook in hooks.get_hooks(MEMBER_DATA_EXPORT_HOOK)]
    data: dict[str, Any] = {"exported_at": timezone.now()}
    files: list[ExportFile] = []
    for part in parts:
        if part is None:
            continue
        data[part.key] = part.data
        files.extend(part.files)
    return data, files


def account_part(user: User) -> ExportPart:
    """Return the account itself: profile, addresses, sign-in methods, rosters."""
    profile = {
        "email": user.email,
        "handle": user.handle,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "referred_by": user.referred_by.slug if user.referred_by_id else None,
    }
    return ExportPart(
        key="account",
        data={
            "profile": profile,
            "email_addresses": list(
                EmailAddress.objects.filter(user=user)
                .order_by("pk")
                .values("email", "verified", "primary")
            ),
            # The kind and dates only: a secret is never written out.
            "two_step_sign_in": list(
                Authenticator.objects.filter(user=user)
                .order_by("pk")
                .values("type", "created_at", "last_used_at")
            ),
            "moderator_rosters": list(
                CommunityModerator.objects.filter(user=user)
                .order_by("pk")
                .values("community__slug", "active", "added_at")
            ),
            "admin_preferences": list(
                UserProfile.objects.filter(user=user).values(
                    "preferred_language", "current_time_zone"
                )
            ),
        },
    )


def data_export_build(*, user: User) -> DataExport:
    """Write a zip of ``user``'s data (data.json and files) to private storage."""
    data, files = member_data(user)
    # Films can be large: the zip spills to a temporary file past a few megabytes.
    with tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY) as buffer:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2)
            )
            for item in files:
                with (
                    item.storage.open(item.name, "rb") as stored,
                    archive.open(item.path, "w") as copy,
                ):
                    shutil.copyfileobj(stored, copy)
        buffer.seek(0)
        name = f"{EXPORTS_PREFIX}/{secrets.token_hex(16)}.zip"
        name = private_storage().save(name, File(buffer, name=name))
    return DataExport.objects.create(user=user, file_name=name)


def export_token(export: DataExport) -> str:
    """Return the signed, timestamped token of the link to ``export``."""
    return TimestampSigner(salt=_SIGNER_SALT).sign(str(export.pk))


def export_for_token(token: str, *, user: User) -> DataExport | None:
    """Return the export a fresh token names, if ``user`` owns it; else None."""
    try:
        pk = TimestampSigner(salt=_SIGNER_SALT).unsign(token, max_age=EXPORT_MAX_AGE)
    except BadSignature:  # tampered with, or expired (SignatureExpired)
        return None
    if not user.is_authenticated:
        return None
    return DataExport.objects.filter(pk=int(pk), user=user).first()


@transaction.atomic
def data_exports_sweep(*, now=None) -> int:
    """Delete the exports whose links have expired, files and rows; return how many."""
    cutoff = (now or timezone.now()) - EXPORT_MAX_AGE
    stale = list(DataExport.objects.filter(created_at__lt=cutoff))
    _exports_delete(stale)
    return len(stale)


def _exports_delete(exports: Iterable[DataExport]) -> None:
    storage = private_storage()
    for export in exports:
        delete_after_commit(storage, export.file_name)
        export.delete()


def delete_after_commit(storage: Storage, name: str) -> None:
    """Delete ``name`` from ``storage`` once the transaction commits."""
    if name:
        transaction.on_commit(partial(storage.delete, name))


# Erasure


@transaction.atomic
def member_erase(*, user: User) -> dict[str, int]:
    """Close ``user``'s account: every app erases its share, then the account goes.

    Returns what was done, as written to the audit log.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        raise PermissionDenied(_("This account has already been closed."))
    if has_admin_access(user):
        raise PermissionDenied(
            _(
                "Accounts with access to the admin are closed by an editor, so "
                "that your work there can be handed over first."
            )
        )
    done: dict[str, int] = {}
    for hook in hooks.get_hooks(MEMBER_ERASURE_HOOK):
        done.update(hook(user) or {})
    done.update(_account_erase(user))
    log(instance=user, action=ERASE_LOG_ACTION, user=user, data={"done": done})
    return done


def _account_erase(user: User) -> dict[str, int]:
    """Empty the account of personal data, keeping its row as a former member."""
    done = {
        "email_addresses": EmailAddress.objects.filter(user=user).delete()[0],
        "authenticators": Authenticator.objects.filter(user=user).delete()[0],
        "data_exports": user.data_exports.count(),
        "roster_places": CommunityModerator.objects.filter(
            user=user, active=True
        ).update(active=False),
    }
    _exports_delete(user.data_exports.all())
    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            delete_after_commit(profile.avatar.storage, profile.avatar.name)
        profile.delete()
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(label=str(_("Former member")))
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"former-{secrets.token_hex(12)}@erased.invalid"
    user.handle = None
    user.first_name = user.last_name = ""
    user.last_login = None
    user.is_active = user.is_staff = user.is_superuser = False
    user.erased_at = timezone.now()
    # An unusable password also ends every other session: each one carries a
    # hash of the password, which no longer matches.
    user.set_unusable_password()
    user.save()
    return done
