"""The 404 page as a host serves it: at a missing address deep inside a site published under a path.

A local server plays GitHub Pages for a project site: the publish build lives under
/news-digest/ and every missing address answers with 404.html. The build is made for
that server's address (SITEURL), so the page's links and stylesheet must work from there.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import build_environment, build_site, copy_project
from site_browser import LOCAL_HOST, ContextMaker

pytest_plugins = ["site_fixtures"]
pytestmark = pytest.mark.browser

PREFIX = "news-digest"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Files under the served folder; a missing one gets the site's 404.html, as GitHub Pages does."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / PREFIX / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def _pages_server(folder: Path) -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(
        (LOCAL_HOST, 0), functools.partial(_PagesHandler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site's address: the publish build for it, served under /news-digest/."""
    folder = tmp_path_factory.mktemp("served-404")
    project = copy_project(folder / "project")
    www = folder / "www"
    with _pages_server(www) as port:
        siteurl = f"http://{LOCAL_HOST}:{port}/{PREFIX}"
        result = build_site(
            project, settings="publishconf.py", env=build_environment(SITEURL=siteurl), output=str(www / PREFIX)
        )
        assert result.returncode == 0, result.stdout + result.stderr
        yield siteurl


def test_the_404_page_is_styled_and_its_links_work_at_any_depth(
    served_site: str, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    missing = f"{served_site}/entities/country/no-such-country/deeper/page.html"
    response = page.goto(missing, wait_until="load")
    assert response is not None and response.status == 404
    assert " ".join(page.locator("h1").inner_text().split()) == "Page not found"
    styled = page.evaluate(
        "() => [...document.styleSheets].some(s => s.href && s.href.endsWith('/theme/css/digest.css')"
        " && s.cssRules.length > 0)"
    )
    assert styled, "the stylesheet did not load at a nested address"
    # Only the missing page itself answered 404: the stylesheet, favicon and scripts all loaded.
    watch.settle(page)
    assert [problem for problem in watch.problems() if missing not in problem] == []
    with page.expect_navigation():
        page.get_by_role("link", name="Every article on the timeline").click()
    assert page.url == f"{served_site}/timeline.html"
    assert page.locator("h1").count() == 1 and "Page not found" not in page.locator("h1").inner_text()
