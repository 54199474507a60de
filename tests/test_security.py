"""Seed text is data, never markup: hostile seeds show literally and never become elements, attributes or links.

Two kinds of checks:

* Properties over generated seeds (prose mixed with HTML, Markdown syntax,
  ``javascript:`` URLs, control characters, right-to-left text, emoji, very long
  lines), run through the same functions the build uses - ingest, tag, render,
  Pelican's Markdown reader, the plugin's enrichment, the theme's templates in
  Pelican's Jinja environment, Pelican's feed writer, the entity feeds, the
  search index and both annotations.json files - without building a whole site
  per example. 500 examples each under CI=true, fewer on a developer machine.
* One whole-site build from hand-picked hostile seeds, checking every file of
  output/ (and a real browser, when Chromium is there, that no script runs).
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import tempfile
import types
import warnings
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import news_digest
from conftest import ROOT, build_environment, build_site, copy_project
from news_digest import annotations, hooks, search_index
from news_digest.site import export, generator as site_generator
from news_digest.site.feeds import entity_feed
from news_digest.events import load_vocabulary
from news_digest.knowledge import load_knowledge
from news_digest.models import Document, SourceInfo
from news_digest.pipeline import entity_href_from
from news_digest.reading import SeedError, ingest
from news_digest.reading.boilerplate import load_rules
from news_digest.render import render
from news_digest.settings import parse_settings
from news_digest.slugs import article_slug
from news_digest.sync import stamp

# --- hypothesis profiles: 500 examples under CI, fewer on a developer machine ---------------------

settings.register_profile(
    "security-ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.register_profile("security-dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PUBLIC_URL = "https://example.org/digest"
PROFILE = settings.get_profile(
    "security-ci" if os.environ.get("CI", "").strip().lower() == "true" else "security-dev"
)

# --- what a hostile seed is made of ----------------------------------------------------------------

MARKUP = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click me</a>', "<svg/onload=alert(1)>", "<iframe src=javascript:alert(1)>",
    "<style>body{display:none}</style>", "<!-- hidden -->", "<![CDATA[x]]>", "</textarea></title></script>",
    "<div onclick='steal()'>", '"><script>alert(1)</script>', "' onmouseover='alert(1)", '" onfocus="x" autofocus="',
    "<base href=//evil.example/>", "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<form action=javascript:alert(1)><input></form>", "<b>bold</b>", "<p>para</p>", "</p></div></main>",
    "<object data=x.swf>", "<embed src=x>", "<math><mi href=javascript:alert(1)>x</mi></math>", "<x onclick=y>",
    "&lt;script&gt;", "&amp;", "&#60;script&#62;", "&#x3C;b&#x3E;", "&copy;", "&nbsp;", "&unknown;", "&",
    "{{ 7*7 }}", "{% raw %}", "${7*7}", "{filename}/x.md", "|safe", "\\u003c", "</scr" + "ipt>",
]  # fmt: skip
MARKDOWN = [
    "[click](javascript:alert(1))", "[x]: javascript:alert(1)", "![img](javascript:alert(1))",
    "<javascript:alert(1)>", "<http://evil.example>", "<mail@evil.example>", "**bold**", "__under__", "*em*",
    "_em_", "`code`", "``co`de``", "```", "~~~", "# Heading", "## Sub ##", "> quote", "- item", "* item",
    "+ item", "1. item", "2) item", "    indented code", "---", "***", "===", "| a | b |", "\\", "\\*", "[^1]",
    "{: .evil onclick=x}", "[link][ref]", "[ref]: http://evil.example 'title'", "Title: injected",
    "Summary: injected", "Generator: news-digest", "Date: 1999-01-01", "  \\", "<!-- -->", "<?php ?>",
]  # fmt: skip
URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(document.cookie)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "http://evil.example/?q=<b>&x=\"y\"",
    "https://torrentfreak.com/canadian-police-raid-140514/", "//evil.example/x.js", "file:///etc/passwd",
]  # fmt: skip
PROSE = [
    "Canada", "Canadian", "the United States", "Sweden", "Swedish", "the Motion Picture Association", "MPAA",
    "the DMCA", "the Digital Millennium Copyright Act", "Netelligent Hosting Services", "Rights Alliance",
    "Bill C-11", "The Pirate Bay", "ACTA", "Warner Bros.", "the police said", "on Tuesday.", "raided a tracker,",
    "Update:", "Related:", "Advertisement", "LONDON, 6 March 2012 -", "By Jane Doe |", "Share this article",
]  # fmt: skip
SCRIPTS = [
    "\u202e", "\u202d", "\u2066", "\u200f", "\u200b", "مرحبا بالعالم", "שלום עולם", "\U0001f600",
    "\U0001f1e8\U0001f1e6", "👩‍💻", "e\u0301", "Ω≈ç√", "中文新闻", "\u00a0", "\t", "\u3000", "\u2028", "\u2029",
    "\ufeff", "\x85", "\x0b", "\x0c", "\r", "\x01", "\x1b[31m", "\x7f", "\ufffe",
]  # fmt: skip
LINE_BREAKS = ["\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", " \n \n"]

long_line = st.builds(lambda word, count: " ".join([word] * count), st.sampled_from(PROSE + MARKUP), st.integers(200, 1500))
fragment = st.one_of(
    st.sampled_from(MARKUP),
    st.sampled_from(MARKDOWN),
    st.sampled_from(URLS),
    st.sampled_from(PROSE),
    st.sampled_from(PROSE),
    st.sampled_from(SCRIPTS),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
)
line = st.lists(fragment, min_size=1, max_size=14).map(" ".join)
headline = st.lists(st.one_of(st.sampled_from(MARKUP + MARKDOWN + URLS), st.sampled_from(PROSE)), min_size=1,
                    max_size=6).map(lambda parts: "Police Raid " + " ".join(parts))


@st.composite
def seed_texts(draw: st.DrawFn) -> str:
    """A headline, then lines and paragraphs of hostile text; now and then one very long line."""
    lines = draw(st.lists(line, min_size=1, max_size=10))
    if draw(st.integers(0, 9)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(long_line))
    breaks = draw(st.lists(st.sampled_from(LINE_BREAKS), min_size=len(lines), max_size=len(lines)))
    return draw(headline) + "\n\n" + "".join(text + end for text, end in zip(lines, breaks))


source_urls = st.one_of(st.none(), st.sampled_from(URLS), st.sampled_from(['http://x.example/" onmouseover="x',
                                                                           "http://x.example/'><script>x</script>"]))

# --- the build's functions, one article at a time --------------------------------------------------------


class Tools:
    """What every example is built with, loaded once. Not a dataclass: Hypothesis prints a
    dataclass field by field in failure reports, and the knowledge base runs to megabytes."""

    def __init__(self, kb: Any, rules: Any, pelican_settings: dict, env_generator: Any, tmp: Path) -> None:
        self.kb = kb
        self.rules = rules
        self.pelican_settings = pelican_settings
        self.digest_settings = parse_settings(pelican_settings.get("NEWS_DIGEST"))
        self.env_generator = env_generator
        self.tmp = tmp

    def __repr__(self) -> str:
        return "Tools(the project's knowledge, rules, settings and theme)"


@pytest.fixture(scope="module")
def tools(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tools]:
    from pelican.generators import Generator
    from pelican.settings import read_settings

    tmp = tmp_path_factory.mktemp("security")
    # Published settings: only a site with an absolute address gets feeds, and feeds are checked too.
    pelican_settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"SITEURL": PUBLIC_URL, "FEED_ALL_ATOM": "feeds/all.atom.xml"}
    )
    kb = load_knowledge()
    vocabulary = load_vocabulary()
    generator = Generator(context={}, settings=pelican_settings, path=pelican_settings["PATH"],
                          theme=pelican_settings["THEME"], output_path=str(tmp / "output"))
    # enrich_articles loads the knowledge base and event vocabulary on every call; loaded once here.
    with mock.patch.object(hooks, "build_knowledge", lambda _settings: kb), \
         mock.patch.object(hooks, "load_vocabulary", lambda: vocabulary):
        yield Tools(kb, load_rules(), pelican_settings, generator, tmp)


@dataclass
class Artefacts:
    """Everything the build makes from one seed."""

    document: Document
    markdown: str
    article: Any
    site: Any
    pages: dict[str, str]  # site path -> HTML
    feeds: dict[str, str]  # site path -> Atom XML
    search_js: dict[str, str]  # every file of the search index, site path -> script
    exported: str  # data/annotations.json
    pipeline_json: str  # content/articles/annotations.json
    entities_csv: str


def _relative_root(path: str) -> str:
    return "/".join([".."] * path.count("/")) or "."


def build_artefacts(seed: bytes, source: SourceInfo | None, tools: Tools, only_article: bool = False) -> Artefacts:
    """Run one seed through every function that makes site files; ``only_article`` stops after its page."""
    from pelican.contents import Article
    from pelican.readers import MarkdownReader
    from pelican.writers import Writer

    name = "hostile.txt"
    document = ingest(name, seed, source, tools.rules)
    annotated = news_digest.tagger.tag(document, tools.kb)
    slug = article_slug(document.title) or "article"
    text = render(annotated, slug, entity_href_from(tools.digest_settings.entity_url),
                  summary_words=tools.digest_settings.summary_words)
    markdown = stamp(text, "0" * 64, "test")

    folder = Path(tempfile.mkdtemp(dir=tools.tmp))
    (folder / "articles").mkdir()
    path = folder / "articles" / "hostile.md"
    path.write_text(markdown, "utf-8")
    content, metadata = MarkdownReader(tools.pelican_settings).read(str(path))
    hooks.date_undated(None, metadata)
    context = {"generated_content": {}, "static_links": set(), "static_content": {}, "localsiteurl": ""}
    article = Article(content, metadata, settings=tools.pelican_settings, source_path=str(path), context=context)

    generator = types.SimpleNamespace(settings=tools.pelican_settings, articles=[article], dates=[article], context={})
    hooks.enrich_articles(generator)
    site = generator.context[site_generator.CONTEXT_KEY]

    shared = {**tools.pelican_settings, "articles": [article], "dates": [article], site_generator.CONTEXT_KEY: site}
    env = tools.env_generator

    def page(site_path: str, template: str, **extra: Any) -> str:
        return env.get_template(template).render({**shared, "SITEURL": _relative_root(site_path),
                                                  "output_file": site_path, "page_name": site_path[:-5], **extra})

    rendered = {article.url: page(article.url, "article", article=article)}
    if only_article:
        return Artefacts(document, markdown, article, site, rendered, {}, {}, "", "", "")
    rendered |= {
        "index.html": page("index.html", "index"),
        "archives.html": page("archives.html", "archives"),
        "tags.html": page("tags.html", "tags", tag_sort="count", tag_groups=site.by_count),
    }
    rendered |= {name: page(name, template, **values) for name, template, values in site_generator.timeline_pages(site)}
    facts = {fact.url: fact for fact in site.facts}
    feeds = {}
    for entity_page in site.entity_pages:
        rendered[entity_page.view.url] = page(entity_page.view.url, "entity", entity_page=entity_page)
        feeds[entity_page.feed_url] = entity_feed(entity_page, facts, "News Digest", PUBLIC_URL).writeString("utf-8")
    writer = Writer(str(folder / "output"), settings=tools.pelican_settings)
    writer.write_feed([article], {**shared, "SITEURL": ""}, "feeds/all.atom.xml")
    feeds["feeds/all.atom.xml"] = (folder / "output" / "feeds" / "all.atom.xml").read_text("utf-8")

    pipeline_json = annotations.dumps([(slug, annotated)])
    records = {record["seed"]: record for record in json.loads(pipeline_json)["articles"]}
    return Artefacts(
        document=document,
        markdown=markdown,
        article=article,
        site=site,
        pages=rendered,
        feeds=feeds,
        search_js=search_index.index_files(site.facts, site.summaries, site.entity_url),
        exported=export.dumps_annotations(export.site_annotations(site.facts, records)),
        pipeline_json=pipeline_json,
        entities_csv=export.entities_csv(site.summaries),
    )


# --- what "no injection" means, as checks over the artefacts ----------------------------------------------

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def visible(text: str) -> str:
    """Text as a browser shows it: runs of HTML white space are one space."""
    return _HTML_SPACE.sub(" ", text).strip(" \t\n\r\f")


# Every element and attribute the theme and the renderer write; anything else came from a seed.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "link", "style", "body", "script", "noscript", "a", "main", "header", "footer",
    "nav", "article", "aside", "section", "div", "p", "span", "h1", "h2", "h3", "h4", "ul", "ol", "li", "dl", "dt",
    "dd", "time", "strong", "code", "blockquote", "form", "label", "input", "button", "select", "option",
    "optgroup", "figure", "figcaption", "svg", "g", "rect", "line", "text", "path", "table", "caption", "thead",
    "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "class", "id", "href", "src", "rel", "type", "title", "lang", "charset", "name", "content", "datetime",
    "tabindex", "role", "for", "action", "method", "autocomplete", "placeholder", "spellcheck", "value", "label",
    "hidden", "aria-current", "aria-hidden", "aria-label", "aria-labelledby", "aria-live", "aria-describedby",
    "data-kind", "data-entity", "data-desc", "data-name", "data-entities", "data-event-entity", "data-filter-group",
    "data-filter-section", "data-root", "selected", "property", "data-names", "data-keep-filter", "data-scope",
    "data-year",
    "data-articles", "data-events", "data-count", "data-year-count", "data-unfiltered", "data-page-count",
    "xmlns", "viewbox", "width", "height", "d", "scope", "x", "y", "x1", "y1", "x2", "y2", "text-anchor",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_INVISIBLE_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f]")
MENTION_HREF = re.compile(r"\.\./entities/(country|organisation|legal_instrument)/[a-z0-9]+(-[a-z0-9]+)*\.html")
THEME_SCRIPTS = {"search-index.js", "theme/js/search.js", "theme/js/timeline.js", "theme/js/mentions.js"}
NOSCRIPT_STYLE = ".needs-js { display: none !important; }"


def url_problem(value: str) -> str | None:
    """Why a link target is dangerous, as a browser would read it (it drops tabs, newlines and edges)."""
    cleaned = _INVISIBLE_IN_URLS.sub("", html.unescape(value)).lower()
    scheme = _SCHEME.match(cleaned)
    if scheme and scheme.group(1) not in {"http", "https", "mailto"}:
        return f"a {scheme.group(1)}: link"
    return None


def json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


class _Scanner(HTMLParser):
    """Reads an HTML document the way a browser's tokenizer does, noting every element that is not ours."""

    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.problems: list[str] = []
        self.raw: tuple[str, dict[str, str | None], list[str]] | None = None  # open <script> or <style>
        self.in_mention = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where, attributes = self.where, dict(attrs)
        if self.in_mention:
            self.problems.append(f"{where}: <{tag}> inside a mention link")
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"{where}: a <{tag}> element {attrs!r}"[:300])
        for name, value in attrs:
            if name.startswith("on") or name not in ALLOWED_ATTRIBUTES:
                self.problems.append(f"{where}: attribute {name}= on <{tag}>")
            reason = url_problem(value or "") if name in URL_ATTRIBUTES else None
            if reason:
                self.problems.append(f"{where}: {reason} in <{tag} {name}={value!r}>")
        if tag == "a" and "mention" in (attributes.get("class") or "").split():
            self.in_mention = True
            if set(attributes) - {"data-name"} != {"class", "href", "data-kind", "data-entity", "data-desc"}:
                self.problems.append(f"{where}: a mention link with attributes {sorted(attributes)}")
            if not MENTION_HREF.fullmatch(attributes.get("href") or ""):
                self.problems.append(f"{where}: a mention link to {attributes.get('href')!r}")
        if tag in ("script", "style"):
            self.raw = (tag, attributes, [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.raw is not None:
            self.raw[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.in_mention = False
        if self.raw is not None and tag == self.raw[0]:
            name, attributes, text = self.raw
            body = "".join(text)
            source = attributes.get("src") or ""
            if name == "script" and attributes.get("type") == "application/ld+json" and not source:
                # The plugin's JSON-LD: data, never code; pure JSON with nothing that could end the element.
                if "<" in body or ">" in body or not json_object(body):
                    self.problems.append(f"{self.where}: JSON-LD that is not escaped JSON: {body[:100]!r}")
            elif name == "script" and (body.strip() or not any(source.endswith(s) for s in THEME_SCRIPTS)):
                self.problems.append(f"{self.where}: a script that is not the theme's: {source!r} {body[:100]!r}")
            if name == "style" and visible(body) != NOSCRIPT_STYLE:
                self.problems.append(f"{self.where}: a style element that is not the theme's: {body[:100]!r}")
            self.raw = None


def html_problems(page: str, where: str) -> list[str]:
    """Elements, attributes or links in an HTML document that neither the theme nor the renderer write."""
    scanner = _Scanner(where)
    scanner.feed(page)
    scanner.close()
    return scanner.problems


def body_blocks(page: str) -> list[tuple[str, str]]:
    """The article page's body as (kind, visible text) per block."""
    story = BeautifulSoup(page, "html.parser").find("div", class_="story-body")
    assert story is not None
    blocks = []
    for element in story.find_all(True, recursive=False):
        kind = {"p": "paragraph", "h2": "subheading", "aside": "update"}.get(element.name, element.name)
        blocks.append((kind, visible(element.get_text())))
    return blocks


def body_structure_problems(page: str, where: str) -> list[str]:
    """The article body holds only what the renderer writes: paragraphs, subheadings and update
    notes, holding text and mention links (so "# x" or "- x" in a seed never became a heading or list)."""
    problems = []
    story = BeautifulSoup(page, "html.parser").find("div", class_="story-body")
    if story is None:
        return [f"{where}: no story body"]
    for block in story.find_all(True, recursive=False):
        if block.name == "aside":
            inner = block.find_all(True, recursive=False)
            if block.get("class") != ["update"] or [tag.name for tag in inner] != ["p"]:
                problems.append(f"{where}: an update note shaped {str(block)[:120]!r}")
                continue
            block = inner[0]
        elif block.name not in ("p", "h2"):
            problems.append(f"{where}: a <{block.name}> block in the body")
            continue
        for element in block.find_all(True):
            # A later mention of an entity in the same block: unlinked, with only its entity's key.
            again = element.name == "span" and element.get("class") == ["mention-again"] and set(element.attrs) == {
                "class", "data-kind", "data-entity"} and not element.find(True)
            if not again and (element.name != "a" or "mention" not in (element.get("class") or [])):
                problems.append(f"{where}: <{element.name}> inside a <{block.name}> of the body")
    return problems


def feed_problems(xml: str, where: str) -> list[str]:
    """Atom text that a feed reader would show as markup when it is meant as text, or dangerous HTML."""
    problems = []
    ns = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(xml.encode("utf-8"))
    for element in root.iter():
        kind = element.get("type", "text")
        name = element.tag.removeprefix(ns)
        if element.get("href") and url_problem(element.get("href", "")):
            problems.append(f"{where}: <{name} href={element.get('href')!r}>")
        if name in {"title", "summary", "content", "subtitle"} and element.text:
            if kind == "html":
                problems += html_problems(element.text, f"{where} <{name} type=html>")
            elif kind != "text":
                problems.append(f"{where}: <{name} type={kind}>")
    return problems


def feed_entry_titles(xml: str) -> list[str]:
    ns = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(xml.encode("utf-8"))
    return [entry.findtext(f"{ns}title") or "" for entry in root.iter(f"{ns}entry")]


def feed_entry_summaries(xml: str) -> list[str]:
    """What a feed reader shows for each entry's summary (HTML summaries rendered to their text)."""
    ns = "{http://www.w3.org/2005/Atom}"
    shown = []
    for entry in ET.fromstring(xml.encode("utf-8")).iter(f"{ns}entry"):
        summary = entry.find(f"{ns}summary")
        if summary is None or summary.text is None:
            continue
        text = summary.text
        if summary.get("type") == "html":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)  # a summary may be one URL
                text = BeautifulSoup(text, "html.parser").get_text()
        shown.append(visible(text))
    return shown


_SEARCH_JS = re.compile(r"window\.(?:NEWS_DIGEST_SEARCH = (.*);|NEWS_DIGEST_SEARCH_PART\((.*)\);)\n", re.DOTALL)


def search_index_data(files: dict[str, str]) -> dict:
    """The search index's articles, checking every file is one assignment or call of pure JSON with no '<'."""
    articles = []
    for name, script in sorted(files.items()):
        match = _SEARCH_JS.fullmatch(script)
        assert match, f"{name}: {script[:200]}"
        assert "<" not in script and script.isascii(), name
        data = json.loads(match.group(1) or match.group(2))
        if str(data.get("part", "")).startswith("d"):  # the article store
            articles += [{"title": row[0], "url": row[1]} for row in data["docs"]]
    return {"articles": articles}


def site_search_files(site: Path) -> dict[str, str]:
    paths = [site / search_index.INDEX_FILE, *sorted((site / search_index.PARTS_DIR).glob("*.js"))]
    return {path.relative_to(site).as_posix(): path.read_text("utf-8") for path in paths}


def artefact_problems(made: Artefacts) -> list[str]:
    """Every way seed text became markup, or failed to come out as the same text, in any artefact."""
    problems = []
    for where, page in made.pages.items():
        problems += html_problems(page, where)
    problems += body_structure_problems(made.pages[made.article.url], made.article.url)
    for where, xml in made.feeds.items():
        problems += feed_problems(xml, where)
    title = visible(made.document.title)
    for where, xml in made.feeds.items():
        if where == "feeds/all.atom.xml" or made.article.url in xml:
            if [visible(t) for t in feed_entry_titles(xml)] != [title]:
                problems.append(f"{where}: entry titles {feed_entry_titles(xml)!r}, not {title!r}")
    for where, xml in made.feeds.items():
        if where != "feeds/all.atom.xml":
            summaries = feed_entry_summaries(xml)
            lead = visible(made.article.digest.summary)
            if summaries != ([lead] if lead else []):
                problems.append(f"{where}: a feed reader shows the summary as {summaries!r}, "
                                f"not {visible(made.article.digest.summary)!r}")
    data = search_index_data(made.search_js)
    if [visible(article["title"]) for article in data["articles"]] != [title]:
        problems.append(f"search index title {data['articles'][0]['title']!r}")
    for label, text in (("data/annotations.json", made.exported), ("annotations.json", made.pipeline_json)):
        records = json.loads(text)["articles"]
        if [visible(record["title"]) for record in records] != [title]:
            problems.append(f"{label} title {[r['title'] for r in records]!r}, not {title!r}")
    rows = list(csv.DictReader(io.StringIO(made.entities_csv)))
    names = sorted(row["name"] for row in rows)
    if names != sorted(summary.entity.name for summary in made.site.summaries):
        problems.append(f"entities.csv names {names!r}")
    return problems


def document_blocks(document: Document) -> list[tuple[str, str]]:
    return [(block.kind, visible(block.text)) for block in document.blocks if visible(block.text)]


# --- the properties ----------------------------------------------------------------------------------------


@settings(PROFILE)
@given(seed=seed_texts())
def test_the_article_page_shows_exactly_the_cleaned_seed_text(seed: str, tools: Tools) -> None:
    try:
        made = build_artefacts(seed.encode("utf-8"), None, tools, only_article=True)
    except SeedError:
        assume(False)
    page = made.pages[made.article.url]
    assert body_blocks(page) == document_blocks(made.document)
    soup = BeautifulSoup(page, "html.parser")
    title = visible(made.document.title)
    assert visible(soup.find("h1").get_text()) == title
    assert visible(soup.title.get_text()) == f"{title} · News Digest"


@settings(PROFILE)
@given(seed=seed_texts(), url=source_urls)
def test_no_seed_text_becomes_markup_in_any_artefact(seed: str, url: str | None, tools: Tools) -> None:
    try:
        made = build_artefacts(seed.encode("utf-8"), SourceInfo(url=url), tools)
    except SeedError:
        assume(False)
    assert artefact_problems(made) == []


# --- one whole site built from hand-picked hostile seeds ------------------------------------------------

PAYLOAD = "alert(1)"
HOSTILE_SEEDS = {
    "900_markup.txt": (
        "Police Raid <script>alert(1)</script> Tracker & \"Friends\" 'Here' <img src=x onerror=alert(1)>\n\n"
        "By Jane Doe | Ottawa\n\n"
        "The Canadian police <b>raided</b> a tracker <script>alert(1)</script> in Montreal, the MPAA said.\n\n"
        "<img src=x onerror=alert(1)> Its operators were charged under the DMCA, \"<svg/onload=alert(1)>\".\n\n"
        "<a href=\"javascript:alert(1)\">Click here</a> and [here](javascript:alert(1)) or <javascript:alert(1)>.\n\n"
        "<iframe src=\"javascript:alert(1)\"></iframe> <style>body{display:none}</style> <!-- hidden --> end.\n\n"
        "## <script>alert(1)</script> heading\n\n"
        "Sweden <b onmouseover=alert(1)>Raids</b> Too\n\n"
        "The Swedish police said the Rights Alliance <meta http-equiv=refresh content=0;url=javascript:alert(1)> "
        "asked for it, in a statement about the Copyright Act.\n\n"
        "Update: <script>alert(1)</script> The site is back online, the operators said.\n\n"
        "Related Posts\n\n<script>alert(1)</script> Headline\nAnother \"><img src=x onerror=alert(1)> Headline\n"
    ),
    "901_markdown.txt": (
        "# Court Rules On **Bold** `Code` [Links](javascript:alert(1))\n\n"
        "LONDON, 6 March 2012 - *The* High Court ordered British ISPs to block The Pirate Bay, __the BPI__ said.\n\n"
        "> A quoted line that is not a quote, with `code` and ``more`code``.\n\n"
        "- not a list item in the United Kingdom\n\n1. not a numbered item in the United States\n\n"
        "    indented, not code, about the Digital Economy Act\n\n"
        "[ref]: javascript:alert(1)\n\n![image](javascript:alert(1)) and [ref] and [x][ref] and \\*stars\\*.\n\n"
        "---\n\n| a | table | in France |\n\nText with &amp; &lt;script&gt; &#60;b&#62; &copy; and a trailing backslash \\\n"
    ),
    "902_scripts.txt": (
        "\u202eEvil\u202c Headline Of Sweden \U0001f600 عنوان ✓ שלום\n\n"
        "\u200fRight-to-left \u202e\u2066text\u2069 about Sweden and Germany, \U0001f1e8\U0001f1e6 and 👩‍💻, with "
        "control \x01\x02 characters, a bell \x07 and escape \x1b[31m codes, noncharacters \ufffe, "
        "e\u0301 combining accents and a\u00a0no-break\u3000space.\n\n"
        + "A very long line about Spain and the Sinde law <script>alert(1)</script> " * 400 + "\n\n"
        "中文新闻 about China and the <b>Great Firewall</b> \u2028 continues here.\n"
    ),
    "903_unsafe_source.txt": (
        "Regulator Fines ISP \"Over\" <Blocking>\n\nThe Dutch regulator fined an ISP in the Netherlands, it said.\n"
    ),
    "904_undated.txt": (
        "Another <script>alert(1)</script> Story Without A Date\n\n"
        "Nobody dated this story about Brazil and <a href='javascript:alert(1)'>Marco Civil</a>.\n"
    ),
}
HOSTILE_SOURCES = {
    "900_markup.txt": {"source": "javascript:alert(1)", "published": "2014-05-14"},
    "901_markdown.txt": {"source": "http://example.org/\"><script>alert(1)</script>", "published": "2012-03-06"},
    "902_scripts.txt": {"source": " JaVaScRiPt:alert(1)", "published": "2019-01-02"},
    "903_unsafe_source.txt": {"source": "http://example.org/a?b=<script>alert(1)</script>&c='d'",
                              "published": "2020-07-08"},
}
HOSTILE_CORRECTIONS = (
    "articles:\n"
    "  903_unsafe_source.txt:\n"
    "    add: {organisation: ['<img src=x onerror=alert(1)> Alliance', 'Evil \"Quoted\" Group']}\n"
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile-site") / "project")
    seeds = project / "seeds"
    for name, text in HOSTILE_SEEDS.items():
        (seeds / name).write_text(text, "utf-8", newline="")
    sources = (seeds / "sources.yml").read_text("utf-8")
    sources += "".join(
        f"{name}:\n  source: {json.dumps(entry['source'])}\n  published: {entry['published']}\n"
        for name, entry in HOSTILE_SOURCES.items()
    )
    (seeds / "sources.yml").write_text(sources, "utf-8")
    (seeds / "corrections.yml").write_text(HOSTILE_CORRECTIONS, "utf-8")
    result = build_site(project, settings="publishconf.py", env=build_environment(SITEURL=PUBLIC_URL))
    assert result.returncode == 0, result.stdout + result.stderr
    skipped = [line for line in (result.stdout + result.stderr).splitlines() if "skipped" in line]
    assert not skipped, skipped
    return project / "output"


def _site_files(output: Path, suffix: str) -> list[Path]:
    return sorted(path for path in output.rglob(f"*{suffix}") if "theme" not in path.relative_to(output).parts)


@pytest.mark.slow
def test_every_page_of_a_hostile_site_is_free_of_seed_markup(hostile_site: Path) -> None:
    pages = _site_files(hostile_site, ".html")
    assert len(pages) > 20
    problems = []
    for path in pages:
        where = path.relative_to(hostile_site).as_posix()
        problems += html_problems(path.read_text("utf-8"), where)
        if where.startswith("articles/"):
            problems += body_structure_problems(path.read_text("utf-8"), where)
    assert problems == []


@pytest.mark.slow
def test_every_feed_of_a_hostile_site_is_free_of_seed_markup(hostile_site: Path) -> None:
    feeds = _site_files(hostile_site, ".xml")
    assert any(path.name == "all.atom.xml" for path in feeds) and len(feeds) > 5
    problems = []
    for path in feeds:
        problems += feed_problems(path.read_text("utf-8"), path.relative_to(hostile_site).as_posix())
    assert problems == []


@pytest.mark.slow
def test_the_hostile_sites_data_files_hold_the_headlines_as_plain_text(hostile_site: Path) -> None:
    index = search_index_data(site_search_files(hostile_site))
    exported = json.loads((hostile_site / "data" / "annotations.json").read_text("utf-8"))
    titles = {record["title"] for record in exported["articles"]}
    assert {article["title"] for article in index["articles"]} == titles
    assert "Police Raid <script>alert(1)</script> Tracker & \"Friends\" 'Here' <img src=x onerror=alert(1)>" in titles
    names = {row["name"] for row in csv.DictReader(io.StringIO((hostile_site / "data" / "entities.csv").read_text("utf-8")))}
    assert "<img src=x onerror=alert(1)> Alliance" in names


@pytest.mark.slow
def test_hostile_headlines_show_literally_in_titles_headings_and_feeds(hostile_site: Path) -> None:
    headline = "Police Raid <script>alert(1)</script> Tracker & \"Friends\" 'Here' <img src=x onerror=alert(1)>"
    pages = {path: BeautifulSoup(path.read_text("utf-8"), "html.parser") for path in _site_files(hostile_site, ".html")}
    article = next(soup for soup in pages.values() if soup.find("h1") and visible(soup.find("h1").get_text()) == headline)
    assert visible(article.title.get_text()) == f"{headline} · News Digest"
    # Link previews and JSON-LD carry the headline as data: the same words, and nothing ends the script.
    assert article.find("meta", property="og:title")["content"] == headline
    [structured] = [json.loads(script.string) for script in article.find_all("script", type="application/ld+json")]
    assert structured["headline"] == headline
    front = pages[hostile_site / "index.html"]
    assert headline in [visible(a.get_text()) for a in front.select(".card-title a")]
    feed = (hostile_site / "feeds" / "all.atom.xml").read_text("utf-8")
    assert headline in [visible(title) for title in feed_entry_titles(feed)]
    links = [a.get("href", "") for soup in pages.values() for a in soup.select("a.source-url")]
    assert links and all(link.startswith(("http://", "https://")) for link in links)
    assert not any("<" in link or '"' in link for link in links)


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.mark.browser
@pytest.mark.slow
def test_no_script_from_a_seed_runs_in_a_browser(hostile_site: Path) -> None:
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail("CI=true but Chromium is not installed (apt-get install chromium)", pytrace=False)
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ran: list[str] = []
    pages = _site_files(hostile_site, ".html")
    # The search and timeline pages build their lists from the data in the browser: ask them for
    # the hostile articles so that those lists are drawn too.
    urls = [path.as_uri() for path in pages]
    urls += [(hostile_site / "search.html").as_uri() + "?q=" + word for word in ("script", "police", "alliance")]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--headless"])
        try:
            context = browser.new_context()
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                          else route.abort())
            page = context.new_page()
            page.on("dialog", lambda dialog: (ran.append(f"{page.url}: alert({dialog.message})"), dialog.dismiss()))
            for url in urls:
                page.goto(url, wait_until="load")
                page.wait_for_timeout(50)
        finally:
            browser.close()
    assert ran == [], ran
