from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reminders import receivers
        from reminders.dispatch import register_skip_check
        from reminders.skips import (
            diary_already_logged,
            exercise_sessions_logged,
            schedule_no_longer_wanted,
        )

        receivers.connect()
        register_skip_check(exercise_sessions_logged)
        register_skip_check(schedule_no_longer_wanted)
        register_skip_check(diary_already_logged)
