"""What the service worker precaches: the app shell's files and a version for them.

The list is made from the files under ``pwa/static/pwa/`` (the Learn pages too, when
present), so a new screen module is precached without anyone editing a list. The
service worker's cache name joins ``SHELL_VERSION`` (written in ``pwa/sw.js``) with a
digest of every precached file: change any of them and browsers install a new worker
and offer "A new version is ready".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
SW_SOURCE = Path(__file__).resolve().parent / "sw.js"
# Files a browser never needs offline: type declarations, maps, notes for developers.
_SKIPPED_SUFFIXES = {".map", ".md", ".ts", ".txt"}
# The pages of the shell itself, served by Django rather than from static files.
SHELL_PAGES = ("/app/", "/app/offline/", "/app/manifest.webmanifest")
_VERSION = re.compile(r'^const SHELL_VERSION = "([^"]+)";$', re.MULTILINE)


@dataclass(frozen=True)
class Shell:
    version: str  # SHELL_VERSION from sw.js
    digest: str  # of every precached static file's path and bytes
    urls: tuple[str, ...]


def static_files() -> list[Path]:
    """Every file of the app under pwa/static/pwa/, in a stable order."""
    root = STATIC_DIR / "pwa"
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.suffix not in _SKIPPED_SUFFIXES and not path.name.startswith(".")
    )


_STATIC_IMPORT = re.compile(r"""(?:\bfrom|^\s*import)\s*["'](\.{1,2}/[^"']+)["']""", re.MULTILINE)
_COMMENT = re.compile(r"/\*.*?\*/|(?:^|\s)//[^\n]*", re.DOTALL)
ENTRY_MODULE = "pwa/js/app.js"


# The start URL (/app/) opens Today: its modules are preloaded with the core's.
START_SCREEN = "pwa/js/screens/today.js"


def core_modules(*entries: str) -> list[str]:
    """Every module app.js (and any other entry given) imports, directly or not
    (static imports only: screens load on first use), as paths under static/, for
    ``<link rel="modulepreload">``: the browser fetches them at once instead of
    discovering them one import level at a time."""
    found: list[str] = []
    waiting = [ENTRY_MODULE, *entries]
    while waiting:
        module = waiting.pop(0)
        if module in found:
            continue
        found.append(module)
        path = STATIC_DIR / module
        code = _COMMENT.sub("", path.read_text())
        for target in _STATIC_IMPORT.findall(code):
            resolved = (path.parent / target).resolve().relative_to(STATIC_DIR).as_posix()
            waiting.append(resolved)
    return found


def shell_version() -> str:
    found = _VERSION.search(SW_SOURCE.read_text())
    if found is None:
        raise RuntimeError('pwa/sw.js must define const SHELL_VERSION = "...";')
    return found.group(1)


def current_shell() -> Shell:
    """Read the files now: cheap (a few hundred KB) and never stale after an edit."""
    digest = hashlib.sha256()
    urls = list(SHELL_PAGES)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    for path in static_files():
        relative = path.relative_to(STATIC_DIR).as_posix()
        digest.update(relative.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
        urls.append(prefix + relative)
    return Shell(version=shell_version(), digest=digest.hexdigest()[:12], urls=tuple(urls))
