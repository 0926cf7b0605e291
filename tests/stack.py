"""A whole Hipwell stack in subprocesses: web server, Celery worker, its own database.

End-to-end tests drive it over HTTP, as a client would, on the broker they choose.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tests.launch import free_port

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


@dataclass
class Stack:
    base_url: str
    env: dict[str, str]
    var_dir: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = None,
        timeout: float = 15,
    ) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)  # noqa: S310
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Token {token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            return exc.code, json.loads(raw) if raw else None

    def token(self, username: str, password: str) -> str:
        status, body = self.request(
            "POST", "/api/v1/auth/token/", {"username": username, "password": password}
        )
        assert status == 200, body
        return str(body["token"])

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start_worker(self) -> None:
        self.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "--loglevel=WARNING",
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=open(self.var_dir / "worker.log", "wb"),  # noqa: SIM115
            )
        )


def wait_for(probe: Callable[[], T | None], timeout: float = 30, every: float = 0.2) -> T:
    """Poll until the probe returns something truthy, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"gave up after {timeout} s waiting for {probe}")


@contextmanager
def running_stack(
    tmp_path: Path, broker_url: str, *, worker: bool = True, env: dict[str, str] | None = None
) -> Iterator[Stack]:
    """Migrate a fresh database, start the web server (and a worker), yield, stop them.

    ``env`` adds to (or overrides) the stack's environment, e.g. the push test origin.
    """
    extra_env = env or {}
    port = free_port()
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = {
        **os.environ,
        "HIPWELL_TESTING": "0",
        "DJANGO_DEBUG": "1",
        "HIPWELL_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_URL": f"filemail:///{var_dir / 'mail'}",
        "HIPWELL_OUTBOX_GRACE_SECONDS": "0",
        "HIPWELL_THROTTLE_ANON": "1000/minute",
        "HIPWELL_THROTTLE_LOGIN": "1000/minute",
        "PORT": str(port),
        **extra_env,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    stack = Stack(base_url=f"http://127.0.0.1:{port}", env=env, var_dir=var_dir)
    stack.manage("migrate", "--noinput", "-v", "0")
    # The embedded cache (throttles, sign-in caps) is a database table, as in make run.
    stack.manage("createcachetable")
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--threads", "4", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(var_dir / "web.log", "wb"),  # noqa: SIM115
    )  # fmt: skip
    stack.processes.append(web)
    try:
        wait_for(lambda: _answers(stack.base_url + "/healthz"), timeout=30)
        if worker:
            stack.start_worker()
        yield stack
    finally:
        for process in stack.processes:
            process.send_signal(signal.SIGTERM)
        for process in stack.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except OSError:
        return False
