from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.images import get_image_model

from .images import enqueue_renditions


@receiver(post_save, sender=get_image_model())
def queue_renditions_for_saved_image(sender, instance, **kwargs) -> None:
    """Warm the rendition cache for an image as soon as it is saved."""
    enqueue_renditions(instance.pk)
