"""Public voting addresses, under /entries/ beside submissions' own."""

from django.urls import path

# Importing submissions.urls registers the ``public_id`` path converter.
from submissions import urls as submissions_urls  # noqa: F401

from . import public_views

app_name = "voting_public"
urlpatterns = [
    path("<public_id:public_id>/vote/", public_views.entry_vote, name="entry_vote"),
]
