import math

from django.urls import path, register_converter

from . import views
from .models import PUBLIC_ID_BYTES


class PublicIdConverter:
    """Match only what ``new_public_id`` makes: URL-safe base64 of a fixed length.

    Anything else (a NUL byte, non-ASCII, the wrong length) is a 404 before any
    query: PostgreSQL refuses a NUL in a string and answered 500 before.
    """

    regex = f"[A-Za-z0-9_-]{{{math.ceil(PUBLIC_ID_BYTES * 4 / 3)}}}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PublicIdConverter, "public_id")

app_name = "submissions"
urlpatterns = [
    path("<public_id:public_id>/", views.entry_detail, name="entry_detail"),
    path("<public_id:public_id>/edit/", views.entry_edit, name="entry_edit"),
    path("<public_id:public_id>/submit/", views.entry_submit, name="entry_submit"),
    path(
        "<public_id:public_id>/withdraw/", views.entry_withdraw, name="entry_withdraw"
    ),
    path("<public_id:public_id>/delete/", views.entry_delete, name="entry_delete"),
    path(
        "<public_id:public_id>/media/<slug:field>/",
        views.entry_media,
        name="entry_media",
    ),
]
