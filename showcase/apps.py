from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = "Showcase"

    def ready(self) -> None:
        from .pictures import connect_signals

        connect_signals()
