"""The partners' toolkit: widgets, badges, threads, referral credit and impact."""

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners' toolkit"

    def ready(self) -> None:
        from core.pagecache import invalidate_on_change

        from .models import DiscussionThread

        # Competition pages list the threads.
        invalidate_on_change(DiscussionThread)
