"""Settings for the test suite: the production module plus what only tests need.

Selected by ``DJANGO_SETTINGS_MODULE`` in pyproject's pytest options. The
``tests.servers`` plugin runs before this is imported: it has already pointed
``HIPWELL_VAR_DIR`` at a temporary directory of the session's own (removed when the
session ends) and exported the URL of the throwaway PostgreSQL server.
"""

from __future__ import annotations

import os

os.environ.setdefault("HIPWELL_TESTING", "1")

from config.settings import *  # noqa: F403
from config.settings import DATABASES, env

# The suite's real PostgreSQL, as a second alias: tests/servers.py exports the URL
# and starts the server on demand. `default` stays SQLite; only tests that ask
# pytest-django for "postgres" touch it.
if env.str("HIPWELL_TEST_POSTGRES_URL", default=""):
    DATABASES["postgres"] = env.db("HIPWELL_TEST_POSTGRES_URL")
    DATABASES["postgres"]["TEST"] = {"NAME": f"test_{DATABASES['postgres']['NAME']}"}
