from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Exercises and aquatic therapy"

    def ready(self) -> None:
        from exercises.skips import exercise_sessions_logged
        from reminders.services import register_skip_check

        register_skip_check(exercise_sessions_logged)
