"""The built site in a real Chromium, opened from disk and from a local server, as a reader uses it.

Every page loads with no console error, failed request or request leaving the machine;
front page -> article -> entity -> timeline -> tags works by clicking; the timeline's
entity filter shows exactly the tagged articles, and it and the search survive a malformed
query string; without JavaScript every page still
reads and navigates; every kind of page fits a 390 px phone screen, with screenshots
at 390 and 1280 px for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from site_browser import (
    ContextMaker,
    check_entity_filter,
    follow,
    nav_link,
    open_page,
    readable_without_js,
    sideways_overflow,
    walk_front_to_tags,
)
from site_checks import check_rendered_links, page_kinds, sample_pages

pytest_plugins = ["site_fixtures"]
pytestmark = pytest.mark.browser

PHONE, DESKTOP = 390, 1280


def _url(base: str, page: Path) -> str:
    return base + quote(page.as_posix())


def test_every_page_loads_without_errors_or_requests_leaving_the_machine(
    built_site: Path, site_url: str, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    problems = []
    for path in sample_pages(built_site):
        watch.clear()
        open_page(page, _url(site_url, path), watch)
        problems += [f"{path.as_posix()}: {problem}" for problem in watch.problems()]
        problems += [str(problem) for problem in check_rendered_links(built_site, path, page.content())]
    assert not problems, "\n".join(problems)


def test_front_page_to_article_to_entity_to_timeline_to_tags_by_clicking(
    site_url: str, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    visited = walk_front_to_tags(context.new_page(), site_url + "index.html", watch)
    assert len(visited) == 5
    assert not watch.problems(), "\n".join(watch.problems())


def _busiest_year_page(built_site: Path) -> str:
    """The timeline's year page with the most in it (the entity filter's test ground)."""
    pages = sorted(built_site.glob("timeline-[0-9]*.html"), key=lambda path: (-path.stat().st_size, path.name))
    assert pages, "the timeline has no year page (timeline-<year>.html)"
    return pages[0].name


def test_timeline_entity_filter_shows_exactly_the_articles_tagged_with_the_entity(
    built_site: Path, site_url: str, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    tried = check_entity_filter(context.new_page(), site_url + _busiest_year_page(built_site), watch)
    assert tried
    assert not watch.problems(), "\n".join(watch.problems())


def test_every_kind_of_page_reads_without_javascript(
    built_site: Path, site_url: str, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context(java_script_enabled=False)
    page = context.new_page()
    problems = []
    for kind, path in page_kinds(built_site).items():
        found = readable_without_js(page, _url(site_url, path), watch)
        problems += [f"{kind} ({path.as_posix()}): {problem}" for problem in found]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_nav_links_work_without_javascript(site_url: str, guarded_context: ContextMaker, width: int) -> None:
    context, watch = guarded_context(java_script_enabled=False, viewport={"width": width, "height": 800})
    page = context.new_page()
    open_page(page, site_url + "index.html", watch)
    assert follow(page, nav_link(page, "Timeline"), "Timeline link", watch).endswith("timeline.html")
    assert follow(page, nav_link(page, "Tags"), "Tags link", watch).endswith("tags.html")


def test_every_kind_of_page_fits_a_phone_and_is_photographed(
    built_site: Path, guarded_context: ContextMaker, screenshots_dir: Path
) -> None:
    too_wide = []
    written = []
    for scheme in ("light", "dark"):
        for width in (PHONE, DESKTOP):
            context, watch = guarded_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page = context.new_page()
            for kind, path in page_kinds(built_site).items():
                open_page(page, _url(built_site.as_uri() + "/", path), watch)
                if width == PHONE and (overflow := sideways_overflow(page)) > 0:
                    too_wide.append(
                        f"{kind} ({path.as_posix()}) is {overflow} px wider than a {width} px screen"
                    )
                shot = screenshots_dir / f"{kind}-{width}-{scheme}.png"
                page.screenshot(path=shot, full_page=True)
                written.append(shot)
    assert all(shot.stat().st_size > 0 for shot in written)
    assert not too_wide, "pages that scroll sideways on a phone:\n" + "\n".join(too_wide)


def test_the_search_form_finds_an_article_by_a_word_of_its_title(
    built_site: Path, site_url: str, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    open_page(page, site_url + "archives.html", watch)
    title = " ".join(page.locator('a[href*="articles/"]').first.inner_text().split())
    word = max(title.split(), key=len).strip(",.:;!?'\"")
    open_page(page, site_url + "index.html", watch)
    box = page.locator("form input[type=search]").first
    if not box.count() or not box.is_visible():
        pytest.skip("the front page shows no search form")
    box.fill(word)
    with page.expect_navigation():
        box.press("Enter")
    watch.settle(page)
    assert page.url.startswith(site_url), f"searching left the site for {page.url}"
    results = Path(unquote(page.url.removeprefix(site_url).split("?")[0].split("#")[0]))
    found = [" ".join(text.split()) for text in page.locator("main a").all_inner_texts()]
    assert title in found, f"searching {word!r} did not list {title!r} on {results}"
    rendered = check_rendered_links(built_site, results, page.content())
    problems = watch.problems() + [str(problem) for problem in rendered]
    assert not problems, "\n".join(problems)


# Queries a reader can type or paste that are not valid percent-encoding, and what the box then holds.
MALFORMED_QUERIES = [("%", "%"), ("%E0", "%E0"), ("caf%C3%A9%", "café%"), ("100%+sure", "100% sure")]


@pytest.mark.parametrize(("query", "shown"), MALFORMED_QUERIES)
def test_a_malformed_search_query_leaves_the_search_working(
    site_url: str, guarded_context: ContextMaker, query: str, shown: str
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    open_page(page, site_url + "archives.html", watch)
    title = " ".join(page.locator('a[href*="articles/"]').first.inner_text().split())
    word = max(title.split(), key=len).strip(",.:;!?'\"")
    open_page(page, site_url + "search.html?q=" + query, watch)
    box = page.locator("#search-q")
    assert box.input_value() == shown
    box.fill(word)
    listed = page.locator("#search-results a").filter(has_text=title)
    listed.first.wait_for()
    assert not watch.problems(), "\n".join(watch.problems())


@pytest.mark.parametrize("query", ["%", "%E0", "country%2F%"])
def test_a_malformed_timeline_query_leaves_the_entity_filter_working(
    built_site: Path, site_url: str, guarded_context: ContextMaker, query: str
) -> None:
    context, watch = guarded_context()
    tried = check_entity_filter(context.new_page(), site_url + _busiest_year_page(built_site) + "?entity=" + query, watch)
    assert tried
    assert not watch.problems(), "\n".join(watch.problems())


def test_a_well_formed_timeline_query_still_chooses_its_entity(
    site_url: str, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    open_page(page, site_url + "timeline.html", watch)
    offered = page.locator("#entity-filter option").evaluate_all("options => options.map(o => o.value)")
    key = [value for value in offered if value][-1]
    open_page(page, site_url + "timeline.html?entity=" + quote(key, safe=""), watch)
    assert page.locator("#entity-filter").input_value() == key
    assert not watch.problems(), "\n".join(watch.problems())
