"""Session fixtures for the site checks: one Chromium, one local HTTP server, the site's URLs.

Loaded by the test modules here through ``pytest_plugins`` rather than from a conftest.py:
without __init__.py files pytest imports every conftest.py under the one module name
"conftest", so a second one here would shadow tests/conftest.py for every test module
collected after this folder (``from conftest import ROOT`` would break).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from site_browser import CHROMIUM_ARGS, Watch, chromium_path, new_guarded_context, serve_folder
from site_checks import validator_available

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require(missing: str | None) -> None:
    """Skip with the reason on a developer's machine; under CI a missing tool is a failure."""
    if missing:
        if under_ci():
            pytest.fail(f"CI=true but {missing}", pytrace=False)
        pytest.skip(missing)


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 at a free port; yields its base URL."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(params=["file", "http"])
def site_url(built_site: Path, request: pytest.FixtureRequest) -> str:
    """Base URL of the built site, once opened from disk and once served over HTTP."""
    if request.param == "http":
        return request.getfixturevalue("site_server")
    return built_site.as_uri() + "/"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session; tests open their own contexts in it."""
    executable = chromium_path()
    require(None if executable else "Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
    finally:
        playwright.stop()


@pytest.fixture
def guarded_context(browser: Any) -> Iterator[Callable[..., tuple[Any, Watch]]]:
    """Makes browser contexts behind the offline guard (see site_browser.guard); closes them after."""
    contexts = []

    def make(**options: Any) -> tuple[Any, Watch]:
        context, watch = new_guarded_context(browser, **options)
        contexts.append(context)
        return context, watch

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def validator() -> None:
    """Java and the Nu validator are here, or the test is skipped (failed under CI)."""
    require(validator_available())


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """test-artifacts/screenshots/, emptied once per run so no stale picture survives."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS
