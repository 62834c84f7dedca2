"""Real headless Chromium (the Debian package) driven by Playwright, or a skip saying why."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# scripts/screenshots points this at docs/screenshots; otherwise shots go to a temporary folder.
SCREENSHOT_DIR_ENV = "ZOOMBRIDGE_SCREENSHOT_DIR"
SCREENSHOT_DIR = os.environ.get(SCREENSHOT_DIR_ENV, "")


def chromium_path() -> str | None:
    """The system Chromium, if installed (apt: chromium)."""
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium for one test module; skips when it cannot run here."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: install the Debian packages chromium and chromium-driver")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Error as error:
            pytest.skip(f"Chromium at {path} does not start here: {error.message.splitlines()[0]}")
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: Page, name: str, fallback_dir: Path) -> Path:
    """Save a full-page PNG under the screenshot folder."""
    folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else fallback_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
