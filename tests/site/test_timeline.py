"""The timeline as a reader meets it from disk: a time axis, charts that link, merged events, a filter in the address.

Runs in Chromium from file:// on the hand-made fixture site (tests/fixtures/site): articles
of 2010, 2012, 2013 and 2014, one undated, and ACTA's signing in October 2011 told by two
articles.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from site_browser import ContextMaker, open_page

pytest_plugins = ["site_fixtures"]
pytestmark = pytest.mark.browser

ACTA = "legal_instrument/anti-counterfeiting-trade-agreement"


def _bars(page) -> list[dict]:
    """Every bar slot of the page's first chart: its spoken name and link, and its solid bar's height."""
    return page.locator("svg.chart").first.evaluate(
        """svg => [...svg.children].filter(e => e.matches('a, g[role=img]')).map(e => {
            const bar = e.querySelector('.chart-bar');
            return {name: e.getAttribute('aria-label'), href: e.getAttribute('href'),
                    height: bar ? Number(bar.getAttribute('height')) : 0};
        })"""
    )


def _count(name: str, what: str) -> int:
    match = re.search(rf"(\d+) {what}", name)
    assert match, f"no {what} count in {name!r}"
    return int(match.group(1))


def test_the_overview_chart_has_a_slot_for_every_year_scaled_to_its_articles(
    fixture_site: Path, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    open_page(page, (fixture_site / "timeline.html").as_uri(), watch)
    bars = _bars(page)
    years = [int(bar["name"][:4]) for bar in bars]
    assert years == list(range(years[0], years[-1] + 1)), "years missing from the axis: spacing would not follow time"
    assert {2006, 2010, 2011, 2012, 2013, 2014} <= set(years)  # 2006 and 2011: years only events name
    counts = [_count(bar["name"], "articles?") for bar in bars]
    tallest = max(counts)
    for bar, count in zip(bars, counts, strict=True):
        assert bar["height"] == pytest.approx(90 * count / tallest, abs=0.1), bar
        if count or _count(bar["name"], "events?"):
            assert bar["href"] == f"timeline-{bar['name'][:4]}.html" and (fixture_site / bar["href"]).is_file()
        else:
            assert bar["href"] is None  # an empty year is a gap, not a link to nowhere
    assert _count(next(b["name"] for b in bars if b["name"].startswith("2012")), "articles?") == 1
    # The gap rows of the overview's list are as long as the empty years they stand for.
    gaps = page.locator(".tl-gap").all_inner_texts()
    assert any(text.startswith("2007–2009") for text in gaps), gaps
    assert not watch.problems(), "\n".join(watch.problems())


def test_a_year_page_has_twelve_month_slots_and_its_chart_links_to_them(
    fixture_site: Path, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    open_page(page, (fixture_site / "timeline-2012.html").as_uri(), watch)
    bars = _bars(page)
    assert [bar["href"] for bar in bars] == [f"#y2012-{month:02d}" for month in range(1, 13)]
    assert [_count(bar["name"], "articles?") for bar in bars] == [0, 0, 1] + [0] * 9
    months = page.locator("section.tl-month[id^='y2012-']").evaluate_all("els => els.map(e => e.id)")
    assert months == [f"y2012-{month:02d}" for month in range(1, 13)]
    page.locator("svg.chart a").nth(2).click()
    assert page.url.endswith("#y2012-03")
    assert page.locator("#y2012-03 .tl-title a").inner_text() == "ACTA Signed in Tokyo, Protests Follow"
    # The year strip stays in view while the reader scrolls down the months.
    page.locator("#y2012-12").scroll_into_view_if_needed()
    assert page.locator(".year-nav").evaluate("e => e.getBoundingClientRect().top") == pytest.approx(0, abs=1)
    assert not watch.problems(), "\n".join(watch.problems())


def test_an_event_two_articles_mention_is_shown_once_listing_both(
    fixture_site: Path, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    open_page(page, (fixture_site / "timeline-2011.html").as_uri(), watch)
    labels = page.locator(".event-label").all_inner_texts()
    assert labels.count("Anti-Counterfeiting Trade Agreement signed") == 1, labels
    event = page.locator(".event", has_text="Anti-Counterfeiting Trade Agreement signed")
    assert "Mentioned in 2 articles" in event.locator(".event-source").inner_text()
    sources = event.locator(".event-source a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [posixpath.normpath(href) for href in sources] == [
        "articles/raids-across-europe-as-acta-talks-near-an-end.html",
        "articles/acta-signed-in-tokyo-protests-follow.html",
    ]
    for label in page.locator(".event-label").all_inner_texts():
        assert re.fullmatch(r"(\d+ \w+ \d{4}: )?.+ (signed|raided|enacted|[a-z ]+)", label)
    assert not watch.problems(), "\n".join(watch.problems())


def _status(page) -> str:
    page.wait_for_function("() => !/Counting/.test(document.getElementById('filter-status').textContent)")
    return page.locator("#filter-status").inner_text()


def test_the_filter_recounts_keeps_events_naming_the_entity_and_lives_in_the_address(
    fixture_site: Path, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    overview = (fixture_site / "timeline.html").as_uri()
    open_page(page, overview, watch)
    page.locator("#entity-filter").select_option("country/japan")
    assert page.url == overview + "?entity=country/japan"
    assert _status(page) == "1 article and 1 event name Japan, over 2 years."
    rows = page.locator(".tl-row:not([hidden])")
    assert rows.evaluate_all("els => els.map(e => e.dataset.year)") == ["2011", "2012"]
    assert page.locator('.tl-row[data-year="2012"] [data-year-count]').inner_text().startswith("1 of 1 article")
    assert page.locator('.tl-row[data-year="2011"] [data-year-count]').inner_text() == "1 of 1 event mentioned"
    # Japan names no article of 2011, but the sentence of the treaty it signed there names Japan.
    page.locator('.tl-row[data-year="2011"] a').click()
    page.wait_for_load_state("load")
    assert page.url.endswith("timeline-2011.html?entity=country/japan")
    visible = page.locator(".event:not([hidden]) .event-label").all_inner_texts()
    assert visible == ["Anti-Counterfeiting Trade Agreement signed"]
    page.go_back()
    page.wait_for_load_state("load")
    assert page.url == overview + "?entity=country/japan"
    assert page.locator("#entity-filter").input_value() == "country/japan"
    assert _status(page).startswith("1 article and 1 event name Japan")
    # Choosing again, then Back, returns to the state the address names.
    page.locator("#entity-filter").select_option(ACTA)
    assert _status(page).startswith("2 articles and 1 event name Anti-Counterfeiting Trade Agreement")
    page.go_back()
    assert page.url == overview + "?entity=country/japan"
    page.wait_for_function("() => document.getElementById('entity-filter').value === 'country/japan'")
    assert _status(page).startswith("1 article and 1 event name Japan")
    page.reload()
    assert page.locator("#entity-filter").input_value() == "country/japan"
    assert _status(page).startswith("1 article and 1 event name Japan")
    assert not watch.problems(), "\n".join(watch.problems())


def test_a_year_page_filter_recounts_its_months(fixture_site: Path, guarded_context: ContextMaker) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    year = (fixture_site / "timeline-2010.html").as_uri()
    open_page(page, year + "?entity=" + ACTA, watch)
    assert page.locator("#y2010-09 [data-count]").inner_text() == "1 of 1 article"
    page.locator("#entity-filter").select_option("organisation/prq")
    assert page.url == year + "?entity=organisation/prq"
    assert page.locator(".tl-item:not([hidden])").count() == 1
    page.locator("#entity-filter").select_option("")
    assert page.url == year
    page.go_back()
    assert page.url == year + "?entity=organisation/prq"
    page.wait_for_function("() => document.getElementById('entity-filter').value === 'organisation/prq'")
    assert not watch.problems(), "\n".join(watch.problems())


def test_the_world_map_links_each_covered_country_to_its_page(
    fixture_site: Path, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    open_page(page, (fixture_site / "map.html").as_uri(), watch)
    links = page.locator("svg.worldmap a").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.getAttribute('aria-label'), a.querySelector('title').textContent])"
    )
    hrefs = sorted(posixpath.normpath(href) for href, _, _ in links)
    assert hrefs == [f"entities/country/{name}.html" for name in ("belgium", "canada", "japan", "sweden")]
    assert all((fixture_site / href).is_file() for href in hrefs)
    assert all(label == title and re.fullmatch(r".+: \d+ articles?", label) for _, label, title in links)
    assert ["Canada: 2 articles"] == [label for _, label, _ in links if label.startswith("Canada")]
    # Canada has more articles than Belgium, so a darker step; the legend says what each step means.
    step = "e => Number([...e.classList].find(c => c.startsWith('map-step-')).slice(9))"
    canada = page.locator('svg.worldmap a[aria-label^="Canada"] path').evaluate(step)
    belgium = page.locator('svg.worldmap a[aria-label^="Belgium"] path').evaluate(step)
    assert canada > belgium
    # Keyboard: the country links are in the tab order and open with Enter.
    page.locator('svg.worldmap a[aria-label^="Canada"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/entities/country/canada.html")
    assert not watch.problems(), "\n".join(watch.problems())
