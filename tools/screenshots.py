"""Screenshots of the built site for the README: the front page, an article and the timeline.

Usage: python tools/screenshots.py [--site output] [--out docs/screenshots] [--all]

Opens the pages straight from disk (file://) in Debian's Chromium through
Playwright, as a reader would, and writes PNG files. The article shown is the
one with the most mention links, with one mention focused so that its
description is visible. --all also writes the entity, tags, search and 404
pages, at phone width and in the dark colour scheme, for reviewing the theme.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402 - needs the project root on sys.path
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def richest_article(site: Path) -> Path:
    """The article page with the most mention links (ties: first by name)."""
    pages = sorted((site / "articles").glob("*.html"))
    if not pages:
        raise SystemExit(f"screenshots: no articles in {site}/articles; build the site first (./dev build)")
    return max(pages, key=lambda page: (len(re.findall(r'class="mention"', page.read_text("utf-8"))), -pages.index(page)))


def first_entity(site: Path, kind: str) -> Path | None:
    pages = sorted((site / "entities" / kind).glob("*.html"))
    return pages[0] if pages else None


def shoot(browser, url: str, path: Path, viewport: dict, scheme: str = "light", focus_mention: bool = False,
          full_page: bool = False) -> None:
    context = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
    # Nothing may leave the machine: everything but file:// is refused.
    context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    if focus_mention:
        mentions = page.locator(".story-body a.mention[data-desc]:not([data-desc=''])")
        if mentions.count():
            target = mentions.nth(min(2, mentions.count() - 1))
            target.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -120)")
            target.focus()
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    context.close()
    print(f"wrote {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("output"), help="the built site (default: output)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="where the PNG files go")
    parser.add_argument("--all", action="store_true", help="also other page kinds, phone width and dark scheme")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"screenshots: {site}/index.html is missing; build the site first (./dev build)", file=sys.stderr)
        return 1
    chromium = chromium_path()
    if chromium is None:
        print("screenshots: Chromium is missing; install it with: apt-get install -y chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    article = richest_article(site)
    # (file, page, viewport, colour scheme, focus a mention, whole page rather than the window)
    shots = [
        ("front.png", site / "index.html", DESKTOP, "light", False, False),
        ("article.png", article, DESKTOP, "light", True, False),
        ("timeline.png", site / "timeline.html", DESKTOP, "light", False, True),  # down to the events
    ]
    if args.all:
        extra = [
            ("tags", site / "tags.html"),
            ("search", site / "search.html"),
            ("archives", site / "archives.html"),
            ("missing", site / "404.html"),
            ("entity-country", first_entity(site, "country")),
            ("entity-organisation", first_entity(site, "organisation")),
            ("entity-instrument", first_entity(site, "legal_instrument")),
        ]
        shots += [(f"{name}.png", page, DESKTOP, "light", False, True) for name, page in extra if page]
        for name, page, _viewport, _scheme, focus, _whole in list(shots[:3]):
            stem = name.removesuffix(".png")
            shots.append((f"{stem}-phone.png", page, PHONE, "light", focus, True))
            shots.append((f"{stem}-dark.png", page, DESKTOP, "dark", focus, True))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for name, page, viewport, scheme, focus, whole in shots:
                shoot(browser, page.as_uri(), args.out / name, viewport, scheme, focus, full_page=whole)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
