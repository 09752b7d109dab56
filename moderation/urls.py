"""Public moderation addresses, under /entries/ beside submissions' own."""

from django.urls import path

# Importing submissions.urls registers the ``public_id`` path converter.
from submissions import urls as submissions_urls  # noqa: F401

from . import public_views

app_name = "moderation_public"
urlpatterns = [
    path(
        "<public_id:public_id>/report/", public_views.entry_report, name="entry_report"
    ),
    path(
        "<public_id:public_id>/appeal/", public_views.entry_appeal, name="entry_appeal"
    ),
]
