"""Create a clinician account: ``manage.py create_clinician --username U --email E``."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from patients.services import clinician_create


class Command(BaseCommand):
    help = "Create a clinician. The password comes from HIPWELL_PASSWORD or a prompt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("HIPWELL_PASSWORD") or self._prompt()
        try:
            user = clinician_create(
                username=options["username"], email=options["email"], password=password
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Created clinician {user.username} (id {user.pk})."))

    def _prompt(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return first
