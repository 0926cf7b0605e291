"""Start real PostgreSQL and Redis servers for the tests that need them.

The suite runs on SQLite. Tests marked ``postgres`` or ``redis`` run against real
servers that this plugin starts from the installed binaries (``.ci/run`` installs
them with apt) and stops at the end of the session. Where the binaries are missing,
or ``HIPWELL_TEST_NO_SERVERS=1`` hides them, those tests are skipped and
``pytest -rs`` shows why.

It also gives the session a var dir of its own: ``HIPWELL_VAR_DIR`` points at a
temporary directory made before settings load and removed when the session ends.

PostgreSQL is a second Django database alias, ``postgres``, added by
``tests/settings.py`` (production settings know nothing of it); ``default`` stays SQLite.
pytest-django creates its test database (with migrations) the first time a selected
test asks for the alias. Write a PostgreSQL test like this::

    @pytest.mark.postgres
    @pytest.mark.django_db(databases=["default", "postgres"], transaction=True)
    def test_something(pg_db: PostgresDatabase) -> None:
        User.objects.db_manager(pg_db.alias).create_user(username="x")
        with transaction.atomic(using=pg_db.alias):
            rows = Occurrence.objects.using(pg_db.alias).select_for_update(skip_locked=True)

``transaction=True`` commits for real, so other threads (each with its own
connection; close it with ``connections[pg_db.alias].close()`` before the thread
ends, or the test database cannot be dropped) and other processes (give them
``DATABASE_URL=pg_db.url``) see the rows. Code meant to run on PostgreSQL takes a
``using`` alias, as Django's own APIs do.

How it starts, and why this way: settings are imported by pytest-django before any
conftest loads, so the alias must be known earlier. This module is loaded with
``-p tests.servers`` (``addopts`` in pyproject.toml; ``pythonpath = ["."]`` makes it
importable that early). Before settings load it picks a free port and exports
``HIPWELL_TEST_POSTGRES_URL``, which ``tests/settings.py`` turns into the alias.
The server itself starts only after collection, and only if a selected test needs
it, so runs without PostgreSQL tests pay nothing. If ``HIPWELL_TEST_POSTGRES_URL``
is already set, that server is used as is and none is started.

PostgreSQL refuses to run as root, and CI runs as root: then ``initdb`` and
``pg_ctl`` run as the ``postgres`` user (``runuser``, else ``setpriv``) in a
temporary directory it owns. The server listens on 127.0.0.1 only, with fsync off,
on a port other than the packaged cluster's 5432.

Redis starts on first use of the session fixture ``redis_url``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.launch import START_TIMEOUT, ServerError, free_port, start_redis

__all__ = ["PostgresDatabase", "ServerError", "free_port"]

POSTGRES_ALIAS = "postgres"
POSTGRES_URL_ENV = "HIPWELL_TEST_POSTGRES_URL"
POSTGRES_OWNER_ENV = "HIPWELL_TEST_POSTGRES_STARTED_BY"
NO_SERVERS_ENV = "HIPWELL_TEST_NO_SERVERS"
PG_MISSING = "PostgreSQL binaries not installed (apt-get install postgresql)"
REDIS_MISSING = "redis-server not installed (apt-get install redis-server)"
# The role and database the tests use; the server is throwaway and loopback-only.
PG_ROLE = "hipwell"
PG_PASSWORD = "hipwell"
PG_DATABASE = "hipwell"
_START_TIMEOUT = START_TIMEOUT
# How long each server took to start, for the terminal summary.
_pg_seconds_key = pytest.StashKey[float]()
_redis_seconds_key = pytest.StashKey[float]()


@dataclass(frozen=True)
class PostgresDatabase:
    """The PostgreSQL test database, as a test marked ``postgres`` sees it."""

    alias: str
    url: str  # of the migrated test database, for DATABASE_URL in subprocesses


def _hidden() -> str | None:
    """Return why real servers are hidden by the environment, or None."""
    if os.environ.get(NO_SERVERS_ENV, "") not in ("", "0"):
        return f"real servers disabled by {NO_SERVERS_ENV}=1"
    return None


def _version_key(path: Path) -> tuple[int, ...]:
    """Sort /usr/lib/postgresql/<version> directories numerically."""
    return tuple(int(part) for part in path.name.split(".") if part.isdigit())


def find_postgres_bindir() -> Path | None:
    """Return the directory holding initdb and pg_ctl, newest version first."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version_key(p.parent)
    )
    candidates.reverse()
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


def _as_postgres_prefix() -> list[str]:
    """Return the command prefix that runs a program as the postgres user when root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise ServerError(
            "running as root and there is no 'postgres' user to run PostgreSQL as"
        ) from exc
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", "postgres", "--"]
    if setpriv := shutil.which("setpriv"):
        return [setpriv, "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]
    raise ServerError("running as root and neither runuser nor setpriv is installed")


def _run(command: list[str], cwd: Path) -> None:
    """Run a server command, raising ServerError with its output when it fails."""
    # cwd is the server's own directory: the postgres user may not be able to
    # enter the caller's working directory, and pg_ctl refuses to start then.
    result = subprocess.run(
        command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ServerError(
            f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}{result.stderr}"
        )


@dataclass
class PostgresServer:
    """A throwaway PostgreSQL cluster in a temporary directory."""

    bindir: Path
    port: int
    root: Path | None = None
    _prefix: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"postgres://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:{self.port}/{PG_DATABASE}"

    @property
    def data(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    def start(self) -> None:
        """Create the cluster, start it, and create the tests' role and database."""
        self._prefix = _as_postgres_prefix()
        # /tmp rather than $TMPDIR when root: the postgres user must be able to reach it.
        parent = "/tmp" if self._prefix and Path("/tmp").is_dir() else None  # noqa: S108
        self.root = Path(tempfile.mkdtemp(prefix="hipwell-pg-", dir=parent))
        if self._prefix:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        _run(
            [
                *self._prefix,
                str(self.bindir / "initdb"),
                f"--pgdata={self.data}",
                "--username=postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            ],
            cwd=self.root,
        )
        # -F turns fsync off; the socket lives in our directory so nothing clashes
        # with a packaged cluster's /var/run/postgresql.
        options = f"-p {self.port} -h 127.0.0.1 -k {self.root} -F -c synchronous_commit=off -c full_page_writes=off"
        _run(
            [
                *self._prefix,
                str(self.bindir / "pg_ctl"),
                "start",
                f"--pgdata={self.data}",
                f"--log={self.root / 'server.log'}",
                "--wait",
                f"--timeout={int(_START_TIMEOUT)}",
                f"--options={options}",
            ],
            cwd=self.root,
        )
        self._create_role_and_database()

    def _create_role_and_database(self) -> None:
        """Create the login role (allowed to create test databases) and its database."""
        import psycopg
        from psycopg import sql

        # Over the Unix socket, where initdb's "trust" applies to the superuser.
        with psycopg.connect(
            host=str(self.root), port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN CREATEDB PASSWORD {}").format(
                    sql.Identifier(PG_ROLE), sql.Literal(PG_PASSWORD)
                )
            )
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(PG_DATABASE), sql.Identifier(PG_ROLE)
                )
            )

    def log_tail(self) -> str:
        """Return the end of the server log, for error messages."""
        if self.root is None or not (self.root / "server.log").exists():
            return ""
        return (self.root / "server.log").read_text(errors="replace")[-2000:]

    def stop(self) -> None:
        """Stop the server at once (the data is throwaway) and remove its directory."""
        if self.root is None:
            return
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [
                    *self._prefix,
                    str(self.bindir / "pg_ctl"),
                    "stop",
                    f"--pgdata={self.data}",
                    "--mode=immediate",
                    "--wait",
                ],
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None


@dataclass
class _PostgresState:
    """What the plugin decided about PostgreSQL for this session."""

    skip_reason: str | None = None
    server: PostgresServer | None = None  # None with no skip_reason: an external server
    started: bool = False
    error: str | None = None


# Replaced before settings load; left as is only when the plugin came too late (from
# a conftest), which must fail loudly rather than quietly skip every PostgreSQL test.
_postgres = _PostgresState(
    error="tests.servers was loaded after the Django settings: load it with -p tests.servers"
)


def _prepare_postgres() -> None:
    """Decide whether PostgreSQL tests can run and export the URL before settings load."""
    global _postgres
    hidden = _hidden()
    if hidden:
        os.environ.pop(POSTGRES_URL_ENV, None)
        _postgres = _PostgresState(skip_reason=f"{PG_MISSING} [{hidden}]")
        return
    # A URL we exported ourselves reaches child processes too (pytest-xdist workers,
    # nested pytest runs); each of those starts its own server instead.
    if os.environ.get(POSTGRES_URL_ENV) and POSTGRES_OWNER_ENV not in os.environ:
        # Someone points us at their own server; use it untouched.
        _postgres = _PostgresState(started=True)
        return
    bindir = find_postgres_bindir()
    if bindir is None:
        os.environ.pop(POSTGRES_URL_ENV, None)
        _postgres = _PostgresState(skip_reason=PG_MISSING)
        return
    server = PostgresServer(bindir=bindir, port=free_port())
    _postgres = _PostgresState(server=server)
    os.environ[POSTGRES_URL_ENV] = server.url
    os.environ[POSTGRES_OWNER_ENV] = str(os.getpid())


def _ensure_postgres(config: pytest.Config) -> None:
    """Start the prepared server once; remember a failure so it is reported, not hidden."""
    if _postgres.started or _postgres.error or _postgres.server is None:
        return
    began = time.monotonic()
    try:
        _postgres.server.start()
    except (ServerError, OSError) as exc:
        _postgres.error = (
            f"PostgreSQL is installed but failed to start: {exc}\n{_postgres.server.log_tail()}"
        )
        _postgres.server.stop()
        return
    _postgres.started = True
    config.add_cleanup(_postgres.server.stop)
    config.stash[_pg_seconds_key] = time.monotonic() - began


def _asks_for_alias(item: pytest.Item, *, or_all: bool) -> bool:
    """Return whether a test's django_db marker names the postgres alias (or "__all__")."""
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    databases = marker.kwargs.get("databases", marker.args[2] if len(marker.args) > 2 else None)
    if databases == "__all__":
        return or_all
    return databases is not None and POSTGRES_ALIAS in databases


def _needs_postgres(item: pytest.Item) -> bool:
    """Return whether a test is marked postgres or asks pytest-django for the alias."""
    return bool(item.get_closest_marker("postgres")) or _asks_for_alias(item, or_all=True)


VAR_DIR_ENV = "HIPWELL_VAR_DIR"
VAR_DIR_OWNER_ENV = "HIPWELL_TEST_VAR_DIR_MADE_BY"


def _prepare_var_dir(early_config: pytest.Config) -> None:
    """Point HIPWELL_VAR_DIR at a temporary directory removed when the session ends.

    Tests never touch the developer's var/ (database, keys, queue, mail). A directory
    someone set on purpose is used as is; pytest-xdist workers inherit the one their
    controller made, and only the process that made it removes it.
    """
    if os.environ.get(VAR_DIR_ENV):
        return
    directory = tempfile.mkdtemp(prefix="hipwell-test-")
    os.environ[VAR_DIR_ENV] = directory
    os.environ[VAR_DIR_OWNER_ENV] = str(os.getpid())

    def remove() -> None:
        if os.environ.get(VAR_DIR_OWNER_ENV) == str(os.getpid()):
            shutil.rmtree(directory, ignore_errors=True)
            os.environ.pop(VAR_DIR_ENV, None)
            os.environ.pop(VAR_DIR_OWNER_ENV, None)

    early_config.add_cleanup(remove)


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> Generator[None, None, None]:
    """Make the session's var dir and export the PostgreSQL URL before settings load."""
    # A wrapper runs before every plain implementation, pytest-django's included.
    _prepare_var_dir(early_config)
    _prepare_postgres()
    return (yield)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip, with the reason, the selected tests whose server cannot be had."""
    redis_reason = _hidden() or (None if shutil.which("redis-server") else REDIS_MISSING)
    for item in items:
        # A test naming the alias is a PostgreSQL test even if it forgot the marker.
        if _postgres.skip_reason and (
            item.get_closest_marker("postgres") or _asks_for_alias(item, or_all=False)
        ):
            item.add_marker(pytest.mark.skip(reason=_postgres.skip_reason))
        if redis_reason and item.get_closest_marker("redis"):
            item.add_marker(pytest.mark.skip(reason=redis_reason))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start PostgreSQL when a selected test needs it, before any test database is made."""
    if session.config.option.collectonly or not any(_needs_postgres(i) for i in session.items):
        return
    _ensure_postgres(session.config)
    if _postgres.error:
        # Installed but broken is an environment failure: stop loudly rather than
        # let every database test fail on a refused connection.
        pytest.exit(_postgres.error, returncode=pytest.ExitCode.INTERNAL_ERROR)


def pytest_report_header(config: pytest.Config) -> str | None:
    """Say which PostgreSQL the postgres tests use."""
    if _postgres.skip_reason:
        return f"postgres tests: skipped ({_postgres.skip_reason})"
    if _postgres.server is None:
        return f"postgres tests: external server from {POSTGRES_URL_ENV}"
    return f"postgres tests: {_postgres.server.bindir.parent.name} on 127.0.0.1:{_postgres.server.port} (started on demand)"


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Report how long the real servers took to start."""
    for key, name in ((_pg_seconds_key, "PostgreSQL"), (_redis_seconds_key, "Redis")):
        seconds = config.stash.get(key, None)
        if seconds is not None:
            terminalreporter.write_line(f"{name} started in {seconds:.2f}s")


@pytest.fixture(scope="session")
def postgres_url(request: pytest.FixtureRequest) -> str:
    """Return the URL of the running PostgreSQL server's own (non-test) database."""
    if _postgres.skip_reason:
        pytest.skip(_postgres.skip_reason)
    _ensure_postgres(request.config)
    if _postgres.error:
        pytest.fail(_postgres.error, pytrace=False)
    return os.environ[POSTGRES_URL_ENV]


@pytest.fixture
def pg_db(postgres_url: str, request: pytest.FixtureRequest) -> PostgresDatabase:
    """Return the migrated PostgreSQL test database of a test marked postgres."""
    if not _asks_for_alias(request.node, or_all=True):
        pytest.fail(
            'pg_db needs @pytest.mark.django_db(databases=["default", "postgres"], transaction=True)',
            pytrace=False,
        )
    # Requested after the marker's own setup, so the test database exists and
    # settings_dict names it rather than the server's database.
    request.getfixturevalue("django_db_setup")
    from django.db import connections

    db = connections[POSTGRES_ALIAS].settings_dict
    credentials = f"{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}"
    url = f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{quote(db['NAME'], safe='')}"
    return PostgresDatabase(alias=POSTGRES_ALIAS, url=url)


@pytest.fixture(scope="session")
def redis_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Start a throwaway redis-server and return its URL, database 0."""
    executable = shutil.which("redis-server")
    reason = _hidden() or (None if executable else REDIS_MISSING)
    if reason or executable is None:
        pytest.skip(reason or REDIS_MISSING)
    directory = Path(tempfile.mkdtemp(prefix="hipwell-redis-"))
    began = time.monotonic()
    try:
        process, port = start_redis(executable, directory)
    except ServerError as exc:
        shutil.rmtree(directory, ignore_errors=True)
        pytest.fail(str(exc), pytrace=False)
    request.config.stash[_redis_seconds_key] = time.monotonic() - began
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(directory, ignore_errors=True)
