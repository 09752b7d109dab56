from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "Partner communities"

    def ready(self) -> None:
        from core.pagecache import invalidate_on_change

        from .models import PartnerCommunity

        invalidate_on_change(PartnerCommunity)
