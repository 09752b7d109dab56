"""Make the cached public pages stale when an entry that is, or was, public changes.

Signals, as the house style allows for cache invalidation only: approving,
hiding, withdrawing or deleting an entry goes through several services (and the
admin), and each of them saves the row. Drafts being typed never bump the cache.
"""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from core.pagecache import invalidate_public_pages

from .models import Entry
from .status import PUBLIC_STATUSES

LOADED_STATUS = "_status_when_loaded"
UNKNOWN = object()


@receiver(post_init, sender=Entry, dispatch_uid="entry-public-pages-loaded")
def remember_loaded_status(sender, instance: Entry, **kwargs) -> None:
    # Read without loading a deferred field: an unknown status counts as public.
    setattr(instance, LOADED_STATUS, instance.__dict__.get("status", UNKNOWN))


@receiver(post_save, sender=Entry, dispatch_uid="entry-public-pages-saved")
def entry_saved(sender, instance: Entry, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    loaded = getattr(instance, LOADED_STATUS, UNKNOWN)
    if _may_be_public(loaded) or _may_be_public(instance.status):
        invalidate_public_pages()
    setattr(instance, LOADED_STATUS, instance.status)


@receiver(post_delete, sender=Entry, dispatch_uid="entry-public-pages-deleted")
def entry_deleted(sender, instance: Entry, **kwargs) -> None:
    if _may_be_public(getattr(instance, LOADED_STATUS, UNKNOWN)):
        invalidate_public_pages()


def _may_be_public(status) -> bool:
    return status is UNKNOWN or status in PUBLIC_STATUSES
