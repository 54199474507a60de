"""Scale: paginated front and entity pages, few chips per card, incremental and parallel work.

A site of 45 hand-made articles (all naming Canada) built with 20 articles a
front page and 20 an entity page shows the pagination as a reader meets it;
the project's own seeds show that a rebuild rewrites only what changed, and
that annotating in several processes gives the same files as one.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_site, copy_project, copy_project_with_tasks, run_task
from news_digest import annotate_cache, parallel, pipeline
from news_digest import timeline as time_axis
from news_digest.events import MergedEvent
from news_digest.site import catalogue
from news_digest.site.catalogue import ArticleFacts
from news_digest.models import AnnotatedDocument, Document, Entity, TaggedEntity
from news_digest.settings import parse_settings

ARTICLES = 45
FIRST_DAY = dt.date(2010, 1, 1)
# Article 0 names Canada and seven organisations: its card shows five chips and "+3 more".
MANY = [f"Org {name}" for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf")]


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _article(number: int) -> str:
    day = FIRST_DAY + dt.timedelta(days=7 * number)
    organisations = MANY if number == 0 else []
    relevance = ["country/canada 0.45"] + [
        f"organisation/{_slug(name)} {0.9 - 0.1 * index:.2f}" for index, name in enumerate(organisations)
    ]
    lines = [
        f"Title: Story number {number:02d}",
        f"Date: {day.isoformat()}",
        f"Slug: story-{number:02d}",
        f"Seed: story_{number:02d}.txt",
        "Date_source: sources",
        "Countries: Canada",
        *([f"Organisations: {'; '.join(organisations)}"] if organisations else []),
        f"Relevance: {'; '.join(relevance)}",
        "",
        '<a class="mention" href="../entities/country/canada.html" data-kind="country" data-entity="canada" '
        f'data-desc="">Canada</a> is named in story {number}\\.',
        "",
    ]
    return "\n".join(lines)


def _set_limits(module: Path, **limits: int) -> None:
    text = module.read_text("utf-8")
    for name, value in limits.items():
        line = next(line for line in text.splitlines() if line.startswith(f"{name} = "))
        text = text.replace(line, f"{name} = {value}")
    module.write_text(text, "utf-8")


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("paged-site") / "project")
    # Limits a digest of thousands reaches, brought down to this one's size (in the copy only).
    _set_limits(project / "plugins" / "news_digest" / "tag_pages.py", OVERVIEW_LIMIT=3, PAGE_SIZE=2)
    _set_limits(project / "plugins" / "news_digest" / "timeline_pages.py", PAGE_ITEMS=3)
    articles = project / "content" / "articles"
    articles.mkdir(parents=True)
    for number in range(ARTICLES):
        (articles / f"story_{number:02d}.md").write_text(_article(number), "utf-8")
    result = build_site(
        project,
        "-e",
        'NEWS_DIGEST={"annotate_on_build": false, "entity_page_size": 20}',
        'PAGINATED_TEMPLATES={"index": null, "archives": 20}',
    )
    assert result.returncode == 0 and "ERROR" not in result.stdout + result.stderr, result.stdout + result.stderr
    return project / "output"


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text("utf-8"), "html.parser")


def resolve(site: Path, page: str, href: str) -> Path:
    return ((site / page).parent / href).resolve()


NEWEST_FIRST = [f"Story number {number:02d}" for number in reversed(range(ARTICLES))]


def test_front_page_is_split_into_pages_of_20_newest_first(paged_site: Path) -> None:
    pages = ["index.html", "index2.html", "index3.html"]
    assert not (paged_site / "index4.html").exists()
    titles = [[a.get_text(strip=True) for a in soup(paged_site, page).select(".card-title a")] for page in pages]
    assert [len(items) for items in titles] == [20, 20, 5]
    assert sum(titles, []) == NEWEST_FIRST


@pytest.mark.parametrize("page", ["index.html", "index2.html", "index3.html"])
def test_front_page_links_resolve_to_files_and_mark_the_current_page(paged_site: Path, page: str) -> None:
    document = soup(paged_site, page)
    navs = document.select("nav.pager")
    assert len(navs) == 2  # above and below the list
    for nav in navs:
        assert nav.get("aria-label")
        targets = {}
        for link in nav.select("a[href]"):
            target = resolve(paged_site, page, link["href"])
            assert target.is_file(), link["href"]
            targets[link.get_text(" ", strip=True)] = target.name
        assert [targets[f"Page {n}"] for n in (1, 2, 3)] == ["index.html", "index2.html", "index3.html"]
        (current,) = nav.select('[aria-current="page"]')
        assert resolve(paged_site, page, current["href"]) == (paged_site / page).resolve()
    number = int(page.removeprefix("index").removesuffix(".html") or 1)
    steps = {link["rel"][0]: resolve(paged_site, page, link["href"]).name for link in navs[0].select("a[rel]")}
    assert steps.get("prev") == (f"index{number - 1}.html".replace("index1.", "index.") if number > 1 else None)
    assert steps.get("next") == (f"index{number + 1}.html" if number < 3 else None)


def test_archives_are_split_too_with_year_headings_on_each_page(paged_site: Path) -> None:
    pages = ["archives.html", "archives2.html", "archives3.html"]
    assert not (paged_site / "archives4.html").exists()
    listed, years = [], []
    for page in pages:
        document = soup(paged_site, page)
        listed += [a.get_text(strip=True) for a in document.select(".line-list a")]
        years.append([h2.get_text(strip=True) for h2 in document.select(".archive-year h2")])
        for link in document.select("nav.pager a[href]"):
            assert resolve(paged_site, page, link["href"]).is_file(), link["href"]
    assert listed == NEWEST_FIRST
    # Every page opens with its year's heading (the stories are weekly, all in 2010).
    assert years == [["2010"], ["2010"], ["2010"]]


def test_card_shows_the_most_relevant_entities_and_how_many_more(paged_site: Path) -> None:
    card = next(
        card for card in soup(paged_site, "index3.html").select("article.card")
        if card.select_one(".card-title").get_text(strip=True) == "Story number 00"
    )
    chips = [chip.get_text(strip=True) for chip in card.select(".chip")]
    # The five most relevant of eight: Org Alpha .. Org Echo (0.9 .. 0.5; Canada has 0.45).
    assert sorted(chips) == ["Org Alpha", "Org Bravo", "Org Charlie", "Org Delta", "Org Echo"]
    more = card.select_one(".chip-more")
    assert more.get_text(" ", strip=True).startswith("+3 more")
    assert resolve(paged_site, "index3.html", more["href"].split("#")[0]) == (
        paged_site / "articles" / "story-00.html"
    ).resolve()
    other = soup(paged_site, "index.html").select_one("article.card")
    assert other.select_one(".chip-more") is None  # one entity: nothing more to show
    # The article's own page still lists every entity.
    panel = soup(paged_site, "articles/story-00.html").select_one(".panel")
    assert len(panel.select("a[href*='entities/']")) >= 8


def test_entity_page_past_the_threshold_is_split_newest_first(paged_site: Path) -> None:
    parts = ["entities/country/canada.html", "entities/country/canada.page-2.html", "entities/country/canada.page-3.html"]
    assert not (paged_site / "entities/country/canada.page-4.html").exists()
    listed = []
    for part in parts:
        document = soup(paged_site, part)
        listed.append([a.get_text(strip=True) for a in document.select(".mini-timeline a")])
        for nav in document.select("nav.pager"):
            assert "Canada" in nav["aria-label"]
            for link in nav.select("a[href]"):
                assert resolve(paged_site, part, link["href"]).is_file(), link["href"]
            (current,) = nav.select('[aria-current="page"]')
            assert resolve(paged_site, part, current["href"]) == (paged_site / part).resolve()
    assert [len(items) for items in listed] == [20, 20, 5]
    assert sum(listed, []) == NEWEST_FIRST
    # A short entity page has no page links at all.
    assert soup(paged_site, "entities/organisation/org-alpha.html").select("nav.pager") == []


ORGANISATIONS = sorted(MANY)


def _links_resolve(site: Path, page: str, selector: str) -> list[Path]:
    targets = []
    document = soup(site, page)
    for link in document.select(selector):
        if link["href"].startswith("#"):  # a section of this page (an empty month)
            assert document.find(id=link["href"][1:]), f"{page}: {link['href']}"
            continue
        target = resolve(site, page, link["href"].split("#")[0].split("?")[0])
        assert target.is_file(), f"{page}: {link['href']}"
        targets.append(target)
    return targets


def test_tags_overview_lists_the_first_of_a_crowded_kind_and_links_to_all_of_it(paged_site: Path) -> None:
    for overview, sort_name in (("tags.html", "count"), ("tags-by-name.html", "name")):
        document = soup(paged_site, overview)
        # Three shown (the limit here), in that page's order; every organisation names one article.
        assert [a.get_text() for a in document.select("#organisation .tag-list a")] == ORGANISATIONS[:3]
        assert [a.get_text() for a in document.select("#country .tag-list a")] == ["Canada"]
        assert document.select("#country .more-link") == []  # a short kind is listed in full
        more = document.select_one("#organisation .more-link a")
        assert "All 7 organisations" in more.get_text()
        (target,) = _links_resolve(paged_site, overview, "#organisation .more-link a")
        assert target.name == ("tags-organisation.html" if sort_name == "count" else "tags-organisation-by-name.html")
        assert "7" in document.select_one('.kind-index a[href="#organisation"]').get_text()


@pytest.mark.parametrize("first", ["tags-organisation.html", "tags-organisation-by-name.html"])
def test_a_kinds_tag_pages_list_each_entity_once_with_page_links_that_say_what_they_cover(
    paged_site: Path, first: str
) -> None:
    listed, page, visited = [], first, []
    while page:
        visited.append(page)
        document = soup(paged_site, page)
        listed += [a.get_text() for a in document.select(".tag-list a")]
        navs = document.select("nav.pager")
        assert len(navs) == 2 and all(nav.get("aria-label") for nav in navs)
        _links_resolve(paged_site, page, "nav.pager a[href], .sort-toggle a[href], .kicker a[href], .tag-list a[href]")
        (current,) = navs[0].select('[aria-current="page"]')
        assert resolve(paged_site, page, current["href"]) == (paged_site / page).resolve()
        step = navs[0].select_one('a[rel="next"]')
        page = resolve(paged_site, page, step["href"]).name if step else None
    assert listed == ORGANISATIONS  # every organisation once, in order, over four pages of two
    assert len(visited) == 4
    labels = [a.get_text(" ", strip=True) for a in soup(paged_site, first).select("nav.pager a:not([rel])")]
    if "by-name" in first:
        assert labels[0] == "Page 1 : Org Alpha – Org Bravo" and labels[-1] == "Page 4 : Org Golf"
    else:
        assert labels[0] == "Page 1 : 1 article each"


def test_a_busy_year_lists_its_months_and_each_month_has_pages_of_its_own(paged_site: Path) -> None:
    year = soup(paged_site, "timeline-2010.html")
    assert year.select(".tl-title") == []  # no article listed on the year page itself
    months = _links_resolve(paged_site, "timeline-2010.html", ".tl-open a")
    assert [target.name for target in months][:2] == ["timeline-2010-01.html", "timeline-2010-02.html"]
    # The chart's bars open the month pages too.
    assert {t.name for t in _links_resolve(paged_site, "timeline-2010.html", ".chart-figure a[href]")} == {
        t.name for t in months
    }
    # From the first month, "next" walks every page of the year: each month, part by part.
    titles, page = [], "timeline-2010-01.html"
    while page:
        document = soup(paged_site, page)
        titles += [a.get_text(strip=True) for a in document.select(".tl-title a")]
        assert len(document.select(".tl-title a")) <= 3
        _links_resolve(paged_site, page, "nav a[href], .kicker a[href], .tl-title a[href]")
        step = document.select_one('nav.prev-next a[rel="next"]')
        page = resolve(paged_site, page, step["href"]).name if step else None
    assert titles == list(reversed(NEWEST_FIRST))  # every article of the year once, oldest first
    january = soup(paged_site, "timeline-2010-01.html")
    assert january.select_one("h1").get_text(" ", strip=True) == "January 2010 part 1 of 2"
    (current,) = january.select_one("nav.pager").select('[aria-current="page"]')
    assert resolve(paged_site, "timeline-2010-01.html", current["href"]).name == "timeline-2010-01.html"


def _snapshot(output: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        path.relative_to(output).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns, path.read_bytes())
        for path in output.rglob("*")
        if path.is_file()
    }


@pytest.mark.slow
def test_rebuild_rewrites_only_the_files_whose_bytes_changed(tmp_path: Path) -> None:
    project = copy_project_with_tasks(tmp_path / "project")
    output = project / "output"
    assert run_task(project, "build").returncode == 0
    first = _snapshot(output)
    assert run_task(project, "build").returncode == 0
    assert _snapshot(output) == first  # nothing changed: not one file written again

    seed = sorted((project / "seeds").glob("*.txt"))[0]
    seed.write_text(seed.read_text("utf-8") + "\nThe operators said they would appeal in Norway.\n", "utf-8")
    result = run_task(project, "build")
    assert result.returncode == 0, result.stderr
    second = _snapshot(output)
    changed = {name for name in first.keys() & second.keys() if first[name][2] != second[name][2]}
    kept = {name for name in first.keys() & second.keys() if first[name][2] == second[name][2]}
    assert any(name.startswith("articles/") for name in changed)
    assert "theme/css/digest.css" in kept and "pages/about.html" in kept
    for name in kept:
        assert second[name][:2] == first[name][:2], f"{name} was written again with the same bytes"
    for name in changed:
        assert second[name][0] != first[name][0]


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.mark.slow
def test_annotating_in_several_processes_gives_the_same_files_as_one(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    # More seeds than workers, so that each worker converts several.
    for path in sorted(seeds.glob("*.txt")):
        for copy in range(2):
            shutil.copy(path, seeds / f"{path.stem}_copy{copy}.txt")
    settings = parse_settings({})
    tools = pipeline.default_toolkit(seeds, settings)
    pipeline.annotate_folder(seeds, tmp_path / "one", settings, tools=tools, workers=1)
    pipeline.annotate_folder(seeds, tmp_path / "two", settings, tools=tools, workers=2)
    one, two = _folder_bytes(tmp_path / "one"), _folder_bytes(tmp_path / "two")
    assert len(one) > 5 and one == two


def test_large_folders_use_every_core_and_small_ones_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parallel.annotate_workers(10) == 1
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    assert parallel.annotate_workers(10_000) == 4


@pytest.mark.slow
def test_unchanged_seeds_are_not_tagged_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    settings = parse_settings({})
    out, cache = tmp_path / "articles", tmp_path / "cache" / annotate_cache.CACHE_FILE
    pipeline.annotate_folder(seeds, out, settings, cache_file=cache, workers=1)
    before = _folder_bytes(out)

    real_tag, tagged = pipeline.tagger.tag, []

    def counting_tag(document, kb):
        tagged.append(document.seed)
        return real_tag(document, kb)

    monkeypatch.setattr(pipeline.tagger, "tag", counting_tag)
    pipeline.annotate_folder(seeds, out, settings, cache_file=cache, workers=1)
    assert tagged == [] and _folder_bytes(out) == before

    seed = sorted(seeds.glob("*.txt"))[0]
    seed.write_text(seed.read_text("utf-8") + "\nThe operators said they would appeal in Norway.\n", "utf-8")
    pipeline.annotate_folder(seeds, out, settings, cache_file=cache, workers=1)
    assert tagged == [seed.name]
    # The same files as a run without any cache.
    fresh = tmp_path / "fresh"
    pipeline.annotate_folder(seeds, fresh, settings, workers=1)
    assert _folder_bytes(out) == _folder_bytes(fresh)


# --- related articles in a large digest ---------------------------------------------------

COMMON = Entity(id="freedonia", kind="country", name="Freedonia")
LAW = Entity(id="copyright-act", kind="legal_instrument", name="Copyright Act")


def _fact(number: int, *entities: tuple[Entity, float]) -> ArticleFacts:
    document = Document(seed=f"s{number}.txt", seed_hash="", title=f"Story {number:04d}", blocks=(),
                        date=dt.date(2000, 1, 1) + dt.timedelta(days=number), date_source="sources")
    tagged = tuple(TaggedEntity(entity, (), relevance) for entity, relevance in entities)
    return ArticleFacts(slug=f"story-{number:04d}", url=f"articles/story-{number:04d}.html",
                        annotated=AnnotatedDocument(document, tagged))


def _country_digest() -> list[ArticleFacts]:
    """Three times more articles naming one country than related articles compare in full,
    and the two oldest also centred on the same law."""
    crowd = [_fact(number, (COMMON, 0.9)) for number in range(2, 3 * catalogue.RELATED_CANDIDATES)]
    pair = [_fact(number, (COMMON, 0.3), (LAW, 0.95)) for number in (0, 1)]
    return pair + crowd


def test_related_articles_prefer_the_shared_law_over_a_country_most_articles_name() -> None:
    related = catalogue.related_articles(_country_digest(), limit=5)
    first, *others = related["story-0000"]
    assert first[0].slug == "story-0001"
    # The rest of the list is filled with the country's articles, the most central and newest first.
    assert len(others) == 4 and all(COMMON.key in other.entity_keys for other, _ in others)
    assert first[1] > max(score for _, score in others)


def test_related_articles_of_a_country_story_are_found_and_the_same_every_time() -> None:
    digest = _country_digest()
    related = catalogue.related_articles(digest, limit=5)
    assert all(len(related[fact.slug]) == 5 for fact in digest)  # nobody is left without related stories
    assert all(fact.slug not in {other.slug for other, _ in related[fact.slug]} for fact in digest)
    again = catalogue.related_articles(list(reversed(digest)), limit=5)
    assert {slug: [o.slug for o, _ in items] for slug, items in again.items()} == {
        slug: [o.slug for o, _ in items] for slug, items in related.items()
    }


# --- timeline pages of a busy year, as values ----------------------------------------------


def _event(year: int, month: int | None, number: int) -> MergedEvent:
    law = Entity(id=f"act-{number}", kind="legal_instrument", name=f"Act {number}")
    return MergedEvent(year=year, entity=law, verb="enacted", date=dt.date(year, month, 1) if month else None,
                       sources=(), names=(law.key,))


def test_a_busy_years_pages_hold_each_article_and_event_once_in_order() -> None:
    dated = [_fact(number) for number in range(0, 40, 4)]  # ten articles of January and February 2000
    events = [_event(2000, None, 1), _event(2000, None, 2), _event(2000, 3, 3)]
    model = time_axis.build_timeline(dated, events, page_items=3)
    (year,) = model.pages
    assert year.split
    assert year.during_url == "timeline-2000-during.html"  # the year page links the year-only events
    assert [month.href for month in year.months][:3] == [
        "timeline-2000-01.html", "timeline-2000-02.html", "timeline-2000-03.html"
    ]
    assert [page.url for page in year.slot_pages][:3] == [
        "timeline-2000-during.html", "timeline-2000-01.html", "timeline-2000-01-2.html"
    ]
    assert [a.slug for page in year.slot_pages for a in page.articles] == [f.slug for f in dated]
    assert [e.entity.id for page in year.slot_pages for e in page.events] == ["act-1", "act-2", "act-3"]
    assert all(len(page.articles) + len(page.events) <= 3 for page in year.slot_pages)
    chain = [page.next for page in year.slot_pages][:-1]
    assert chain == [page.url for page in year.slot_pages][1:]  # "next" walks every page once
    # A quiet year keeps everything on its own page.
    assert not time_axis.build_timeline(dated, events, page_items=20).pages[0].split


def test_undated_articles_go_on_pages_of_a_bounded_size() -> None:
    undated = [replace(_fact(number), annotated=AnnotatedDocument(
        replace(_fact(number).annotated.document, date=None, date_source="none"), ())) for number in range(5)]
    model = time_axis.build_timeline(undated, (), page_items=2)
    assert model.undated_urls == ("timeline-undated.html", "timeline-undated-2.html", "timeline-undated-3.html")
    assert [a.slug for n in (1, 2, 3) for a in model.undated_part(n)] == [a.slug for a in model.undated]
