"""The patient app's pages as Django serves them: the shell, the worker, the manifest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from pwa import shell as shell_module
from pwa.shell import current_shell

ROUTES = [
    "/app/",
    "/app/diary/",
    "/app/diary/2026-12-01/",
    "/app/exercises/",
    "/app/progress/",
    "/app/inbox/",
    "/app/learn/",
    "/app/learn/red-flags/",
    "/app/settings/",
    "/app/signin/",
    "/app/activate/",
    "/app/reset/",
]


@pytest.fixture
def web() -> Client:
    return Client()


@pytest.mark.parametrize("path", ROUTES)
def test_every_client_route_gets_the_shell(web: Client, path: str) -> None:
    response = web.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert '<script type="module" src="/static/pwa/js/app.js"></script>' in page
    assert '<link rel="manifest" href="/app/manifest.webmanifest">' in page
    # The strict CSP holds: no inline script or style anywhere in the shell.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page
    assert " style=" not in page
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    # The shell sets the CSRF cookie the app echoes on writes.
    assert "csrftoken" in response.cookies


def _preloaded(web: Client, path: str) -> list[str]:
    return re.findall(r'<link rel="modulepreload" href="([^"]+)">', web.get(path).content.decode())


def test_the_start_url_also_preloads_todays_screen(web: Client) -> None:
    preloaded = _preloaded(web, "/app/")
    assert "/static/pwa/js/screens/today.js" in preloaded
    assert "/static/pwa/js/app.js" in preloaded
    assert len(preloaded) == len(set(preloaded))


def test_the_shell_preloads_every_module_app_js_imports_but_no_screen(web: Client) -> None:
    preloaded = _preloaded(web, "/app/diary/")
    assert {
        "/static/pwa/js/app.js",
        "/static/pwa/js/api.js",
        "/static/pwa/js/outbox.js",
        "/static/pwa/vendor/preact-htm.js",
        "/static/pwa/vendor/idb.js",
    } <= set(preloaded)
    assert not [url for url in preloaded if "/screens/" in url]
    assert len(preloaded) == len(set(preloaded))


def test_a_path_that_is_not_a_route_shape_is_a_404(web: Client) -> None:
    assert web.get("/app/nope.js").status_code == 404
    assert web.post("/app/").status_code == 405


def test_the_root_opens_the_app(web: Client) -> None:
    response = web.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/app/"


def test_the_service_worker_is_served_from_the_app_scope(web: Client) -> None:
    response = web.get("/app/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    shell = current_shell()
    assert f'const SHELL_DIGEST = "{shell.digest}";' in body
    assert f'const SHELL_VERSION = "{shell.version}";' in body
    found = re.search(r"const PRECACHE = (\[.*?\]);", body, re.S)
    assert found is not None
    precache = json.loads(found.group(1))
    assert precache[:2] == ["/app/", "/app/offline/"]
    assert "/static/pwa/js/app.js" in precache
    assert "/static/pwa/vendor/preact-htm.js" in precache
    assert not [url for url in precache if url.startswith("/api/")]
    # Every precached file exists (a 404 would make the whole install fail).
    for url in precache:
        assert web.get(url).status_code == 200, url


def test_the_digest_changes_when_any_shell_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    js = tmp_path / "pwa" / "js"
    js.mkdir(parents=True)
    (js / "app.js").write_text("one")
    monkeypatch.setattr(shell_module, "STATIC_DIR", tmp_path)
    before = current_shell()
    assert before.urls[-1] == "/static/pwa/js/app.js"
    (js / "app.js").write_text("two")
    assert current_shell().digest != before.digest
    (js / "screens.js").write_text("")
    assert "/static/pwa/js/screens.js" in current_shell().urls


def test_the_manifest_has_every_member_an_install_needs(web: Client) -> None:
    response = web.get("/app/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Hipwell"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == manifest["scope"] == "/app/"
    purposes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert purposes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        assert web.get(icon["src"]).status_code == 200


def test_the_offline_page_stands_alone(web: Client) -> None:
    response = web.get("/app/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are offline" in page
    assert "<script" not in page
