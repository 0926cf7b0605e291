from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reminders.dispatch import register_skip_check
        from reminders.skips import diary_already_logged, schedule_no_longer_wanted

        register_skip_check(schedule_no_longer_wanted)
        register_skip_check(diary_already_logged)
