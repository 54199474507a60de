"""Session fixtures for the site checks: one Chromium, one local HTTP server, the site's URLs.

Loaded by the test modules here through ``pytest_plugins`` rather than from a conftest.py:
without __init__.py files pytest imports every conftest.py under the one module name
"conftest", so a second one here would shadow tests/conftest.py for every test module
collected after this folder (``from conftest import ROOT`` would break).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_browser import CHROMIUM_ARGS, ContextMaker, Watch, chromium_path, new_guarded_context, serve_folder
from site_checks import require, validator_available

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


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


class _Chromium:
    """One Playwright and one Chromium, started on first use, stopped by close()."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None

    def get(self, executable: str) -> Any:
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            try:
                self._browser = self._playwright.chromium.launch(
                    executable_path=executable, args=CHROMIUM_ARGS
                )
            except BaseException:
                self.close()
                raise
        return self._browser

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None


_CHROMIUM = pytest.StashKey[_Chromium]()
HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_CHROMIUM] = _Chromium()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    # Playwright's sync API allows one running instance per thread, and other test modules
    # (tests/test_theme.py) start their own: so the browser lives as long as the run stays
    # in this folder, normally once per session, rather than in a session fixture.
    if nextitem is None or HERE not in Path(nextitem.path).resolve().parents:
        item.config.stash[_CHROMIUM].close()


def pytest_unconfigure(config: pytest.Config) -> None:
    config.stash[_CHROMIUM].close()


@pytest.fixture
def browser(request: pytest.FixtureRequest) -> Any:
    """The one headless Chromium of the site checks; tests open their own contexts in it."""
    executable = chromium_path()
    require(None if executable else "Chromium is not installed (apt-get install chromium)")
    return request.config.stash[_CHROMIUM].get(executable)


@pytest.fixture
def guarded_context(browser: Any) -> Iterator[ContextMaker]:
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
