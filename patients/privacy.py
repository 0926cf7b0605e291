"""The privacy notice a person reads, and accepts, before their account stores anything.

Change the words and raise ``VERSION`` together: each patient's ``consent_version``
records which text they accepted.
"""

from __future__ import annotations

from typing import Final

VERSION: Final = "2026-12-03"
TITLE: Final = "Your privacy in Hipwell"
PARAGRAPHS: Final = (
    "Hipwell keeps what you enter: your daily diary (pain, walking, sleep, mood, falls "
    "and notes), the exercises you log, and your goals and progress. It also keeps your "
    "name, your user name and, if you give one, your email address.",
    "Your physiotherapist and the other members of your care team see this so they can "
    "look after you. A family member or friend sees it only if you invite them, and only "
    "the parts you choose; you can change that or stop it at any time in Settings.",
    "We keep your information while you are in care with your team, and for as long as "
    "health records must be kept where you are treated.",
    "To get a copy of your information, or to ask for it to be corrected or deleted, "
    "ask your physiotherapist.",
    "Hipwell shows no advertising. Your information is never sold and never used for marketing.",
)
CONSENT_REQUIRED: Final = "Please read and accept the privacy notice to continue."
