from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from core.pagecache import invalidate_on_change

        from .models import ModerationDecision, ModeratorAssignment

        # The public credit: which communities moderate a competition (its
        # page) and how many entries each one's volunteers reviewed (a
        # partner's page, counting decisions that change no entry, such as
        # passing one to staff).
        invalidate_on_change(ModeratorAssignment, ModerationDecision)
