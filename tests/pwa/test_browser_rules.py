"""The browser tests' skip rule: skipped without Chromium, except in CI, where they fail."""

from __future__ import annotations

import pytest

from tests.browser import conftest as browser_conftest


def test_without_chromium_the_browser_tests_are_skipped_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium at /nowhere"):
        browser_conftest._unavailable("no Chromium at /nowhere")


def test_in_ci_a_missing_chromium_fails_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        browser_conftest._unavailable("no Chromium at /nowhere")
