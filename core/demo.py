"""Pictures for the demo world, drawn with Pillow so nothing is downloaded."""

import random
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

DEMO_COLLECTION = "Demo"


def demo_picture(seed: str, *, size: tuple[int, int] = (1600, 900)) -> bytes:
    """Return a PNG of soft shapes on a gradient, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 (pictures, not secrets)
    width, height = size
    top = tuple(rng.randint(40, 200) for _ in range(3))
    bottom = tuple(rng.randint(40, 200) for _ in range(3))
    picture = Image.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / max(height - 1, 1)
        colour = tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randint(height // 20, height // 4)
        fill = tuple(rng.randint(120, 255) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.6 else draw.rectangle
        shape([x - r, y - r, x + r, y + r], fill=fill)
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_image(key: str, *, size: tuple[int, int] = (1600, 900)):
    """Return the Wagtail image called "Demo: <key>", drawing it the first time."""
    collection = _demo_collection()
    title = f"Demo: {key}"
    Image = get_image_model()
    image = Image.objects.filter(collection=collection, title=title).first()
    if image is None:
        picture = ImageFile(BytesIO(demo_picture(key, size=size)), name="d.png")
        image = Image(title=title, collection=collection, file=picture)
        image.save()
    return image


def _demo_collection() -> Collection:
    existing = Collection.objects.filter(name=DEMO_COLLECTION).first()
    if existing is not None:
        return existing
    return Collection.get_first_root_node().add_child(name=DEMO_COLLECTION)
