"""Production settings pass `check --deploy` and refuse to start without their keys."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from reminders.vapid import new_private_key

ROOT = Path(__file__).resolve().parent.parent.parent


def _production_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "HIPWELL_", "CELERY_", "CACHE_URL", "DATABASE_URL"))
    }
    env.update(
        {
            "HIPWELL_TESTING": "0",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "HIPWELL_VAPID_PRIVATE_KEY": new_private_key(),
            "DJANGO_ALLOWED_HOSTS": "hipwell.example.org",
            "HIPWELL_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **overrides,
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_check_deploy_has_nothing_to_say_about_production_settings(tmp_path: Path) -> None:
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["HIPWELL_VAPID_PRIVATE_KEY", "DJANGO_SECRET_KEY"])
def test_production_refuses_to_start_without_its_keys(tmp_path: Path, missing: str) -> None:
    result = _manage(_production_env(tmp_path, **{missing: ""}), "check")
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr
    # Nothing was generated in its place.
    assert not (tmp_path / "vapid_private.pem").exists()
    assert not (tmp_path / "secret_key").exists()


def test_production_sends_hsts_and_redirects_to_https(tmp_path: Path) -> None:
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='hipwell.example.org');"
        "r = c.get('/api/docs/'); print(r.status_code, r['Location']);"
        "r = c.get('/api/docs/', secure=True);"
        "print(r['Strict-Transport-Security']);"
        "r = c.get('/healthz'); print(r.status_code)"
    )
    env = _production_env(tmp_path, CACHE_URL="locmemcache://")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    redirect, hsts, health = result.stdout.splitlines()
    assert redirect == "301 https://hipwell.example.org/api/docs/"
    assert hsts == "max-age=31536000; includeSubDomains"
    assert health != "301"  # load balancers probe over plain HTTP
