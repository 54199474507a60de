"""The search page in a real Chromium, from disk and from a local server, on the seeds plus the devset.

What a reader types - a word only in an article's text, another spelling of an
organisation, a word without its accents, a quoted phrase - lists the articles
that hold it first, with the words highlighted in a snippet; the address follows
the box, so Back from a result shows the same query and results; the keyboard
reaches the box and the results. Expected articles come from the built pages'
own text and the data export, not from the search index.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from bs4 import BeautifulSoup

from site_browser import ContextMaker, Watch, open_page, serve_folder

pytest_plugins = ["site_fixtures"]
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "devset"


@pytest.fixture(scope="session")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the seeds and the devset's articles (enough to rank)."""
    from conftest import build_site, copy_project

    project = copy_project(tmp_path_factory.mktemp("search-site") / "project")
    sources = yaml.safe_load((project / "seeds" / "sources.yml").read_text("utf-8")) or {}
    sources.update(yaml.safe_load((DEVSET / "sources.yml").read_text("utf-8")) or {})
    for seed in sorted(DEVSET.glob("*.txt")):
        shutil.copy2(seed, project / "seeds" / seed.name)
    (project / "seeds" / "sources.yml").write_text(yaml.safe_dump(sources, allow_unicode=True), "utf-8")
    result = build_site(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


@pytest.fixture(scope="session")
def search_server(search_site: Path) -> Iterator[str]:
    with serve_folder(search_site) as url:
        yield url


@pytest.fixture(params=["file", "http"])
def base(search_site: Path, request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("search_server") if request.param == "http" else search_site.as_uri() + "/"


def fold(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def pages(site: Path) -> dict[str, tuple[str, str]]:
    """Every article page: URL -> (title, text of the story)."""
    found = {}
    for path in sorted((site / "articles").glob("*.html")):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        body = soup.select_one(".story-body")
        assert body is not None, path
        found[path.relative_to(site).as_posix()] = (" ".join(soup.h1.get_text().split()), body.get_text(" "))
    return found


def naming(site: Path, kind: str, entity_id: str) -> set[str]:
    """Titles of the articles whose annotations name one entity (from the data export)."""
    records = json.loads((site / "data" / "annotations.json").read_text("utf-8"))["articles"]
    return {r["title"] for r in records if any(e["kind"] == kind and e["id"] == entity_id for e in r["entities"])}


def _entries(data: object) -> list[dict]:
    """The entity entries of a knowledge file, whatever list they sit in."""
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict) and "id" in item]
    if isinstance(data, dict):
        return [entry for value in data.values() for entry in _entries(value)]
    return []


def search(
    page, base: str, query: str, filters: str = "", watch: Watch | None = None
) -> list[tuple[str, list[str]]]:
    """Open search.html?q=..., wait for the results: (title, highlighted words of the snippet) each.
    Given the context's watch, also for every request the page made (so none is cut off by the next)."""
    open_page(page, base + "search.html?q=" + quote(query) + filters, watch)
    page.wait_for_function("document.getElementById('search-status').textContent.indexOf('match') >= 0")
    if watch is not None:
        watch.settle(page)
    return shown(page)


def shown(page) -> list[tuple[str, list[str]]]:
    hits = page.locator(".search-hit")
    return [(" ".join(hits.nth(i).locator("h3").inner_text().split()),
             hits.nth(i).locator(".search-snippet mark").all_inner_texts()) for i in range(hits.count())]


def test_a_word_only_in_an_articles_text_finds_it_with_the_word_highlighted(
    search_site: Path, base: str, guarded_context: ContextMaker
) -> None:
    expected = {title for title, text in pages(search_site).values()
                if "whac-a-mole" in fold(text) and "whac" not in fold(title)}
    assert expected, "the 2010 seed says Whac-a-Mole in its text"
    context, watch = guarded_context()
    results = search(context.new_page(), base, "whac-a-mole", watch=watch)
    assert {title for title, _ in results[: len(expected)]} == expected
    assert all(fold(" ".join(marks)) == "whac-a-mole" for _, marks in results[: len(expected)])
    assert not watch.problems(), watch.problems()


def test_another_spelling_of_an_organisation_finds_the_articles_naming_it(
    search_site: Path, base: str, guarded_context: ContextMaker
) -> None:
    owner = next(entry for path in sorted((ROOT / "plugins" / "news_digest" / "knowledge").rglob("*.yml"))
                 for entry in _entries(yaml.safe_load(path.read_text("utf-8")))
                 if "Rättighetsalliansen" in (entry.get("aliases") or []))
    expected = naming(search_site, "organisation", owner["id"])
    assert expected
    assert not any("rattighetsalliansen" in fold(text) for _, text in pages(search_site).values())
    context, watch = guarded_context()
    results = search(context.new_page(), base, "rattighetsalliansen", watch=watch)
    assert {title for title, _ in results} == expected
    # the snippet shows where the article names it, in the article's own spelling
    assert all(marks for _, marks in results)
    assert not watch.problems(), watch.problems()


def test_a_word_typed_without_its_accents_finds_the_accented_word(
    search_site: Path, base: str, guarded_context: ContextMaker
) -> None:
    expected = {title for title, text in pages(search_site).values() if "antipiratbyran" in fold(text + title)}
    assert expected
    context, watch = guarded_context()
    results = search(context.new_page(), base, "antipiratbyran", watch=watch)
    assert {title for title, _ in results[: len(expected)]} == expected
    assert all("Antipiratbyrån" in marks for _, marks in results[: len(expected)])
    assert not watch.problems(), watch.problems()


def entity_names(site: Path) -> dict[str, list[str]]:
    """Each article's title -> every spelling of the entities it names: the name, the knowledge
    base's aliases and demonyms, and each way any article writes it (what the search counts as
    the article's words too)."""
    known = {entry["id"]: entry for path in sorted((ROOT / "plugins" / "news_digest" / "knowledge").rglob("*.yml"))
             for entry in _entries(yaml.safe_load(path.read_text("utf-8")))}
    records = json.loads((site / "data" / "annotations.json").read_text("utf-8"))["articles"]
    seen: dict[str, set[str]] = {}
    for record in records:
        for entity in record["entities"]:
            key = f"{entity['kind']}/{entity['id']}"
            seen.setdefault(key, {entity["name"]}).update(m["text"] for m in entity["mentions"])
            entry = known.get(entity["id"], {})
            seen[key].update(entry.get("aliases") or [], entry.get("demonyms") or [])
    return {r["title"]: [name for e in r["entities"] for name in seen[f"{e['kind']}/{e['id']}"]] for r in records}


def test_a_quoted_phrase_finds_only_articles_with_the_words_side_by_side(
    search_site: Path, base: str, guarded_context: ContextMaker
) -> None:
    def holds(*texts: str) -> bool:
        return any(re.search(r"\bcopyright\W+law\b", fold(text)) for text in texts)

    names = entity_names(search_site)
    both = {title for title, text in pages(search_site).values()
            if re.search(r"\bcopyright\b", fold(text)) and re.search(r"\blaw\b", fold(text))}
    expected = {title for title, text in pages(search_site).values() if holds(title, text, *names[title])}
    assert expected and both - expected, "some articles hold both words apart"
    context, watch = guarded_context()
    results = search(context.new_page(), base, '"copyright law"', watch=watch)
    assert {title for title, _ in results} == expected
    assert not watch.problems(), watch.problems()
    in_text = [marks for title, marks in results if holds(title, dict(pages(search_site).values())[title])]
    assert in_text and all(any("copyright law" in fold(mark) for mark in marks) for marks in in_text)


def test_the_article_most_about_a_country_comes_before_passing_mentions(
    search_site: Path, base: str, guarded_context: ContextMaker
) -> None:
    records = json.loads((search_site / "data" / "annotations.json").read_text("utf-8"))["articles"]
    relevance = {r["title"]: next((e.get("relevance", 0) for e in r["entities"] if e["id"] == "canada"), 0)
                 for r in records}
    context, _watch = guarded_context()
    results = [title for title, _ in search(context.new_page(), base, "canada")]
    about = max(relevance, key=lambda title: relevance[title])
    assert results[0] == about
    passing = [title for title in results if 0 < relevance[title] < 0.3]
    assert all(results.index(title) > results.index(about) for title in passing)


def test_the_address_follows_the_box_and_back_returns_to_the_same_results(
    base: str, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    open_page(page, base + "search.html", watch)
    assert page.locator("input[type=search]").count() == 1  # one box on the search page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("pirate bay")
    page.wait_for_function("location.search === '?q=pirate%20bay'")
    page.wait_for_function("document.querySelectorAll('.search-hit').length > 0")
    before = shown(page)
    assert page.locator("#search-status").get_attribute("aria-live") == "polite"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.textContent")
    assert " ".join(second.split()) == before[1][0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/articles/" in page.url
    watch.settle(page)
    page.go_back()
    page.wait_for_function("document.querySelectorAll('.search-hit').length > 0")
    assert page.locator("#search-q").input_value() == "pirate bay"
    assert shown(page) == before
    assert not watch.problems(), watch.problems()


def test_filters_narrow_the_results_and_more_results_shows_the_rest(
    base: str, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    everything = search(page, base, "the", watch=watch)
    status = page.locator("#search-status").inner_text()
    total = int(status.split()[0])
    assert total > 10 and len(everything) == 10  # ten at a time
    page.locator(".search-more").click()
    page.wait_for_function(f"document.querySelectorAll('.search-hit').length === {min(total, 20)}")
    assert " ".join(page.evaluate("document.activeElement.textContent").split()) == shown(page)[10][0]
    years = page.locator("#search-year option").evaluate_all("options => options.map(o => o.value)")
    year = [value for value in years if value.isdigit()][0]
    page.locator("#search-year").select_option(year)
    page.wait_for_function(f"location.search.indexOf('year={year}') >= 0")
    page.wait_for_function("document.querySelectorAll('.search-hit').length > 0")
    dates = page.locator(".search-hit time").evaluate_all("times => times.map(t => t.getAttribute('datetime'))")
    assert dates and all(date.startswith(year) for date in dates)
    page.go_back()  # a filter is a step Back undoes
    page.wait_for_function("location.search.indexOf('year=') < 0")
    assert page.locator("#search-year").input_value() == ""
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_with_highlights_and_filters_have_no_wcag_violation(
    search_site: Path, guarded_context: ContextMaker, scheme: str
) -> None:
    from site_browser import axe_violations

    context, _watch = guarded_context(color_scheme=scheme)
    page = context.new_page()
    assert search(page, search_site.as_uri() + "/", "pira")  # entities, marks, filters, "More results"
    assert page.locator(".search-more").count() == 1 and page.locator(".search-hit mark").count() > 0
    assert axe_violations(page) == []


def test_show_names_of_one_kind_keeps_the_articles_where_the_query_names_such_an_entity(
    search_site: Path, base: str, guarded_context: ContextMaker
) -> None:
    names = entity_names(search_site)
    context, watch = guarded_context()
    page = context.new_page()
    every = {title for title, _ in search(page, base, "swedish", watch=watch)}
    organisations = {title for title, _ in search(page, base, "swedish", "&kind=organisation", watch)}
    assert page.locator("#search-kind").input_value() == "organisation"
    assert organisations and organisations < every
    # each one names an organisation spelt with the word (Antipiratbyrån's "Swedish Anti-Piracy Bureau")
    assert all(any("swedish" in fold(name).split() for name in names[title]) for title in organisations)
    assert not watch.problems(), watch.problems()
