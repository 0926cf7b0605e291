"""What the benchmarks share: a throwaway Django, query counting, timing and the table.

Each benchmark runs against its own SQLite file in a fresh temporary directory, so
it never touches the developer's ``var/`` and always starts from an empty database.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import os
import platform
import secrets
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.launch import ServerError, start_redis

if TYPE_CHECKING:
    from django.test.utils import CaptureQueriesContext


def configure_django(name: str) -> Path:
    """Point the settings at a fresh temporary var dir and SQLite file, set Django up, migrate.

    The environment must be set before ``django.setup()`` reads the settings. Choices:

    - ``HIPWELL_TESTING=1`` turns throttles off (a benchmark is a flood by design).
    - ``DJANGO_DEBUG=0``: with DEBUG on, Django keeps every query in memory, which
      costs time on each query; production runs with it off.
    - Tasks are *not* eager: ``CELERY_TASK_ALWAYS_EAGER=0`` with kombu's filesystem
      transport in the temporary dir, exactly what ``make run`` uses. A diary write
      publishes its evaluation message to a folder (no broker server is contacted,
      and no worker consumes it), so a request pays the real cost of queueing and
      nothing more. Eager mode would run the red-flag evaluation inside the request.
    """
    from reminders.vapid import new_private_key

    var_dir = Path(tempfile.mkdtemp(prefix=f"hipwell-bench-{name}-"))
    atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "HIPWELL_TESTING": "1",
            "HIPWELL_VAR_DIR": str(var_dir),
            "DATABASE_URL": f"sqlite:///{var_dir / 'bench.sqlite3'}",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            # Production settings refuse to start without a configured VAPID key.
            "HIPWELL_VAPID_PRIVATE_KEY": new_private_key(),
            "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            "CELERY_BROKER_URL": "filesystem://",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CACHE_URL": "locmemcache://hipwell-bench",
            "HIPWELL_LOG_LEVEL": "WARNING",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    # The filesystem transport has no host; kombu warns about it on every connection.
    logging.getLogger("kombu").setLevel(logging.ERROR)
    call_command("migrate", interactive=False, verbosity=0)
    return var_dir


# Transaction control is left out of query counts: SQLite's BEGIN goes through the
# cursor but its COMMIT does not, and PostgreSQL's appear in neither, so counting them
# would make the figures depend on the backend rather than on the code.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def is_query(sql: str) -> bool:
    """Return whether a statement is a query (SELECT, INSERT, ...), not transaction control."""
    return not sql.lstrip().upper().startswith(TRANSACTION_CONTROL)


def queries_in(captured: CaptureQueriesContext) -> int:
    """Return how many queries a CaptureQueriesContext saw, transaction control left out."""
    return sum(1 for query in captured.captured_queries if is_query(query["sql"]))


class QueryCounter:
    """Count the queries sent through Django's cursors, transaction control left out.

    Installed with ``connection.execute_wrapper``: cheap, and it needs no DEBUG.
    """

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self,
        execute: Callable[[str, Any, bool, dict[str, Any]], Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        if is_query(sql):
            self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def counting_queries() -> Iterator[QueryCounter]:
    """Count the default connection's queries inside the block."""
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def median_ms(samples: list[float]) -> float:
    """Return the median of samples given in seconds, in milliseconds."""
    return statistics.median(samples) * 1000


def machine() -> str:
    """Describe the machine the figures came from, on one line."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = "?"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import django

    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{cores} cores ({cpu}), {memory} RAM, Python {platform.python_version()}, "
        f"Django {django.get_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.release()}, {today}"
    )


@dataclass(frozen=True)
class Row:
    measure: str
    value: str
    note: str = ""


def table(title: str, rows: list[Row]) -> str:
    """Return rows as an aligned table that is also valid Markdown."""
    header = Row("measure", "value", "note")
    widths = [
        max(len(getattr(row, column)) for row in [header, *rows])
        for column in ("measure", "value", "note")
    ]

    def line(row: Row) -> str:
        cells = (
            row.measure.ljust(widths[0]),
            row.value.rjust(widths[1]),
            row.note.ljust(widths[2]),
        )
        return "| " + " | ".join(cells) + " |"

    rule = (
        "|"
        + "|".join(["-" * (widths[0] + 2), "-" * (widths[1] + 1) + ":", "-" * (widths[2] + 2)])
        + "|"
    )
    return "\n".join([title, "", line(header), rule, *(line(row) for row in rows)])


def print_report(name: str, began: float, rows: list[Row]) -> None:
    """Print a benchmark's table, how queries were counted, and the machine it ran on."""
    print(table(f"{name} ({time.perf_counter() - began:.0f} s)", rows))
    print("\nQueries are SELECT/INSERT/UPDATE/DELETE statements; BEGIN, COMMIT and savepoints")
    print("are not counted (they differ by backend, not by code).")
    print(f"machine: {machine()}")


@contextmanager
def redis_server() -> Iterator[str | None]:
    """Start a throwaway redis-server on a free port and yield its URL (None if not installed)."""
    executable = shutil.which("redis-server")
    if executable is None:
        yield None
        return
    directory = Path(tempfile.mkdtemp(prefix="hipwell-bench-redis-"))
    try:
        process, port = start_redis(executable, directory)
    except ServerError:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(directory, ignore_errors=True)
