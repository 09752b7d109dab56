"""An entry's files: private until approval, then a public showcase image."""

import re
import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta
from io import BytesIO

from django.apps import apps
from django.core.files.images import ImageFile
from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import format_html
from wagtail.images import get_image_model
from wagtail.models import Collection

from core.sanitize import count_words, sanitise_rich_text
from core.uploads import CheckedUpload

from .models import Entry
from .storage import private_storage

SHOWCASE_COLLECTION = "Showcase"
# Where checked uploads are stored (random_storage_name's prefix): the sweep looks
# only here, so nothing else kept in private storage is ever at risk.
UPLOADS_PREFIX = "entries"
# A file younger than this may belong to a save still in progress: never swept.
SWEEP_GRACE = timedelta(hours=1)
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
        _replace_file(entry, "film_poster", film_file.poster)


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


def _replace_file(entry: Entry, field: str, upload: CheckedUpload | None) -> None:
    """Store ``upload`` in ``field`` (or empty it); the old file goes after commit."""
    file_field = getattr(entry, field)
    old_name, storage = file_field.name, file_field.storage
    if upload is None:
        setattr(entry, field, "")
    else:
        file_field.save(upload.content.name, upload.content, save=False)
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))


def private_media_sweep(*, dry_run: bool = False) -> list[str]:
    """Delete the private uploads no row refers to any more; return their names.

    A save refused after its file was written, or a crash between storing a file
    and committing the row, leaves such a file. Only files older than
    ``SWEEP_GRACE`` go, so an upload whose save is still running is never touched.
    """
    storage = private_storage()
    cutoff = timezone.now() - SWEEP_GRACE
    stale = [name for name, modified in _stored_uploads(storage) if modified < cutoff]
    referenced = referenced_private_files()
    orphans = sorted(name for name in stale if name not in referenced)
    if not dry_run:
        for name in orphans:
            storage.delete(name)
    return orphans


def referenced_private_files() -> set[str]:
    """Return the name of every file a row holds in a private-storage FileField."""
    names: set[str] = set()
    for model, field in _private_file_fields():
        rows = model._default_manager.exclude(**{field: ""}).values_list(field)
        names.update(name for (name,) in rows)
    return names


def _private_file_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and field.storage is private_storage()
    ]


def _stored_uploads(storage: Storage) -> Iterator[tuple[str, datetime]]:
    """Yield ``(name, last modified)`` of every file under the uploads prefix."""
    if hasattr(storage, "bucket"):  # S3: one listing gives names and times
        yield from _bucket_uploads(storage)
    else:
        yield from _folder_uploads(storage, UPLOADS_PREFIX)


def _bucket_uploads(storage) -> Iterator[tuple[str, datetime]]:
    location = storage.location.strip("/")
    prefix = f"{location}/{UPLOADS_PREFIX}/" if location else f"{UPLOADS_PREFIX}/"
    for item in storage.bucket.objects.filter(Prefix=prefix):
        name = item.key[len(location) + 1 :] if location else item.key
        yield name, item.last_modified


def _folder_uploads(storage: Storage, folder: str) -> Iterator[tuple[str, datetime]]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{folder}/{name}"
        yield path, storage.get_modified_time(path)
    for child in folders:
        yield from _folder_uploads(storage, f"{folder}/{child}")
