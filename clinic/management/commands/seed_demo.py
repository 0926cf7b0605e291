"""Load demo data: a clinician and five patients with weeks of realistic records."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from diaries import demo as diaries_demo
from exercises import demo as exercises_demo
from goals import demo as goals_demo
from patients import demo
from reminders import demo as reminders_demo


class Command(BaseCommand):
    help = "Create demo accounts and data (idempotent). Refused when DJANGO_DEBUG is off."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even when DJANGO_DEBUG is off."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts with a published password; it refuses to run "
                "when DJANGO_DEBUG is off. Pass --force if you really mean it."
            )
        with transaction.atomic():
            clinician, patients = demo.seed_accounts()
            for seeder in _app_seeders():
                seeder(clinician, patients)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"  clinician: {demo.DEMO_CLINICIAN} / {demo.DEMO_PASSWORD}")
        for patient, story in patients:
            self.stdout.write(
                f"  patient:   {story.username} / {demo.DEMO_PASSWORD}"
                f"  ({patient.display_name}, {patient.timezone}, {story.story})"
            )


def _app_seeders() -> list[Any]:
    """Return each app's demo seeder, in the order the story needs.

    Reminders run on the seeded diaries (alerts); goals follow the plans and sessions.
    """
    return [diaries_demo.seed, reminders_demo.seed, exercises_demo.seed, goals_demo.seed]
