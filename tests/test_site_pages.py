"""The site's Pelican side: articles read and enriched (hooks.py, site/readback.py), the pages and feeds written."""

from __future__ import annotations

import csv
import json
import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE_ARTICLES, build_site, copy_project
from news_digest import hooks
from news_digest.site import feeds, readback
from news_digest.site.generator import CONTEXT_KEY
from news_digest.settings import parse_settings
from news_digest.sync import stamp
from news_digest.models import Entity

ATOM = "{http://www.w3.org/2005/Atom}"
CANADA = Entity(id="canada", kind="country", name="Canada", description="Country in North America.", wikidata="Q16")
ACTA = Entity(id="anti-counterfeiting-trade-agreement", kind="legal_instrument",
              name="Anti-Counterfeiting Trade Agreement", aliases=("ACTA",), description="Treaty.")


class FakeKnowledge:
    """Knows Canada and ACTA, like a small knowledge base."""

    entities = (CANADA, ACTA)

    def find(self, kind: str, name: str) -> Entity | None:
        return next((e for e in self.entities if e.kind == kind and name in (e.name, *e.aliases)), None)

    def get(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)


def mention(kind: str, entity_id: str, text: str, desc: str = "") -> str:
    return (f'<a class="mention" href="../entities/{kind}/{entity_id}.html" data-kind="{kind}" '
            f'data-entity="{entity_id}" data-desc="{desc}">{text}</a>')


def pelican_article(slug: str, date: dt.date | None, content: str, **metadata: object) -> SimpleNamespace:
    """What Pelican hands a plugin: lower-case metadata, a datetime, the body HTML."""
    metadata = {"date_source": "sources" if date else "none", "seed": f"{slug}.txt", **metadata}
    if date is None:
        metadata["undated"] = True
    when = dt.datetime.combine(date or dt.date(1970, 1, 1), dt.time())
    return SimpleNamespace(slug=slug, url=f"articles/{slug}.html", title=metadata.pop("title", slug.title()),
                           date=when, content=content, metadata=metadata, source_path=f"content/articles/{slug}.md")


# No annotations.json there: every article is read from its page.
NO_CONTENT = Path(__file__).parent / "no-such-content"
SETTINGS = parse_settings({"annotate_on_build": False})


def test_article_facts_read_metadata_and_body() -> None:
    article = pelican_article(
        "raid", dt.date(2014, 5, 14),
        f"<p>{mention('country', 'canada', 'Canadian')} police and {mention('organisation', 'hostwell', 'Hostwell', 'A host.')}.</p>",
        title="Raid &amp; Seizure &lt;b&gt;", countries="Canada", organisations="Hostwell",
        relevance="country/canada 0.9; organisation/hostwell 0.4", related=["First <i>headline</i>", "Second"],
        source="https://www.example.com/a", updated="yes", summary="<p>Police <em>raided</em> a site.</p>",
    )
    facts = readback.article_facts(article, FakeKnowledge(), SETTINGS)
    assert facts.title == "Raid & Seizure <b>"
    assert facts.date == dt.date(2014, 5, 14) and facts.annotated.document.updated
    assert facts.summary == "Police raided a site."
    assert facts.source_site == "example.com"
    assert facts.annotated.document.related == ("First <i>headline</i>", "Second")
    assert [(t.entity.key, t.entity.known, t.relevance) for t in facts.entities] == [
        ("country/canada", True, 0.9), ("organisation/hostwell", False, 0.4),
    ]
    assert facts.entities[1].entity.description == "A host."
    text = facts.annotated.document.text
    assert [text[m.start : m.end] for m in facts.entities[0].mentions] == ["Canadian"]


def test_only_http_sources_become_links_and_undated_articles_have_no_date() -> None:
    article = pelican_article("x", None, "<p>Text.</p>", source="javascript:alert(1)")
    facts = readback.article_facts(article, FakeKnowledge(), SETTINGS)
    assert facts.annotated.document.source_url is None and facts.source_site is None
    assert facts.date is None and facts.date_label.text == "Undated"
    assert facts.summary == "Text."  # no Summary line: the lead stands in


def enriched(
    monkeypatch: pytest.MonkeyPatch, **settings: str
) -> tuple[SimpleNamespace, dict[str, SimpleNamespace]]:
    monkeypatch.setattr(hooks, "build_knowledge", lambda settings: FakeKnowledge())
    body = lambda *keys: "<p>" + " ".join(mention(*key) for key in keys) + "</p>"  # noqa: E731
    articles = {
        "old": pelican_article("old", dt.date(2010, 9, 8), body(("legal_instrument", "anti-counterfeiting-trade-agreement", "ACTA")),
                               legal_instruments="ACTA", relevance="legal_instrument/anti-counterfeiting-trade-agreement 0.9"),
        "new": pelican_article("new", dt.date(2014, 5, 14), body(("country", "canada", "Canada")),
                               countries="Canada", legal_instruments="Anti-Counterfeiting Trade Agreement",
                               relevance="country/canada 0.9; legal_instrument/anti-counterfeiting-trade-agreement 0.2"),
        "mid": pelican_article("mid", dt.date(2012, 1, 1), "<p>Nothing named.</p>"),
        "undated": pelican_article("undated", None, body(("country", "canada", "Canada")), countries="Canada"),
    }
    generator = SimpleNamespace(
        settings={"NEWS_DIGEST": {"annotate_on_build": False}, "PATH": str(NO_CONTENT), **settings},
        articles=[articles[name] for name in ("undated", "mid", "old", "new")],
        dates=[articles[name] for name in ("old", "undated", "new", "mid")],
        context={},
    )
    hooks.enrich_articles(generator)
    return generator, articles


def test_enrich_orders_articles_newest_first_with_undated_last(monkeypatch: pytest.MonkeyPatch) -> None:
    generator, _ = enriched(monkeypatch)
    assert [a.slug for a in generator.articles] == ["new", "mid", "old", "undated"]
    assert [a.slug for a in generator.dates] == ["new", "mid", "old", "undated"]
    assert generator.context[CONTEXT_KEY].articles == tuple(generator.articles)


def test_enrich_attaches_chips_dates_related_and_neighbours(monkeypatch: pytest.MonkeyPatch) -> None:
    _, articles = enriched(monkeypatch)
    new = articles["new"]
    assert [(g.label, [e.name for e in g.entities]) for g in new.digest.entity_groups] == [
        ("Countries", ["Canada"]), ("Legal instruments", ["Anti-Counterfeiting Trade Agreement"]),
    ]
    assert new.digest.entity_groups[0].entities[0].url == "entities/country/canada.html"
    assert new.digest.entity_keys == "country/canada legal_instrument/anti-counterfeiting-trade-agreement"
    assert str(new.digest.date_label) == "Published 14 May 2014"
    # Canada (0.9 x 0.5) outweighs ACTA (0.2 x 0.9): the undated note ranks first.
    assert [(other.slug, shared) for other, _score, shared in new.digest.related] == [
        ("undated", ("Canada",)), ("old", ("Anti-Counterfeiting Trade Agreement",)),
    ]
    # Reading order: undated first, then oldest to newest.
    assert (articles["undated"].digest.previous, articles["undated"].digest.next.slug) == (None, "old")
    assert (articles["mid"].digest.previous.slug, articles["mid"].digest.next.slug) == ("old", "new")
    assert articles["new"].digest.next is None
    assert articles["undated"].digest.is_undated and articles["undated"].digest.date_label.iso is None


def test_entity_feed_is_deterministic_newest_first_with_absolute_links(monkeypatch: pytest.MonkeyPatch) -> None:
    generator, _ = enriched(monkeypatch, SITEURL="https://example.org/digest")
    site = generator.context[CONTEXT_KEY]
    page = next(p for p in site.entity_pages if p.view.key == "legal_instrument/anti-counterfeiting-trade-agreement")
    assert page.feed_url == "entities/legal_instrument/anti-counterfeiting-trade-agreement.atom.xml"
    facts = {fact.url: fact for fact in site.facts}
    first = feeds.entity_feed(page, facts, "News Digest", "https://example.org/digest").writeString("utf-8")
    assert first == feeds.entity_feed(page, facts, "News Digest", "https://example.org/digest").writeString("utf-8")
    root = ET.fromstring(first)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["New", "Old"]
    assert entries[0].find(f"{ATOM}link").get("href") == "https://example.org/digest/articles/new.html"
    assert entries[0].find(f"{ATOM}id").text == "https://example.org/digest/articles/new.html"
    assert root.find(f"{ATOM}updated").text.startswith("2014-05-14")


def test_without_an_absolute_site_address_no_entity_has_a_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    for siteurl in ("", "../.."):
        generator, _ = enriched(monkeypatch, SITEURL=siteurl)
        assert {page.feed_url for page in generator.context[CONTEXT_KEY].entity_pages} == {""}


def test_records_are_read_and_exported_only_for_articles_whose_file_is_as_generated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(hooks, "build_knowledge", lambda settings: FakeKnowledge())
    folder = tmp_path / "articles"
    folder.mkdir()
    records = []
    articles = []
    for slug in ("kept", "edited"):
        text = stamp(f"Title: {slug.title()}\nSeed: {slug}.txt\n\nCanada.\n", "0" * 64, "test")
        (folder / f"{slug}.md").write_text(text.replace("Canada", "Canada!") if slug == "edited" else text, "utf-8")
        article = pelican_article(slug, dt.date(2014, 5, 14), f"<p>{mention('country', 'canada', 'Canada')}.</p>",
                                  countries="Canada", relevance="country/canada 0.5")
        article.source_path = str(folder / f"{slug}.md")
        articles.append(article)
        start = len(slug) + 2
        records.append({"seed": f"{slug}.txt", "slug": slug, "title": slug.title(), "date": "2014-05-14",
                        "date_source": "sources", "entities": [{"kind": "country", "id": "canada", "name": "Canada",
                        "mentions": [{"text": "Canada", "start": start, "end": start + 6}], "relevance": 0.9}]})
    (folder / "annotations.json").write_text(json.dumps({"articles": records}), "utf-8")
    generator = SimpleNamespace(settings={"NEWS_DIGEST": {"annotate_on_build": False}, "PATH": str(tmp_path)},
                                articles=list(articles), dates=list(articles), context={})
    hooks.enrich_articles(generator)
    site = generator.context[CONTEXT_KEY]
    # The intact article is read from its record (relevance 0.9); the edited one from its page (0.5).
    assert {fact.slug: fact.entities[0].relevance for fact in site.facts} == {"kept": 0.9, "edited": 0.5}
    assert set(site.records) == {"kept.txt"}


# --- the built fixture site -------------------------------------------------------------


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text("utf-8"), "html.parser")


def listed_articles(site: Path, page: str) -> list[str]:
    """The article pages an entity page lists, in order (resolved from the page's own links)."""
    base = (site / page).parent
    return [
        (base / a["href"]).resolve().relative_to(site.resolve()).as_posix()
        for a in soup(site, page).select(".entity-articles a[href]")
    ]


def test_every_entity_named_has_a_page_and_when_published_a_feed(
    fixture_site: Path, published_fixture_site: Path
) -> None:
    summaries = {(row["kind"], row["id"]) for row in _csv(fixture_site)}
    for kind, entity_id in summaries:
        assert (fixture_site / f"entities/{kind}/{entity_id}.html").is_file()
        assert (published_fixture_site / f"entities/{kind}/{entity_id}.atom.xml").is_file()
    assert ("organisation", "hostwell-hosting-services") in summaries  # unknown to the knowledge base


def test_an_offline_build_makes_no_feeds_and_links_none(fixture_site: Path) -> None:
    # Feed readers need absolute addresses; an offline build has none to give.
    assert not list(fixture_site.rglob("*.atom.xml")) and not list(fixture_site.rglob("*.rss.xml"))
    for page in ("index.html", "entities/country/canada.html"):
        assert not soup(fixture_site, page).select('link[rel="alternate"], a[type="application/atom+xml"]')


def _csv(site: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((site / "data" / "entities.csv").open(encoding="utf-8")))


def test_entity_page_lists_its_articles_newest_first_undated_last(fixture_site: Path) -> None:
    assert listed_articles(fixture_site, "entities/country/canada.html") == [
        "articles/police-seize-server-of-a-private-tracker-its-backups.html",
        "articles/a-note-without-a-date.html",
    ]
    assert listed_articles(fixture_site, "entities/legal_instrument/anti-counterfeiting-trade-agreement.html") == [
        "articles/acta-signed-in-tokyo-protests-follow.html",
        "articles/raids-across-europe-as-acta-talks-near-an-end.html",
    ]


def test_entity_page_shows_spellings_companions_and_its_feed(published_fixture_site: Path) -> None:
    fixture_site = published_fixture_site
    page = soup(fixture_site, "entities/country/canada.html")
    spellings = [li.select_one(".spelling").get_text() for li in page.select(".spelling-list li")]
    assert spellings == ["Canada", "Canadian"]  # most seen first
    counts = [li.select_one(".count").get_text() for li in page.select(".spelling-list li")]
    assert counts == ["2×", "1×"]
    companions = [a.get_text(" ", strip=True) for a in page.select(".companions a")]
    assert any(text.startswith("Sweden") for text in companions)
    (alternate,) = page.select('link[rel="alternate"][title*="Canada"]')
    assert alternate["type"] == "application/atom+xml"
    assert (fixture_site / "entities/country" / alternate["href"]).resolve() == (
        fixture_site / "entities/country/canada.atom.xml"
    ).resolve()
    feed = ET.parse(fixture_site / "entities/country/canada.atom.xml").getroot()
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == [
        "Police Seize Server of a Private Tracker & Its Backups", "A Note Without a Date",
    ]


def test_wikidata_link_only_when_known(fixture_site: Path) -> None:
    rows = {row["id"]: row for row in _csv(fixture_site)}
    for entity_id, kind in (("canada", "country"), ("hostwell-hosting-services", "organisation")):
        links = soup(fixture_site, f"entities/{kind}/{entity_id}.html").select('a[href^="https://www.wikidata.org/wiki/"]')
        expected = [f"https://www.wikidata.org/wiki/{rows[entity_id]['wikidata']}"] if rows[entity_id]["wikidata"] else []
        assert [a["href"] for a in links] == expected


def test_tags_pages_sort_by_count_and_by_name(fixture_site: Path) -> None:
    def names(page: str) -> list[str]:
        return [a.get_text() for a in soup(fixture_site, page).select("#country .tag-list a")]

    by_count = names("tags.html")
    assert by_count[:2] == ["Canada", "Sweden"]  # two articles each, then by name
    assert names("tags-by-name.html") == sorted(by_count, key=str.casefold)
    current = soup(fixture_site, "tags-by-name.html").select_one('.sort-toggle a[aria-current="page"]')
    assert current["href"].endswith("tags-by-name.html")


def test_build_is_deterministic(fixture_site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "again")
    shutil.copytree(FIXTURE_ARTICLES, project / "content" / "articles")
    result = build_site(project, "-e", 'NEWS_DIGEST={"annotate_on_build": false}')
    assert result.returncode == 0, result.stdout + result.stderr
    first = {p.relative_to(fixture_site): p.read_bytes() for p in fixture_site.rglob("*") if p.is_file()}
    again = {p.relative_to(project / "output"): p.read_bytes() for p in (project / "output").rglob("*") if p.is_file()}
    assert sorted(first) == sorted(again)
    assert [name for name in first if first[name] != again[name]] == []


def test_each_generated_article_page_lists_the_entities_of_its_record_by_key(built_site: Path) -> None:
    # The converter's annotations.json is the one source of an article's entities: its page's panel
    # lists exactly those keys, in the record's order (kind, then relevance).
    project = built_site.parent
    records = json.loads((project / "content" / "articles" / "annotations.json").read_text("utf-8"))["articles"]
    assert records
    for record in records:
        page = soup(built_site, f"articles/{record['slug']}.html")
        hrefs = [a["href"] for a in page.select("aside.panel a.chip")]
        assert [href.split("entities/", 1)[1].removesuffix(".html") for href in hrefs] == [
            f"{entity['kind']}/{entity['id']}" for entity in record["entities"]
        ]


def test_a_draft_article_builds_its_own_page_and_stays_off_the_site(project: Path) -> None:
    articles = project / "content" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    (articles / "published.md").write_text(
        "Title: Sweden Raids A Tracker\nDate: 2020-01-01\n\nPolice in Sweden raided a tracker.\n", "utf-8"
    )
    (articles / "unfinished.md").write_text(
        "Title: Notes On ACTA\nDate: 2020-02-01\nStatus: draft\n\nUnfinished notes on ACTA.\n", "utf-8"
    )
    result = build_site(project, "-e", 'NEWS_DIGEST={"annotate_on_build": false}')
    log = result.stdout + result.stderr
    assert result.returncode == 0 and "ERROR" not in log and "CRITICAL" not in log, log
    output = project / "output"
    draft = BeautifulSoup((output / "drafts" / "notes-on-acta.html").read_text("utf-8"), "html.parser")
    assert "Unfinished notes on ACTA." in draft.get_text()
    listed = " ".join(page.read_text("utf-8") for page in output.glob("*.html"))
    assert "Sweden Raids A Tracker" in listed and "Notes On ACTA" not in listed
