from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401
        from .uploads import register_heif_opener

        register_heif_opener()

        from .exports import install_formula_escaping

        install_formula_escaping()

        from .formsets import install_child_formset_guard

        install_child_formset_guard()

        from .choosers import install_chooser_guard

        install_chooser_guard()

        from .ids import install_id_guards

        install_id_guards()

        from .deletes import install_delete_method_guard

        install_delete_method_guard()
