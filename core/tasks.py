from django.tasks import task
from wagtail.images import get_image_model

from .images import make_all_renditions


@task()
def make_renditions(*, image_id: int) -> None:
    """Make the public site's renditions of one image."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        make_all_renditions(image)
