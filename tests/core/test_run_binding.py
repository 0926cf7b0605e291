"""`make run` listens on the loopback unless HOST says otherwise: the demo passwords are public."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _web_command(**env: str) -> str:
    """Return the Procfile's web command as the shell expands it."""
    line = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    command = line.removeprefix("web:").strip()
    clean = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT")}
    result = subprocess.run(
        ["sh", "-c", f"printf '%s ' {command}"],
        env={**clean, **env}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def test_the_web_server_binds_the_loopback_by_default() -> None:
    assert "--bind 127.0.0.1:8000 " in _web_command()


def test_host_opens_it_to_the_network_on_request() -> None:
    assert "--bind 0.0.0.0:8123 " in _web_command(HOST="0.0.0.0", PORT="8123")  # noqa: S104


@pytest.mark.parametrize(
    ("host", "shown"),
    [("", "http://127.0.0.1:8000/"), ("0.0.0.0", "http://<this computer's address>:8000/")],  # noqa: S104
)
def test_make_run_prints_the_address_it_serves(host: str, shown: str) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT", "MAKEFLAGS")}
    args = ["make", "-n", "run"] + ([f"HOST={host}"] if host else [])
    result = subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, check=True)
    script = result.stdout[result.stdout.index("case ") : result.stdout.index("esac") + 4]
    printed = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True)
    assert shown in printed.stdout
    assert "0.0.0.0" not in printed.stdout  # noqa: S104
