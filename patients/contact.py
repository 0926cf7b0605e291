"""The care team's contact details: limits and the checks the model and the API share.

Pure: no models here, so ``patients.models`` and the serializers both import it.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

PHONE_MAX_LENGTH = 32
OPENING_HOURS_MAX_LENGTH = 120
RESPONSE_TIME_MAX_LENGTH = 80
OUT_OF_HOURS_MAX_LENGTH = 1000
EMAIL_MAX_LENGTH = 254
# The alert severities a response time is given for, most severe first.
RESPONSE_SEVERITIES = ("urgent", "high", "moderate")

# Loose on purpose: digits with the separators people write ("+49 30 1234-5678",
# "(020) 7946 0000", "030/123.45"), an optional leading "+", 6 to 20 digits.
_PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()./-]+")
_PHONE_MIN_DIGITS = 6
_PHONE_MAX_DIGITS = 20


def validate_phone(value: str) -> None:
    """Reject what cannot be a telephone number a patient could dial."""
    digits = sum(ch.isdigit() for ch in value)
    if (
        not value.isascii()
        or _PHONE_CHARACTERS.fullmatch(value) is None
        or not _PHONE_MIN_DIGITS <= digits <= _PHONE_MAX_DIGITS
    ):
        raise ValidationError(
            "Give a telephone number: 6 to 20 digits, an optional leading +, and spaces, "
            "brackets, dots, slashes or dashes between them.",
            code="invalid_phone",
        )


def validate_text_block(value: str) -> None:
    """Allow line breaks and tabs in longer instructions, but no other control character."""
    if any((ord(ch) < 32 and ch not in "\n\r\t") or ord(ch) == 127 for ch in value):
        raise ValidationError(
            "Remove control characters (line breaks are fine).", code="control_characters"
        )
