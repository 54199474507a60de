"""Browser-side checks as plain functions over Playwright objects: a network guard, page visits, axe.

The guard sees every request a browser context makes, lets through only file:// and
127.0.0.1, aborts the rest and records them; it also records console errors, uncaught
exceptions and failed requests. test_broken_pages.py shows each of these records fill up.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Request,
    Response,
    Route,
)

from tools.browser import CHROMIUM_ARGS, chromium_path  # noqa: F401 - re-exported to the site fixtures

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL_HOST = "127.0.0.1"
# Not network requests at all, so nothing to guard.
_INERT_SCHEMES = {"data", "blob", "about", "chrome-error"}


def stays_on_machine(url: str) -> bool:
    """A request the offline site may make: a local file, or the local test server."""
    parts = urlsplit(url)
    if parts.scheme in {"file", *_INERT_SCHEMES}:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname == LOCAL_HOST


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve folder over HTTP on 127.0.0.1 at a free port, in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Watch:
    """What went wrong in a browser context since the last clear()."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    pending: set[Request] = field(default_factory=set)

    def settle(self, page: Page, timeout_ms: int = 3000, quiet_ms: int = 100) -> None:
        """Wait until no request has been in flight for quiet_ms (Playwright's "networkidle"
        costs 500 ms a page). The quiet window matters: a script's fetch is only reported to
        us once Playwright's events are pumped, so an empty `pending` right after the load
        event does not yet mean nothing was requested."""
        waited = quiet = 0
        while waited < timeout_ms and (self.pending or quiet < quiet_ms):
            page.wait_for_timeout(20)
            waited += 20
            quiet = 0 if self.pending else quiet + 20

    def clear(self) -> None:
        for record in (self.blocked, self.console_errors, self.page_errors, self.failed_requests):
            record.clear()

    def problems(self) -> list[str]:
        return (
            [f"request leaving the machine (blocked): {url}" for url in self.blocked]
            + [f"console error: {text}" for text in self.console_errors]
            + [f"uncaught exception: {text}" for text in self.page_errors]
            + [f"failed request: {text}" for text in self.failed_requests]
        )


def guard(context: BrowserContext) -> Watch:
    """Route every request of the context through the offline rule and watch for errors."""
    watch = Watch()

    def route(route: Route) -> None:
        url = route.request.url
        if stays_on_machine(url):
            route.continue_()
        else:
            watch.blocked.append(url)
            route.abort("blockedbyclient")

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            watch.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def failed(request: Request) -> None:
        watch.pending.discard(request)
        if stays_on_machine(request.url):
            watch.failed_requests.append(f"{request.url} ({request.failure})")

    def response(response: Response) -> None:
        if response.status >= 400:
            watch.failed_requests.append(f"{response.url} (HTTP {response.status})")

    def finished(request: Request) -> None:
        watch.pending.discard(request)

    context.route("**/*", route)
    context.on("request", lambda request: watch.pending.add(request))
    context.on("requestfinished", finished)
    context.on("console", console)
    context.on("weberror", lambda error: watch.page_errors.append(str(error.error)))
    context.on("requestfailed", failed)
    context.on("response", response)
    # WebSockets do not go through route(); the site should never open one.
    context.on("page", lambda page: page.on("websocket", lambda socket: watch.blocked.append(socket.url)))
    return watch


# What the guarded_context fixture hands a test: (**new_context_options) -> (context, watch).
ContextMaker = Callable[..., tuple[BrowserContext, Watch]]


def new_guarded_context(browser: Browser, **options: Any) -> tuple[BrowserContext, Watch]:
    context = browser.new_context(reduced_motion="reduce", **options)
    # Playwright waits 30 s by default; on a local static site 5 s is already a failure.
    context.set_default_timeout(5000)
    return context, guard(context)


def open_page(page: Page, url: str, watch: Watch | None = None) -> None:
    """Go to url and wait for its load event and, given the context's watch, for every
    request it started (fetches made by scripts included)."""
    response = page.goto(url, wait_until="load")
    assert response is None or response.ok, f"{url} answered HTTP {response.status}"
    if watch is not None:
        watch.settle(page)


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the open page, one line per rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = ", ".join(str(part) for part in node["target"])
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"[{violation['id']}] {target}: {violation['help']}. {summary}")
    return lines


# --- user journeys ------------------------------------------------------------------
# Each raises AssertionError naming the step that failed, so the same function can prove
# the real site works and, on a hand-made broken site, that it notices a breakage.


def follow(page: Page, link: Locator, what: str, watch: Watch | None = None) -> str:
    """Click link as a reader would and wait for the page it names; returns the new URL."""
    assert link.count(), f"no {what} to click on {page.url}"
    target = link.evaluate("a => a.href").split("#")[0]
    link.click()
    page.wait_for_url(lambda url: url.split("#")[0] == target)
    page.wait_for_load_state("load")
    if watch is not None:
        watch.settle(page)
    assert page.locator("h1").first.is_visible(), f"{page.url} (reached by the {what}) shows no heading"
    return page.url


def nav_link(page: Page, name: str) -> Locator:
    """The link named exactly `name`, opening a <details> menu first if the link is folded in one."""
    link = page.get_by_role("link", name=name, exact=True).first
    assert link.count(), f"{page.url} has no link named {name!r}"
    if not link.is_visible():
        summary = link.locator("xpath=ancestor::details[1]/summary")
        if summary.count() and summary.is_visible():
            summary.click()
    assert link.is_visible(), f"the {name!r} link on {page.url} cannot be seen or opened"
    return link


def _first_article_link(page: Page) -> Locator | None:
    links = page.locator("a[href]")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for index, href in enumerate(hrefs):
        if re.search(r"(^|/)articles/[^/?#]+\.html([?#]|$)", href):
            return links.nth(index)
    return None


def walk_front_to_tags(page: Page, front_url: str, watch: Watch | None = None) -> list[str]:
    """Front page -> first article -> its first mention -> Timeline -> Tags, all by clicking."""
    open_page(page, front_url, watch)
    visited = [page.url]
    article = _first_article_link(page)
    assert article is not None, f"no first article link (to articles/<slug>.html) on {page.url}"
    visited.append(follow(page, article, "first article link", watch))
    mention = page.locator("a.mention").first
    assert mention.count(), f"the article {page.url} has no mention link (a.mention)"
    key = f"{mention.get_attribute('data-kind')}/{mention.get_attribute('data-entity')}"
    visited.append(follow(page, mention, "first mention link", watch))
    assert urlsplit(page.url).path.endswith(f"entities/{key}.html"), f"mention {key} led to {page.url}"
    visited.append(follow(page, nav_link(page, "Timeline"), "Timeline link", watch))
    assert urlsplit(page.url).path.endswith("/timeline.html"), f"Timeline led to {page.url}"
    visited.append(follow(page, nav_link(page, "Tags"), "Tags link", watch))
    assert urlsplit(page.url).path.endswith("/tags.html"), f"Tags led to {page.url}"
    return visited


_VISIBLE = """els => els.map(e => e.checkVisibility({
    visibilityProperty: true, checkVisibilityCSS: true, opacityProperty: true, checkOpacity: true}))"""


def _visible_items(page: Page) -> set[int]:
    flags = page.locator("[data-entities]").evaluate_all(_VISIBLE)
    return {index for index, shown in enumerate(flags) if shown}


def _settles_to(page: Page, expected: set[int], timeout_ms: int = 1500) -> set[int]:
    """The visible items once they equal expected, or whatever they are when time runs out."""
    waited = 0
    while (shown := _visible_items(page)) != expected and waited < timeout_ms:
        page.wait_for_timeout(50)
        waited += 50
    return shown


def check_entity_filter(
    page: Page, timeline_url: str, watch: Watch | None = None, most: int = 8
) -> list[str]:
    """Choose entities in #entity-filter; exactly the [data-entities] items tagged with each stay visible.

    Returns the entity keys tried. Keys that split the timeline are tried first, so that a
    filter which hides nothing, or everything, cannot pass.
    """
    open_page(page, timeline_url, watch)
    control = page.locator("#entity-filter")
    assert control.count() == 1, f"{timeline_url} has no single #entity-filter control"
    items = page.locator("[data-entities]")
    keys_per_item = [
        set(keys)
        for keys in items.evaluate_all(
            "els => els.map(e => e.getAttribute('data-entities').split(/\\s+/).filter(Boolean))"
        )
    ]
    assert keys_per_item, f"{timeline_url} lists no article with a data-entities attribute"
    everything = set(range(len(keys_per_item)))
    assert _settles_to(page, everything) == everything, "before filtering, some timeline articles are hidden"

    is_select = control.evaluate("e => e.tagName.toLowerCase()") == "select"
    if is_select:
        offered = control.locator("option").evaluate_all("options => options.map(o => o.value)")
    else:
        offered = control.evaluate("e => e.list ? [...e.list.options].map(o => o.value) : []")
    # A timeline page also offers the entities named by the events it shows ([data-names]).
    event_keys = page.locator("[data-names]").evaluate_all(
        "els => els.map(e => e.getAttribute('data-names').split(/\\s+/).filter(Boolean))"
    )
    all_keys = set().union(*keys_per_item, *map(set, event_keys))
    offered = [value for value in offered if value] or sorted(all_keys)
    strangers = [value for value in offered if value not in all_keys]
    assert not strangers, f"the filter offers {strangers}, which are not keys of any listed article"

    def choose(value: str) -> None:
        if is_select:
            control.select_option(value=value)
        else:
            control.fill(value)
            control.dispatch_event("change")

    splitting = [
        key for key in offered if 0 < sum(key in keys for keys in keys_per_item) < len(keys_per_item)
    ]
    tried = (splitting + [key for key in offered if key not in splitting])[:most]
    for key in tried:
        choose(key)
        expected = {index for index, keys in enumerate(keys_per_item) if key in keys}
        shown = _settles_to(page, expected)
        assert shown == expected, (
            f"filtering by {key}: visible items {sorted(shown)}, "
            f"but the items tagged with it are {sorted(expected)}"
        )
    if not is_select or "" in control.locator("option").evaluate_all("os => os.map(o => o.value)"):
        choose("")
        assert _settles_to(page, everything) == everything, (
            "clearing the filter does not show every article again"
        )
    return tried


def readable_without_js(page: Page, url: str, watch: Watch | None = None) -> list[str]:
    """What a reader without JavaScript cannot see on the page at url (empty when all is well)."""
    open_page(page, url, watch)
    problems = []
    heading = page.locator("h1").first
    if not heading.count() or not heading.is_visible():
        problems.append("no visible h1")
    main = page.locator("main").first
    if not main.count() or not main.is_visible() or not main.inner_text().strip():
        problems.append("no visible text in <main>")
    paragraph = page.locator("main p").filter(has_text=re.compile(r"\w")).first
    if paragraph.count() and not paragraph.is_visible():
        problems.append(f"first paragraph hidden: {paragraph.text_content()[:60]!r}")
    hidden = len(set(range(page.locator("[data-entities]").count())) - _visible_items(page))
    if hidden:
        problems.append(f"{hidden} listed articles hidden")
    return problems


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0 when it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
