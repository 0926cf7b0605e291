from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Goals and measurements"

    def ready(self) -> None:
        from exercises import hooks
        from goals.services import goals_evaluate

        # A logged session moves sessions-per-week goals: check them at once.
        hooks.session_logged.connect(goals_evaluate)
