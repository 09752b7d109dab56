"""What each kind of entry is made of: one table the form, the services and the
submission rules all read.

An entry of any kind has the common fields; each kind adds its own content
fields, names the ones it needs before it can be submitted, and may take an
upload. An upload has a form field (the checked file input), the model field it
is stored in, and the name it is served under at
``/entries/<public_id>/media/<url_name>/``.
"""

from dataclasses import dataclass

from competitions.enums import EntryKind

# Fields every entry has, in the order a person fills them in.
COMMON_FIELDS = ("title", "category")
SMALL_PRINT_FIELDS = ("licence", "age_band", "guardian_confirmed", "rules_accepted")
# Needed before any entry can be submitted (category only where there are any).
COMMON_REQUIRED = ("title", "licence", "age_band")


@dataclass(frozen=True)
class Upload:
    """A file an entry of some kind may carry, stored privately until approval."""

    form_field: str
    model_field: str
    url_name: str


@dataclass(frozen=True)
class Kind:
    """One kind's part of the form, what it needs to be submitted, its upload.

    ``layout`` lists the kind's fields in the order a person fills them in,
    with the upload's form field where the file input goes.
    """

    layout: tuple[str, ...]
    required: tuple[str, ...]
    upload: "Upload | None" = None

    @property
    def fields(self) -> tuple[str, ...]:
        """Return the kind's own model fields an author types into."""
        upload = self.upload.form_field if self.upload else None
        return tuple(name for name in self.layout if name != upload)

    @property
    def form_fields(self) -> tuple[str, ...]:
        """Return every field of this kind's form, in order."""
        return (*COMMON_FIELDS, *self.layout, *SMALL_PRINT_FIELDS)


IMAGE_UPLOAD = Upload("image_upload", "image", "image")
FILM_UPLOAD = Upload("film_upload", "film_file", "film")
IDEA_FIELDS = (
    "idea_problem",
    "idea_proposal",
    "idea_beneficiaries",
    "idea_requirements",
)

KINDS: dict[str, Kind] = {
    EntryKind.STORY: Kind(layout=("story",), required=("story",)),
    EntryKind.IMAGE: Kind(
        layout=("image_upload", "image_alt_text", "image_caption"),
        required=("image", "image_alt_text"),
        upload=IMAGE_UPLOAD,
    ),
    EntryKind.FILM: Kind(
        layout=("film_url", "film_upload"), required=("film_url",), upload=FILM_UPLOAD
    ),
    EntryKind.IDEA: Kind(layout=IDEA_FIELDS, required=IDEA_FIELDS),
}

UPLOADS: tuple[Upload, ...] = tuple(
    kind.upload for kind in KINDS.values() if kind.upload is not None
)
# The fields an author may change through entry_save (uploads come separately).
AUTHOR_FIELDS = frozenset(
    {*COMMON_FIELDS, *SMALL_PRINT_FIELDS}.union(
        *(kind.fields for kind in KINDS.values())
    )
)


# Every private file an entry can hold, by the name it is served under at
# /entries/<public_id>/media/<name>/: the uploads, and the poster taken from a film.
PRIVATE_FILES: dict[str, str] = {
    **{upload.url_name: upload.model_field for upload in UPLOADS},
    "poster": "film_poster",
}


def private_file_served_as(url_name: str) -> str | None:
    """Return the model field of the private file served under ``url_name``."""
    return PRIVATE_FILES.get(url_name)
