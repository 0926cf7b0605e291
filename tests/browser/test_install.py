"""Installable: the service worker takes control of /app/ and the manifest has every member."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import App, controlled, shot


def test_the_service_worker_registers_for_the_app_scope(page: Any, app: App) -> None:
    page.goto("/app/signin/")
    page.get_by_role("heading", name="Sign in to Hipwell").wait_for()
    registration = page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            return { scope: registration.scope, script: registration.active.scriptURL };
        }"""
    )
    assert registration == {"scope": app.at("/app/"), "script": app.at("/app/sw.js")}
    controlled(page)
    cached = page.evaluate(
        """async () => {
            const names = await caches.keys();
            const shell = names.find((name) => name.startsWith("hipwell-shell-"));
            const cache = await caches.open(shell);
            return (await cache.keys()).map((request) => new URL(request.url).pathname);
        }"""
    )
    for path in ("/app/", "/app/offline/", "/static/pwa/js/app.js", "/static/pwa/vendor/idb.js"):
        assert path in cached
    assert not [path for path in cached if path.startswith("/api/")]
    shot(page, "signin")


def test_the_manifest_parses_with_every_required_member(page: Any, app: App) -> None:
    page.goto("/app/")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["name"] == "Hipwell"
    assert manifest["short_name"]
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/app/"
    assert manifest["scope"] == "/app/"
    assert manifest["theme_color"].startswith("#")
    assert manifest["background_color"].startswith("#")
    icons = {(icon["sizes"], icon.get("purpose", "any")): icon["src"] for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(icons)
    for (sizes, _purpose), src in icons.items():
        icon = page.request.get(src)
        assert icon.ok
        assert icon.headers["content-type"] == "image/png"
        width = int.from_bytes(icon.body()[16:20], "big")
        assert f"{width}x{width}" == sizes
    # Chromium's own reading of the manifest: it parses and finds no errors.
    cdp = page.context.new_cdp_session(page)
    parsed = cdp.send("Page.getAppManifest")
    assert parsed["url"].endswith("/app/manifest.webmanifest")
    assert parsed["errors"] == []
    chromium = parsed["manifest"]
    assert chromium["name"] == "Hipwell"
    assert chromium["display"] == "kStandalone"
    assert chromium["startUrl"] == app.at("/app/")
    assert chromium["scope"] == app.at("/app/")
    assert chromium["themeColor"] == "rgba(31,95,91,1)"
    assert len(chromium["icons"]) == 3
