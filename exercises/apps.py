from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Exercises and aquatic therapy"

    def ready(self) -> None:
        from exercises import hooks
        from exercises.goal_services import goals_evaluate

        hooks.session_logged.connect(goals_evaluate)
