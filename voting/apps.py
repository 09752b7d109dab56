from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = "Voting"

    def ready(self) -> None:
        from core.pagecache import invalidate_on_change

        from .models import VotingRules

        invalidate_on_change(VotingRules)
