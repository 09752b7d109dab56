"""Form fields that pass member uploads through the one upload checker."""

from collections.abc import Callable

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .uploads import (
    FILM_ACCEPT,
    IMAGE_ACCEPT,
    CheckedUpload,
    check_film_upload,
    check_image_upload,
)


class CheckedUploadField(forms.FileField):
    """A file input whose cleaned value is a ``CheckedUpload``.

    The cleaned value is None when no new file was sent (an empty optional field,
    or a form that already holds a stored file as ``initial``): keep what is
    stored. The widget has no "clear" checkbox; removing media is a separate action.
    """

    widget = forms.FileInput
    accept: str = ""
    checker: Callable[[UploadedFile], CheckedUpload]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        return {**super().widget_attrs(widget), "accept": self.accept}

    def clean(self, data, initial=None) -> CheckedUpload | None:
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            return self.checker(value)
        return None


class CheckedImageField(CheckedUploadField):
    """A photo upload: JPEG, PNG, WebP or HEIC, re-encoded without metadata."""

    accept = IMAGE_ACCEPT
    checker = staticmethod(check_image_upload)


class CheckedFilmField(CheckedUploadField):
    """A short-film upload: MP4, MOV or WebM, remuxed without metadata."""

    accept = FILM_ACCEPT
    checker = staticmethod(check_film_upload)
