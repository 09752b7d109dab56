"""An entry's files: private until approval, then a public showcase image."""

import re
import secrets
from io import BytesIO

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import format_html
from wagtail.images import get_image_model
from wagtail.models import Collection

from core.sanitize import count_words, sanitise_rich_text
from core.uploads import CheckedUpload

from .models import Entry

SHOWCASE_COLLECTION = "Showcase"
# A tag such as <p> or </em>: a lone "<" ("I <3 it", "x < y") is still plain text.
LOOKS_LIKE_HTML = re.compile(r"</?[A-Za-z][^<>]*>")


def attach_uploads(
    entry: Entry,
    *,
    image: CheckedUpload | None = None,
    film_file: CheckedUpload | None = None,
) -> None:
    """Store checked uploads privately on ``entry``; old files go after commit."""
    if image is not None:
        _replace_file(entry, "image", image)
        entry.image_width, entry.image_height = image.width, image.height
    if film_file is not None:
        _replace_file(entry, "film_file", film_file)
        entry.film_mime_type = film_file.mime_type


def refresh_story(entry: Entry) -> None:
    """Sanitise the story's HTML and count its words."""
    entry.story = sanitise_rich_text(story_html(entry.story))
    entry.word_count = count_words(entry.story)


def story_html(text: str) -> str:
    """Return HTML for a story typed as plain text (blank lines part paragraphs)."""
    if LOOKS_LIKE_HTML.search(text):
        return text
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(
        format_html("<p>{}</p>", part).replace("\n", "<br>") for part in paragraphs
    )


def publish(entry: Entry) -> None:
    """Copy an approved entry's image into the public showcase collection."""
    if not entry.image or entry.public_image_id:
        return
    with entry.image.open("rb") as private_file:
        data = private_file.read()
    extension = entry.image.name.rsplit(".", 1)[-1]
    public = get_image_model()(
        title=entry.title,
        collection=showcase_collection(),
        file=ImageFile(BytesIO(data), name=f"{secrets.token_hex(16)}.{extension}"),
    )
    public.save()
    entry.public_image = public


def unpublish(entry: Entry) -> None:
    """Delete an entry's public image and its renditions, if it has one."""
    if entry.public_image_id:
        public = entry.public_image
        entry.public_image = None
        public.delete()


def showcase_collection() -> Collection:
    """Return the collection of approved entries' images, creating it once."""
    existing = Collection.objects.filter(name=SHOWCASE_COLLECTION).first()
    if existing is not None:
        return existing
    return Collection.get_first_root_node().add_child(name=SHOWCASE_COLLECTION)


def _replace_file(entry: Entry, field: str, upload: CheckedUpload) -> None:
    file_field = getattr(entry, field)
    old_name, storage = file_field.name, file_field.storage
    file_field.save(upload.content.name, upload.content, save=False)
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))
