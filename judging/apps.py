from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = "Judging"

    def ready(self) -> None:
        from core.pagecache import invalidate_on_change

        from . import models, signals  # noqa: F401  (connects the criteria guards)

        # Results, and the criteria and panel the competition page shows.
        invalidate_on_change(
            models.ResultsPublication,
            models.Award,
            models.JudgingRound,
            models.Criterion,
            models.RoundJudge,
        )
