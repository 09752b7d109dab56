from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.settings.models import BaseGenericSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .images import enqueue_renditions
from .pagecache import invalidate_on_change, invalidate_public_pages


@receiver(post_save, sender=get_image_model())
def queue_renditions_for_saved_image(sender, instance, **kwargs) -> None:
    """Warm the rendition cache for an image as soon as it is saved."""
    enqueue_renditions(instance.pk)


# Public pages cached whole (core.pagecache) are made stale by what editors publish.
invalidate_on_change(PageViewRestriction, get_image_model().get_rendition_model(), Site)


@receiver(page_published, dispatch_uid="public-pages-published")
@receiver(page_unpublished, dispatch_uid="public-pages-unpublished")
@receiver(post_page_move, dispatch_uid="public-pages-moved")
def page_changed(sender, **kwargs) -> None:
    """Publishing, unpublishing or moving a page changes the public pages."""
    invalidate_public_pages()


@receiver(post_delete, dispatch_uid="public-pages-page-deleted")
def page_deleted(sender, instance, **kwargs) -> None:
    """Deleting a page (or a setting) changes the public pages."""
    if isinstance(instance, Page | BaseGenericSetting):
        invalidate_public_pages()


@receiver(post_save, dispatch_uid="public-pages-setting-saved")
def setting_or_live_page_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A site setting (the organiser's name, the footer) is on every page; a live
    page saved whole (made, copied, or changed in code) shows at once too.

    A draft's revision saves only its own fields (``update_fields``): the public
    pages stay as they are until it is published.
    """
    if isinstance(instance, BaseGenericSetting) or (
        isinstance(instance, Page) and instance.live and update_fields is None
    ):
        invalidate_public_pages()
