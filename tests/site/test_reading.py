"""Articles read cleanly in Chromium from file://: one link per entity per paragraph, tooltips on focus and tap."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_browser import ContextMaker, open_page

pytest_plugins = ["site_fixtures"]
pytestmark = pytest.mark.browser

PER_BLOCK = """body => [...body.querySelectorAll('p, h2, h3')].map(block => {
    const keys = [...block.querySelectorAll('a.mention')].map(a => a.dataset.kind + '/' + a.dataset.entity);
    return keys.filter((key, i) => keys.indexOf(key) !== i);
})"""
TOOLTIP = "e => getComputedStyle(e, '::after').content"


def _articles(site: Path) -> list[Path]:
    pages = sorted((site / "articles").glob("*.html"))
    assert pages, f"no article pages in {site}"
    return pages


def test_an_article_links_each_entity_at_most_once_per_paragraph(
    built_site: Path, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    repeats_seen = 0
    for path in _articles(built_site):
        open_page(page, path.as_uri(), watch)
        body = page.locator(".story-body")
        repeated = [keys for keys in body.evaluate(PER_BLOCK) if keys]
        assert not repeated, f"{path.name}: an entity linked twice in one paragraph: {repeated}"
        # A repeat is still there as plain text, marked so the site can count it.
        repeats_seen += body.locator("span.mention-again").count()
        assert body.locator("span.mention-again a, a.mention a").count() == 0
    assert repeats_seen, "the seeds name some entity twice in a paragraph: its repeat should be plain text"
    assert not watch.problems(), "\n".join(watch.problems())


def test_a_mention_tooltip_gives_name_kind_and_description_on_focus(
    built_site: Path, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    for path in _articles(built_site):
        open_page(page, path.as_uri(), watch)
        mention = page.locator('a.mention[data-kind="country"]').first
        if mention.count():
            break
    assert mention.count(), "no article mentions a country"
    assert page.evaluate(f"() => ({TOOLTIP})(document.querySelector('a.mention'))") == "none"
    mention.focus()
    tip = mention.evaluate(TOOLTIP)
    name, description = mention.get_attribute("data-name"), mention.get_attribute("data-desc")
    assert name and f"{name} · Country" in tip and description in tip
    assert "knowledge base" not in tip
    assert not watch.problems(), "\n".join(watch.problems())


def test_a_first_tap_shows_the_tooltip_and_a_second_opens_the_page(
    built_site: Path, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})
    page = context.new_page()
    article = _articles(built_site)[0]
    open_page(page, article.as_uri(), watch)
    mention = page.locator("a.mention").first
    href = mention.get_attribute("href")
    mention.tap()
    page.wait_for_timeout(100)
    assert page.url == article.as_uri(), "the first tap left the article"
    assert mention.evaluate(TOOLTIP) not in ("none", "normal")
    assert mention.get_attribute("data-name") in mention.evaluate(TOOLTIP)
    with page.expect_navigation():
        mention.tap()
    assert page.url.endswith(href.removeprefix("..")), page.url
    assert not watch.problems(), "\n".join(watch.problems())
