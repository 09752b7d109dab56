"""A member's entries in their data export, and what closing the account does to them.

Policy. When a member closes their account each of their entries is either
kept, deleted or emptied:

- kept: an approved entry that won a prize in published results, in a
  competition whose rules keep such entries
  (``keep_winning_entries_of_deleted_members``). It stays whole and public,
  shown as by a former member; only its age band and guardian confirmation go.
- deleted, with its history and files: any other entry nothing else keeps on
  record.
- emptied: an entry that decisions, scores or awards point at (``PROTECT``), so
  its row must stay. Every field the member wrote and every file goes; it is
  withdrawn, so it leaves every public list.

Which entries won is the judging app's knowledge: it tells through the
``entry_published_winners`` hook, called as ``hook(entries)`` with a queryset
and returning the ids of those that won a prize in published results.

Files (originals, film posters, the showcase copy and its renditions) are
deleted through their storages after commit.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from wagtail import hooks

from members.data_rights import ExportFile, ExportPart, delete_after_commit
from members.models import User

from . import media
from .enums import EntryAction, EntryStatus
from .kinds import PRIVATE_FILES
from .models import Entry, EntryEvent

ENTRY_PUBLISHED_WINNERS_HOOK = "entry_published_winners"

# What the author wrote or chose; emptied when the entry's row must stay.
EMPTIED = {
    "title": "",
    "story": "",
    "word_count": 0,
    "image": "",
    "image_width": None,
    "image_height": None,
    "image_caption": "",
    "image_alt_text": "",
    "film_url": "",
    "film_file": "",
    "film_mime_type": "",
    "film_poster": "",
    "idea_problem": "",
    "idea_proposal": "",
    "idea_beneficiaries": "",
    "idea_requirements": "",
    "feedback": "",
    "feedback_reason": "",
    "age_band": "",
    "guardian_confirmed": False,
}
# Personal details a kept winning entry loses.
KEPT_EMPTIED = {"age_band": "", "guardian_confirmed": False}
NOT_EXPORTED = {"id", "author", "public_image"}


def entries_export(user: User) -> ExportPart:
    """Return the member's entries with every field and history, and their files."""
    entries = (
        Entry.objects.filter(author=user)
        .select_related("competition", "category", "referral_partner")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    data, files = [], []
    for entry in entries:
        data.append(_entry_data(entry, user))
        files += _entry_files(entry)
    return ExportPart(key="entries", data=data, files=files)


def _entry_data(entry: Entry, user: User) -> dict:
    row = {}
    for field in Entry._meta.concrete_fields:
        if field.name in NOT_EXPORTED:
            continue
        value = getattr(entry, field.name)
        if field.name in PRIVATE_FILES.values():
            value = _zip_path(entry, field.name) if value else None
        elif field.is_relation:
            value = str(value) if value is not None else None
        row[field.name] = value
    row["competition"] = entry.competition.slug
    row["history"] = [
        {
            "action": event.action,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "note": event.note,
            "at": event.created_at,
            "by_you": event.actor_id == user.pk,
        }
        for event in entry.events.all()
    ]
    return row


def _zip_path(entry: Entry, field: str) -> str:
    name = getattr(entry, field).name
    return f"files/{entry.public_id}/{field}.{name.rsplit('.', 1)[-1]}"


def _entry_files(entry: Entry) -> list[ExportFile]:
    return [
        ExportFile(stored.storage, stored.name, _zip_path(entry, field))
        for field in PRIVATE_FILES.values()
        if (stored := getattr(entry, field))
    ]


def entries_erase(user: User) -> dict[str, int]:
    """Keep, delete or empty each of the member's entries (see the policy above)."""
    entries = Entry.objects.filter(author=user)
    locked = list(entries.select_for_update().order_by("pk"))
    kept_ids = set(_kept(entries))
    done = {"entries_kept": 0, "entries_deleted": 0, "entries_emptied": 0}
    for entry in locked:
        if entry.pk in kept_ids:
            _update(entry, KEPT_EMPTIED)
            done["entries_kept"] += 1
        elif _delete(entry):
            done["entries_deleted"] += 1
        else:
            _empty(entry)
            done["entries_emptied"] += 1
    return done


def _kept(entries) -> Iterable[int]:
    """Return the ids of the published winners whose competition keeps them."""
    winners = set()
    for hook in hooks.get_hooks(ENTRY_PUBLISHED_WINNERS_HOOK):
        winners.update(hook(entries))
    return entries.filter(
        pk__in=winners,
        status=EntryStatus.APPROVED,
        competition__keep_winning_entries_of_deleted_members=True,
    ).values_list("pk", flat=True)


def _files(entry: Entry) -> list:
    return [
        (stored.storage, stored.name)
        for field in PRIVATE_FILES.values()
        if (stored := getattr(entry, field))
    ]


def _delete(entry: Entry) -> bool:
    """Delete the entry unless something on record protects it; say which."""
    files, public = _files(entry), entry.public_image
    try:
        with transaction.atomic():
            entry.delete()
    except ProtectedError:
        return False
    if public is not None:  # its file and renditions go after commit (Wagtail)
        public.delete()
    for storage, name in files:
        delete_after_commit(storage, name)
    return True


def _empty(entry: Entry) -> None:
    """Empty and withdraw an entry whose row the record keeps."""
    files = _files(entry)
    previous = entry.status
    media.unpublish(entry)
    changes = dict(EMPTIED)
    if entry.status != EntryStatus.WITHDRAWN:
        changes |= {"status": EntryStatus.WITHDRAWN, "withdrawn_at": timezone.now()}
    _update(entry, changes)
    entry.events.update(note="")
    EntryEvent.objects.create(
        entry=entry,
        actor=None,
        action=EntryAction.WITHDRAWN,
        from_status=previous,
        to_status=entry.status,
    )
    for storage, name in files:
        delete_after_commit(storage, name)


def _update(entry: Entry, changes: dict) -> None:
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.save()
