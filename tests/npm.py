"""The npm packages the tests run, installed by the test run itself.

axe-core (injected into pages by the accessibility tests) and the YAML language server (run on
Node.js by the editor tests) are pinned in ``tests/package-lock.json`` and
``tests/editor/package-lock.json``. At the start of a run, a folder whose installed packages
differ from its lock file is installed again with ``npm ci``, so the README's one test command
runs every test on a fresh clone. Tests that need a package that could not be installed fail
with the reason; none is skipped.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
FOLDERS = (HERE, HERE / "editor")
"""Folders with a package-lock.json of packages the tests need."""

NODE_HINT = ("install Node.js 18 or newer with npm (Debian/Ubuntu: apt-get install nodejs npm; "
             "macOS: brew install node)")

_problems: dict[Path, str] = {}


def installed(folder: Path) -> bool:
    """Whether ``folder``'s node_modules holds what its lock file pins. npm writes the lock of
    what it installed to ``node_modules/.package-lock.json``; its packages must match."""
    try:
        wanted = json.loads((folder / "package-lock.json").read_text("utf-8"))["packages"]
        found = json.loads((folder / "node_modules/.package-lock.json").read_text("utf-8"))
    except (OSError, ValueError, KeyError):
        return False
    versions = {name: entry.get("version") for name, entry in found.get("packages", {}).items()}
    return all(versions.get(name) == entry.get("version")
               for name, entry in wanted.items() if name)


@contextlib.contextmanager
def _one_at_a_time() -> Iterator[None]:
    """Hold the lock that makes the test processes of one run (pytest-xdist's workers) install
    in turn: the first installs, the others then find the packages in place."""
    with open(HERE / ".npm-install.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def ensure_installed() -> None:
    """Install, with ``npm ci``, each folder of :data:`FOLDERS` whose packages are missing or
    out of date; remember why one could not be, for :func:`problem`."""
    with _one_at_a_time():
        for folder in FOLDERS:
            if not installed(folder):
                _install(folder)


def _install(folder: Path) -> None:
    """Run ``npm ci`` in ``folder``, or remember why it could not be done."""
    npm = shutil.which("npm")
    if npm is None:
        _problems[folder] = f"npm was not found: {NODE_HINT}"
        return
    try:
        result = subprocess.run(
            [npm, "ci", "--prefix", str(folder), "--no-audit", "--no-fund",
             "--loglevel=error"], capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        _problems[folder] = f"`npm ci --prefix {folder}` failed: {exc}"
        return
    if result.returncode != 0 or not installed(folder):
        output = (result.stderr or result.stdout).strip().splitlines()
        _problems[folder] = (f"`npm ci --prefix {folder}` failed: "
                             + (output[-1] if output else f"exit {result.returncode}"))


def problem(folder: Path) -> str | None:
    """Why the packages of ``folder`` are not installed, if they are not."""
    return _problems.get(folder)
