"""Test-only configuration lives in tests/settings.py; production settings make no temp dirs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_session_has_its_own_var_dir_outside_the_checkout(settings: Any) -> None:
    var_dir = Path(settings.VAR_DIR)
    assert str(var_dir) == os.environ["HIPWELL_VAR_DIR"]
    assert not var_dir.is_relative_to(ROOT)
    assert Path(settings.EMAIL_FILE_PATH) == var_dir / "mail"


def test_production_settings_have_no_test_database_and_make_no_temp_dir(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"  # the subprocess's TMPDIR: any temp dir would land here
    scratch.mkdir()
    env = {
        **os.environ,
        "HIPWELL_TESTING": "1",
        "HIPWELL_VAR_DIR": str(tmp_path),
        "HIPWELL_TEST_POSTGRES_URL": "postgres://u:p@127.0.0.1:1/db",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TMPDIR": str(scratch),
    }
    script = "from django.conf import settings as s; print(sorted(s.DATABASES), s.VAR_DIR)"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert result.stdout.split() == ["['default']", str(tmp_path)]
    assert list(scratch.iterdir()) == []
