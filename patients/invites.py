"""Invite codes: short enough to type from a letter, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

# No 0/O or 1/I/L: people read these codes aloud and type them on phones.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_GROUPS, _GROUP_LENGTH = 3, 4


def generate_code() -> str:
    """Return a new random code such as ``HW-ABCD-EFGH-JKMN`` (about 59 bits)."""
    groups = (
        "".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LENGTH)) for _ in range(_GROUPS)
    )
    return "HW-" + "-".join(groups)


def normalise_code(code: str) -> str:
    """Return the canonical form of a typed code: upper case, no spaces or dashes."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.removeprefix("HW")


def hash_code(code: str) -> str:
    """Return the stored hash of a code, insensitive to case, spaces and dashes."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()
