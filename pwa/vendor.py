"""Refresh the vendored JavaScript from npm and record it in pwa/vendor.lock.json.

Run by ``make vendor`` on a machine with Node and npm (nobody needs them to run the
app: the built files are committed). Each package is fetched with ``npm pack`` at
its pinned version into a temporary folder, the one built file we use is copied
into the project, and the lock file records its name, version, source path inside
the package and sha256. ``tests/pwa/test_vendor.py`` (no network) checks every
committed file against the lock.

To move to a new version: change the pin below, run ``make vendor``, read the
upstream changelog, run the browser tests, commit the files and the lock together.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "pwa" / "vendor.lock.json"


@dataclass(frozen=True)
class Vendored:
    name: str
    version: str
    source: str  # path inside the npm package
    target: str  # path inside this repository
    why: str


PACKAGES = (
    Vendored(
        "htm",
        "3.1.1",
        "preact/standalone.module.js",
        "pwa/static/pwa/vendor/preact-htm.js",
        "Preact (with hooks) and htm in one ES module: the patient app's views",
    ),
    Vendored(
        "idb",
        "8.0.4",
        "build/index.js",
        "pwa/static/pwa/vendor/idb.js",
        "IndexedDB with promises: the outbox and the last copy of each read",
    ),
    Vendored(
        "htmx.org",
        "2.0.11",
        "dist/htmx.min.js",
        "clinic/static/clinic/vendor/htmx.min.js",
        "partial page updates on the clinician pages",
    ),
    Vendored(
        "axe-core",
        "4.14.1",
        "axe.min.js",
        "tests/browser/vendor/axe.min.js",
        "accessibility checks in the browser tests (never served to users)",
    ),
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(package: Vendored, scratch: Path) -> Path:
    """Download one package tarball with npm and return the folder it unpacks to."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("make vendor needs Node and npm (the committed files need neither).")
    spec = f"{package.name}@{package.version}"
    out = subprocess.run(  # noqa: S603 (npm from PATH, pinned package names from this file)
        [npm, "pack", spec, "--silent", "--pack-destination", str(scratch)],
        check=True,
        capture_output=True,
        text=True,
        cwd=scratch,
    )
    tarball = scratch / out.stdout.strip().splitlines()[-1]
    unpacked = scratch / package.name
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="data")
    return unpacked / "package"


def main() -> None:
    entries = []
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for package in PACKAGES:
            source = fetch(package, scratch) / package.source
            target = ROOT / package.target
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            entries.append(
                {
                    "name": package.name,
                    "version": package.version,
                    "source": package.source,
                    "target": package.target,
                    "sha256": sha256(target),
                    "why": package.why,
                }
            )
            print(f"{package.name}@{package.version} -> {package.target}")
    LOCK.write_text(json.dumps({"packages": entries}, indent=2) + "\n")
    print(f"recorded in {LOCK.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
