from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "showcase"

urlpatterns = [
    path("", views.showcase, name="index"),
    # The address ARCHITECTURE.md promised partners; the feed itself is open data's.
    path(
        "feed/",
        RedirectView.as_view(pattern_name="api:entries_feed", permanent=True),
        name="feed",
    ),
]
