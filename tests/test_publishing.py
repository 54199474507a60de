"""Publishing metadata: sitemap.xml, robots.txt, feeds, canonical links, link previews, JSON-LD, 404.

One build of the seeds with publishconf.py and an absolute SITEURL (as `./dev publish`
makes), one with SITEURL empty, plus the pure functions of publishing.py on hostile and
large inputs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import build_environment, build_site, copy_project
from jinja2 import Environment
from news_digest import publishing
from news_digest.site.facts import ArticleFacts
from news_digest.models import AnnotatedDocument, Document, Entity, TaggedEntity

SITEURL = "https://example.github.io/news-digest"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _publish(project: Path, siteurl: str) -> subprocess.CompletedProcess[str]:
    return build_site(project, settings="publishconf.py", env=build_environment(SITEURL=siteurl))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/ of the seeds built with the publishing settings for SITEURL."""
    project = copy_project(tmp_path_factory.mktemp("published") / "project")
    result = _publish(project, SITEURL + "/")  # a trailing slash, as people type it
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _json_ld(path: Path) -> list[dict]:
    return [
        json.loads(script.string) for script in _soup(path).find_all("script", type="application/ld+json")
    ]


def _annotations(site: Path) -> dict[str, dict]:
    records = json.loads((site / "data" / "annotations.json").read_text("utf-8"))["articles"]
    return {record["slug"]: record for record in records}


def _absolute(url: str) -> bool:
    return url.startswith(SITEURL + "/")


# --- sitemap, robots, feeds ------------------------------------------------------------------


def test_the_sitemap_lists_every_page_but_the_404_with_absolute_addresses(published: Path) -> None:
    root = ET.parse(published / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]
    assert locs and all(_absolute(loc) for loc in locs), locs
    assert len(locs) == len(set(locs))
    pages = {p.relative_to(published).as_posix() for p in published.rglob("*.html")} - {
        "404.html",
        "index.html",
    }
    listed = {loc.removeprefix(SITEURL + "/") for loc in locs}
    assert listed == pages | {""}, sorted(listed ^ (pages | {""}))


def test_the_sitemap_dates_each_article(published: Path) -> None:
    root = ET.parse(published / "sitemap.xml").getroot()
    lastmod = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")
    }
    for slug, record in _annotations(published).items():
        assert lastmod[f"{SITEURL}/articles/{slug}.html"] == record["date"]


def test_robots_txt_points_at_the_sitemap(published: Path) -> None:
    lines = (published / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITEURL}/sitemap.xml" in lines


def test_every_feed_is_well_formed_atom_with_absolute_addresses(published: Path) -> None:
    feeds = sorted(published.rglob("*.atom.xml"))
    assert published / "feeds" / "all.atom.xml" in feeds
    assert any("entities" in feed.parts for feed in feeds), "no entity feed under publish settings"
    for feed in feeds:
        root = ET.parse(feed).getroot()
        assert root.tag == f"{ATOM}feed", feed
        links = [link.get("href") for link in root.iter(f"{ATOM}link")]
        ids = [element.text for element in root.iter(f"{ATOM}id")]
        assert links and all(_absolute(link) for link in links), (feed, links)
        assert all(_absolute(identifier) or identifier.startswith("tag:") for identifier in ids), (feed, ids)
        assert list(root.iter(f"{ATOM}entry")), f"{feed} lists no article"


def test_without_siteurl_the_publish_settings_build_quietly_without_feeds_or_sitemap(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = _publish(project, "")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    site = project / "output"
    assert (site / "index.html").is_file()
    assert not (site / "sitemap.xml").exists() and not (site / "robots.txt").exists()
    assert not list(site.rglob("*.atom.xml"))
    assert 'rel="canonical"' not in (site / "index.html").read_text("utf-8")


def test_a_siteurl_that_is_not_an_address_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = _publish(project, "example.github.io/news-digest")
    assert result.returncode != 0
    assert "SITEURL must be an http(s) address" in result.stdout + result.stderr


# --- article and entity pages ------------------------------------------------------------------


def test_each_article_has_a_canonical_link_and_link_preview_tags(published: Path) -> None:
    for slug, record in _annotations(published).items():
        soup = _soup(published / "articles" / f"{slug}.html")
        address = f"{SITEURL}/articles/{slug}.html"
        assert soup.find("link", rel="canonical")["href"] == address
        meta = {
            tag.get("property") or tag.get("name"): tag["content"]
            for tag in soup.find_all("meta")
            if tag.get("content")
        }
        assert meta["og:url"] == address
        assert meta["og:type"] == "article"
        assert meta["og:title"] == meta["twitter:title"] == record["title"]
        assert meta["og:description"] == meta["twitter:description"] == meta["description"]
        assert meta["twitter:card"] == "summary"
        assert meta["og:site_name"] == "News Digest"


def test_article_json_ld_is_a_news_article_naming_every_entity_of_the_article(published: Path) -> None:
    for slug, record in _annotations(published).items():
        [data] = _json_ld(published / "articles" / f"{slug}.html")
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] == record["title"]
        assert data["mainEntityOfPage"] == f"{SITEURL}/articles/{slug}.html"
        if record["date"]:
            assert data["datePublished"] == record["date"]
        named = data.get("about", []) + data.get("mentions", [])
        assert data["about"], "an article with entities is about at least one"
        assert sorted(node["name"] for node in named) == sorted(e["name"] for e in record["entities"])
        for node, entity in zip(
            sorted(named, key=lambda n: n["name"]), sorted(record["entities"], key=lambda e: e["name"])
        ):
            assert node["url"] == f"{SITEURL}/entities/{entity['kind']}/{entity['id']}.html"
            assert node["@type"] == publishing.SCHEMA_TYPES[entity["kind"]]


def test_entities_with_a_wikidata_id_carry_it_as_same_as(published: Path) -> None:
    rows = (published / "data" / "entities.csv").read_text("utf-8").splitlines()
    import csv

    wikidata = {f"{row['kind']}/{row['id']}": row["wikidata"] for row in csv.DictReader(rows)}
    seen = 0
    for slug in _annotations(published):
        [data] = _json_ld(published / "articles" / f"{slug}.html")
        for node in data.get("about", []) + data.get("mentions", []):
            key = node["url"].removeprefix(f"{SITEURL}/entities/").removesuffix(".html")
            if wikidata.get(key):
                assert node["sameAs"] == f"https://www.wikidata.org/wiki/{wikidata[key]}"
                seen += 1
            else:
                assert "sameAs" not in node
    assert seen, "no entity of the seeds has a Wikidata id"


def test_entity_pages_describe_the_same_entity_as_the_articles_do(published: Path) -> None:
    nodes = {}
    for slug in _annotations(published):
        [data] = _json_ld(published / "articles" / f"{slug}.html")
        for node in data.get("about", []) + data.get("mentions", []):
            nodes[node["@id"]] = node
    assert nodes
    for node in nodes.values():
        page = published / urlsplit(node["url"]).path.removeprefix(urlsplit(SITEURL).path + "/")
        [data] = _json_ld(page)
        assert data["@type"] == "CollectionPage"
        assert data["about"] == node
        assert _soup(page).find("link", rel="canonical")["href"] == node["url"]
        assert all(_absolute(part["url"]) for part in data["hasPart"])


def test_every_page_has_a_favicon_that_is_a_file_of_the_site(published: Path) -> None:
    for page in [published / "index.html", *sorted((published / "articles").glob("*.html"))]:
        icon = _soup(page).find("link", rel="icon")
        assert icon is not None, page
        target = (page.parent / icon["href"]).resolve()
        assert target.is_file(), (page, icon["href"])
        assert ET.parse(target).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_the_404_page_links_from_the_public_address_and_is_not_indexed(published: Path) -> None:
    soup = _soup(published / "404.html")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("link", rel="canonical") is None
    urls = [
        tag.get("href") or tag.get("src") or tag.get("action")
        for tag in soup.find_all(["a", "link", "script", "form"])
    ]
    urls = [
        url
        for url in urls
        if url and not url.startswith("#") and not url.startswith("https://www.wikidata.org")
    ]
    assert urls and all(_absolute(url) for url in urls), [url for url in urls if not _absolute(url)]


def test_the_offline_404_page_links_relative_to_itself_for_reading_from_disk(built_site: Path) -> None:
    soup = _soup(built_site / "404.html")
    hrefs = [a["href"] for a in soup.find_all("a") if not a["href"].startswith("#")]
    assert hrefs and all(not urlsplit(href).scheme and not href.startswith("/") for href in hrefs), hrefs
    assert all((built_site / href.split("?")[0]).is_file() for href in hrefs)


def test_offline_pages_have_json_ld_with_links_relative_to_the_page(built_site: Path) -> None:
    article = min((built_site / "articles").glob("*.html"))
    [data] = _json_ld(article)
    for node in data.get("about", []) + data.get("mentions", []):
        assert node["url"].startswith("../entities/")
        assert (article.parent / node["url"]).is_file()
    assert "mainEntityOfPage" not in data
    assert _soup(article).find("link", rel="canonical") is None


# --- the pure functions ----------------------------------------------------------------------------

HOSTILE = '</script><script>alert(1)</script><!-- "x" & \u2028 </SCRIPT >'


def _fact(title: str, entities: list[tuple[Entity, float]]) -> ArticleFacts:
    document = Document(
        seed="x.txt", seed_hash="", title=title, blocks=(), date=dt.date(2014, 5, 14), date_source="sources",
        source_url=None, updated=False, related=(),
    )  # fmt: skip
    tagged = tuple(TaggedEntity(entity, (), relevance) for entity, relevance in entities)
    return ArticleFacts(
        slug="x", url="articles/x.html", annotated=AnnotatedDocument(document, tagged), summary=title
    )


def test_seed_text_in_json_ld_cannot_end_the_script_element() -> None:
    entity = Entity("x", "organisation", HOSTILE, description=HOSTILE)
    fact = _fact(HOSTILE, [(entity, 1.0)])
    data = publishing.article_json_ld(fact, {entity.key: "entities/organisation/x.html"}, SITEURL, HOSTILE)
    text = publishing.script_json(data)
    assert "<" not in text and ">" not in text
    theme = Path(__file__).resolve().parents[1] / "theme" / "templates" / "partials" / "json-ld.html"
    partial = Environment(autoescape=True).from_string(theme.read_text("utf-8"))
    page = f"<html><head>{partial.render(json_ld=text)}</head><body><p>after</p></body></html>"
    soup = BeautifulSoup(page, "html.parser")
    [script] = soup.find_all("script")
    assert json.loads(script.string) == data
    assert json.loads(script.string)["headline"] == HOSTILE
    assert soup.find("p").get_text() == "after"


def test_about_holds_the_central_entities_and_mentions_the_rest() -> None:
    central, minor, least = (Entity(name, "country", name.title()) for name in ("a", "b", "c"))
    about, mentions = publishing.split_about(
        _fact("t", [(central, 0.9), (minor, 0.2), (least, 0.1)]).entities
    )
    assert [t.entity for t in about] == [central] and [t.entity for t in mentions] == [minor, least]
    # No entity is central: the most relevant still says what the article is about.
    about, mentions = publishing.split_about(_fact("t", [(minor, 0.2), (least, 0.1)]).entities)
    assert [t.entity for t in about] == [minor] and [t.entity for t in mentions] == [least]


def test_an_invalid_wikidata_id_is_never_published_as_same_as() -> None:
    node = publishing.entity_node(
        Entity("x", "country", "X", wikidata="javascript:alert(1)"), "e/x.html", SITEURL, "a.html"
    )
    assert "sameAs" not in node
    node = publishing.entity_node(Entity("x", "country", "X", wikidata="Q16"), "e/x.html", SITEURL, "a.html")
    assert node["sameAs"] == "https://www.wikidata.org/wiki/Q16"


def test_a_large_site_gets_numbered_sitemaps_and_an_index() -> None:
    entries = [publishing.SitemapEntry(f"articles/a{n}.html", dt.date(2014, 1, 1)) for n in range(25)]
    files = dict(publishing.sitemap_files(entries, SITEURL, limit=10))
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [
        f"{SITEURL}/sitemap-{n}.xml" for n in (1, 2, 3)
    ]
    listed = [loc.text for name in ("sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml")
              for loc in ET.fromstring(files[name]).iter(f"{SITEMAP}loc")]  # fmt: skip
    assert listed == [f"{SITEURL}/articles/a{n}.html" for n in range(25)]


def test_addresses_in_the_sitemap_are_escaped() -> None:
    [(_, text)] = publishing.sitemap_files(
        [publishing.SitemapEntry("entities/organisation/a&b é.html")], SITEURL
    )
    [loc] = [loc.text for loc in ET.fromstring(text).iter(f"{SITEMAP}loc")]
    assert loc == f"{SITEURL}/entities/organisation/a%26b%20%C3%A9.html"


def test_publish_build_pages_are_valid_html(published: Path, tmp_path: Path) -> None:
    """The Nu validator over one page of each kind as published (canonical links, absolute 404 links)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
    from site_checks import report, require, validate_html, validator_available

    require(validator_available())
    pages = ["index.html", "404.html", min((published / "articles").glob("*.html"))]
    pages.append(min((published / "entities").rglob("*.html")))
    for page in pages:
        source = published / page
        (tmp_path / source.name).write_bytes(source.read_bytes())
    problems = validate_html(tmp_path)
    assert not problems, report(problems)


def test_an_entity_page_names_only_its_newest_articles_in_json_ld() -> None:
    entity = Entity("x", "country", "X")
    facts = [
        dataclasses.replace(_fact(f"t{n}", [(entity, 1.0)]), slug=f"a{n}", url=f"articles/a{n}.html")
        for n in range(publishing.ENTITY_PARTS_LIMIT + 5)
    ]
    facts = [
        dataclasses.replace(
            fact,
            annotated=dataclasses.replace(
                fact.annotated,
                document=dataclasses.replace(
                    fact.annotated.document, date=dt.date(2000, 1, 1) + dt.timedelta(days=n)
                ),
            ),
        )
        for n, fact in enumerate(facts)
    ]
    data = publishing.entity_json_ld(entity, "entities/country/x.html", facts, SITEURL)
    assert len(data["hasPart"]) == publishing.ENTITY_PARTS_LIMIT
    assert data["hasPart"][0]["url"] == f"{SITEURL}/articles/a{len(facts) - 1}.html"
    assert data["hasPart"][-1]["datePublished"] == (dt.date(2000, 1, 1) + dt.timedelta(days=5)).isoformat()


def test_the_sitemap_names_every_page_of_a_paginated_front_page() -> None:
    from pelican.settings import read_settings

    from news_digest.publishing import _page_names

    settings = read_settings(str(Path(__file__).resolve().parent.parent / "pelicanconf.py"))
    per_page = settings["DEFAULT_PAGINATION"]
    names = _page_names(settings, 2 * per_page + 1)
    assert [name for name in names if name.startswith("index")] == ["index.html", "index2.html", "index3.html"]
    assert "archives.html" in names and "archives2.html" not in names
    assert [name for name in _page_names(settings, per_page) if name.startswith("index")] == ["index.html"]
