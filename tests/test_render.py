"""render: what Pelican makes of the Markdown we write is exactly the seed's words, with links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from conftest import ROOT
from news_digest.site.body import read_body
from news_digest.models import AnnotatedDocument, Block, Document, Entity, Mention, TaggedEntity
from news_digest.render import clean_text, render, safe_url, summarise

NASTY = [
    "<script>alert('x')</script>",
    "*stars* and **strong**",
    "# hash at the start",
    "#1 hit, ## two",
    "[a](b) and ![img](c.png) and [ref][1]",
    "[1]: http://example.com/",
    "&amp; &lt; &copy; &#65; & alone",
    "back\\slash \\* \\_ \\",
    "1. numbered",
    "1986. A year to start with",
    "- dash item",
    "> quoted",
    "+ plus item",
    "===",
    "---",
    "* * *",
    "___",
    "    indented like code",
    "`code` and ``double``",
    "<http://x.example/>",
    "_under_ and __dunder__ and snake_case_name",
    "<div>block</div>",
    "<!-- comment -->",
    "{filename}/x.md and |filename|y",
    "a\u00a0non-breaking space",
    "tabs\tand\nnew lines",
    "\x02wzxhzdk:0\x03 placeholder lookalike",
    "trailing hashes ##",
    "Key: value",
    "ends with two spaces  ",
]


@pytest.fixture(scope="module")
def pelican_settings() -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"))


def read_markdown(pelican_settings: dict, folder: Path, text: str) -> tuple[str, dict]:
    """Convert a generated file the way Pelican does when it builds the site."""
    path = folder / "article.md"
    path.write_text(text, "utf-8")
    return MarkdownReader(pelican_settings).read(str(path))


def visible(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def doc(title: str = "A headline", blocks: tuple[Block, ...] = (), **fields) -> Document:
    return Document(seed="000_test.txt", seed_hash="sha256:" + "0" * 64, title=title, blocks=blocks, **fields)


def no_links(entity: Entity) -> str:
    return f"../entities/{entity.kind}/{entity.id}.html"


CANADA = Entity(
    id="canada",
    kind="country",
    name="Canada",
    demonyms=("Canadian",),
    description="Country in North America.",
)
ALLIANCE = Entity(
    id="rights-alliance",
    kind="organisation",
    name="Rights Alliance",
    description='Anti-piracy group "RA" <Sweden> & more.',
)


def annotate(document: Document, *found: tuple[Entity, str, float]) -> AnnotatedDocument:
    """Tag each given surface text wherever it occurs in the document text."""
    tagged = []
    for entity, surface, relevance in found:
        mentions, start = [], document.text.find(surface)
        while start >= 0:
            mentions.append(Mention(surface, start, start + len(surface)))
            start = document.text.find(surface, start + len(surface))
        tagged.append(TaggedEntity(entity, tuple(mentions), relevance))
    return AnnotatedDocument(document, tuple(tagged))


@pytest.mark.parametrize("nasty", NASTY)
def test_nasty_text_is_shown_literally_everywhere(nasty: str, pelican_settings: dict, tmp_path: Path) -> None:
    document = doc(
        title=nasty,
        blocks=(Block("paragraph", nasty), Block("subheading", nasty), Block("update", nasty)),
    )
    content, metadata = read_markdown(
        pelican_settings, tmp_path, render(AnnotatedDocument(document), "s", no_links)
    )
    soup = BeautifulSoup(content, "html.parser")
    want = " ".join(clean_text(nasty).split())
    assert [visible(str(p)) for p in soup.find_all("p", recursive=False)] == [want]
    assert visible(str(soup.find("h2"))) == want
    assert visible(str(soup.find("aside", class_="update"))) == want
    assert not soup.find_all(
        ["script", "div", "em", "strong", "code", "img", "ol", "ul", "hr", "blockquote", "h1", "pre"]
    )
    assert [a["class"] for a in soup.find_all("a")] == []
    assert visible(metadata["summary"]) == want
    # Titles are HTML to Pelican: what it shows after the theme's striptags is the headline.
    assert visible(metadata["title"]) == want


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(
        st.sampled_from([*"ab 1.#*_-+>`<&;[]()!\\{}=|:~\t\n", "&amp;", "<b>", "é", "http://x"]),
        min_size=1,
        max_size=30,
    ).map("".join)
)
def test_any_paragraph_converts_back_to_its_own_text(
    text: str, pelican_settings: dict, tmp_path: Path
) -> None:
    document = doc(blocks=(Block("paragraph", "Lead."), Block("paragraph", text)))
    content, _ = read_markdown(pelican_settings, tmp_path, render(AnnotatedDocument(document), "s", no_links))
    assert visible(content) == " ".join(f"Lead. {clean_text(text)}".split())


def test_metadata_header_has_the_contract_fields_in_order() -> None:
    document = doc(
        title="Canadian police & <friends> raid a tracker",
        blocks=(Block("paragraph", "Canadian police raided a site in Canada."),),
        date=dt.date(2014, 5, 14),
        date_source="sources",
        source_url="http://www.torrentfreak.com/canadian-police-raid-140514/",
        updated=True,
        related=("Another <b>headline</b>", "Second one"),
    )
    annotated = annotate(document, (CANADA, "Canada", 0.934), (ALLIANCE, "nowhere", 0.5))
    header = render(annotated, "canadian-police", no_links).split("\n\n")[0].split("\n")
    assert header == [
        "Title: Canadian police &amp; &lt;friends&gt; raid a tracker",
        "Date: 2014-05-14",
        "Slug: canadian-police",
        "Summary: Canadian police raided a site in Canada.",
        "Source: http://www.torrentfreak.com/canadian-police-raid-140514/",
        "Source_site: torrentfreak.com",
        "Seed: 000_test.txt",
        "Seed_hash: sha256:" + "0" * 64,
        "Date_source: sources",
        "Updated: yes",
        "Countries: Canada",
        "Organisations: Rights Alliance",
        "Relevance: country/canada 0.93; organisation/rights-alliance 0.50",
        "Related: Another <b>headline</b>",
        "Related: Second one",
    ]


def test_undated_article_has_no_date_line_and_says_so(pelican_settings: dict, tmp_path: Path) -> None:
    text = render(AnnotatedDocument(doc(blocks=(Block("paragraph", "Body."),))), "s", no_links)
    assert "\nDate:" not in text and "Date_source: none" in text
    _, metadata = read_markdown(pelican_settings, tmp_path, text)
    assert "date" not in metadata and metadata["date_source"] == "none"


def test_pelican_reads_metadata_values_as_written(pelican_settings: dict, tmp_path: Path) -> None:
    document = doc(
        blocks=(Block("paragraph", "Body."),),
        date=dt.date(2010, 9, 8),
        date_source="dateline",
        related=("<script>alert(1)</script> Related",),
        source_url="https://example.com/a?b=1&c=2",
    )
    _, metadata = read_markdown(
        pelican_settings, tmp_path, render(annotate(document, (CANADA, "x", 1)), "s", no_links)
    )
    assert metadata["date"].date() == dt.date(2010, 9, 8)
    assert metadata["source"] == "https://example.com/a?b=1&c=2"
    # Pelican never converts this field: the theme escapes it like any other text.
    assert metadata["related"] == "<script>alert(1)</script> Related"
    assert metadata["countries"] == "Canada"


def test_mentions_become_links_to_entity_pages(pelican_settings: dict, tmp_path: Path) -> None:
    document = doc(
        title="Canada acts",
        blocks=(
            Block("paragraph", "Canadian police and the Rights Alliance acted in Canada."),
            Block("subheading", "Canada next"),
            Block("update", "Update: Rights Alliance <confirms>."),
        ),
    )
    annotated = annotate(
        document, (CANADA, "Canadian", 0.9), (CANADA, "Canada", 0.9), (ALLIANCE, "Rights Alliance", 0.7)
    )
    content, _ = read_markdown(pelican_settings, tmp_path, render(annotated, "s", no_links))
    soup = BeautifulSoup(content, "html.parser")
    links = [
        (a.get_text(), a["href"], a["data-kind"], a["data-entity"], a["data-desc"])
        for a in soup.find_all("a", class_="mention")
    ]
    desc_ra = 'Anti-piracy group "RA" <Sweden> & more.'
    assert links == [
        ("Canadian", "../entities/country/canada.html", "country", "canada", "Country in North America."),
        (
            "Rights Alliance",
            "../entities/organisation/rights-alliance.html",
            "organisation",
            "rights-alliance",
            desc_ra,
        ),
        ("Canada", "../entities/country/canada.html", "country", "canada", "Country in North America."),
        (
            "Rights Alliance",
            "../entities/organisation/rights-alliance.html",
            "organisation",
            "rights-alliance",
            desc_ra,
        ),
    ]
    assert (
        visible(content) == "Canadian police and the Rights Alliance acted in Canada. Canada next "
        "Update: Rights Alliance <confirms>."
    )
    assert soup.find("aside", class_="update").find("a", class_="mention")
    # The paragraph's second "Canada" is not a second link: plain text, marked for the site to read back.
    (again,) = soup.find_all(class_="mention-again")
    assert again.name == "span" and again.get_text() == "Canada" and not again.find_parent("a")
    assert (again["data-kind"], again["data-entity"]) == ("country", "canada")


def test_the_site_reads_back_every_mention_linked_or_not(pelican_settings: dict, tmp_path: Path) -> None:
    document = doc(blocks=(Block("paragraph", "Canada and Canada again, and Canada."),))
    annotated = annotate(document, (CANADA, "Canada", 0.9))
    content, _ = read_markdown(pelican_settings, tmp_path, render(annotated, "s", no_links))
    assert len(BeautifulSoup(content, "html.parser").find_all("a", class_="mention")) == 1
    _, links = read_body(content)
    assert [(link.start, link.end, link.key) for link in links] == [
        (0, 6, "country/canada"), (11, 17, "country/canada"), (29, 35, "country/canada")]


def test_paragraph_starting_with_a_mention_stays_a_paragraph(pelican_settings: dict, tmp_path: Path) -> None:
    document = doc(blocks=(Block("paragraph", "Canada - the country - is big."),))
    content, _ = read_markdown(
        pelican_settings, tmp_path, render(annotate(document, (CANADA, "Canada", 1)), "s", no_links)
    )
    paragraph = BeautifulSoup(content, "html.parser").find("p")
    assert paragraph.find("a", class_="mention").get_text() == "Canada"
    assert visible(str(paragraph)) == "Canada - the country - is big."


def test_overlapping_or_wrong_mentions_are_not_linked_twice(pelican_settings: dict, tmp_path: Path) -> None:
    document = doc(blocks=(Block("paragraph", "The Rights Alliance of Canada spoke."),))
    text = document.text
    start = text.index("Rights Alliance")
    annotated = AnnotatedDocument(
        document,
        (
            TaggedEntity(ALLIANCE, (Mention("Rights Alliance of Canada", start, start + 25),), 0.8),
            TaggedEntity(
                CANADA,
                (Mention("Canada", text.index("Canada"), text.index("Canada") + 6), Mention("Nowhere", 0, 7)),
                0.5,
            ),
        ),
    )
    content, _ = read_markdown(pelican_settings, tmp_path, render(annotated, "s", no_links))
    links = [a.get_text() for a in BeautifulSoup(content, "html.parser").find_all("a")]
    assert links == ["Rights Alliance of Canada"]
    assert visible(content) == "The Rights Alliance of Canada spoke."


def test_mentions_in_the_headline_are_not_links() -> None:
    document = doc(title="Canada raids", blocks=(Block("paragraph", "Body text."),))
    text = render(annotate(document, (CANADA, "Canada", 1)), "s", no_links)
    assert "<a " not in text
    assert "Countries: Canada" in text


@pytest.mark.parametrize("words, limit", [(10, 50), (50, 50), (51, 50), (120, 50), (30, 12)])
def test_summary_is_the_lead_within_the_word_limit(words: int, limit: int) -> None:
    lead = " ".join(f"w{i}" + ("." if i % 7 == 6 else "") for i in range(words))
    summary = summarise(
        (Block("subheading", "Not this"), Block("paragraph", lead), Block("paragraph", "x")), limit
    )
    if words <= limit:
        assert summary == lead
    else:
        assert summary.endswith("…")
        kept = summary.removesuffix("…").split()
        assert len(kept) <= limit and lead.startswith(" ".join(kept))


def test_summary_cuts_at_a_sentence_end_when_one_is_close() -> None:
    long_first = " ".join(["alpha"] * 30) + ". " + " ".join(["beta"] * 40) + "."
    assert summarise((Block("paragraph", long_first),), 50) == " ".join(["alpha"] * 30) + ". …"


def test_summary_cuts_mid_sentence_when_the_first_sentence_end_is_too_early() -> None:
    lead = "First one. " + " ".join(["word"] * 60)
    assert summarise((Block("paragraph", lead),), 50) == "First one. " + " ".join(["word"] * 48) + "…"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("http://example.com/a", "http://example.com/a"),
        ("https://example.com/a b", None),
        ("javascript:alert(1)", None),
        ("ftp://example.com/file", None),
        ("//example.com/x", None),
        ('http://example.com/"><script>', "http://example.com/%22%3E%3Cscript%3E"),
        ("http://example.com/caf\u00e9", "http://example.com/caf%C3%A9"),
        (None, None),
    ],
)
def test_only_http_sources_are_kept_and_escaped(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected
    document = doc(blocks=(Block("paragraph", "Body."),), source_url=url)
    text = render(AnnotatedDocument(document), "s", no_links)
    if expected:
        assert f"\nSource: {expected}\n" in text
    else:
        assert "Source:" not in text and "Source_site:" not in text


def test_rendering_is_deterministic() -> None:
    document = doc(blocks=(Block("paragraph", "Canadian police in Canada."),), date=dt.date(2014, 5, 14))
    annotated = annotate(document, (CANADA, "Canada", 0.5))
    assert render(annotated, "s", no_links) == render(annotated, "s", no_links)


@pytest.mark.parametrize(
    "description",
    [
        "Uses `code` and `more`",
        "See [a](b) now",
        "Back\\slash \\* here",
        "#1 <b>group</b> & \"quotes\" 'too'",
        "*star* _under_",
    ],
)
def test_descriptions_reach_the_link_exactly(
    description: str, pelican_settings: dict, tmp_path: Path
) -> None:
    entity = Entity(id="x", kind="organisation", name="X Group", description=description)
    document = doc(
        blocks=(Block("paragraph", "The X Group and `the` X Group."), Block("subheading", "X Group #2"))
    )
    content, _ = read_markdown(
        pelican_settings, tmp_path, render(annotate(document, (entity, "X Group", 1)), "s", no_links)
    )
    soup = BeautifulSoup(content, "html.parser")
    assert [a["data-desc"] for a in soup.find_all("a", class_="mention")] == [description] * 2  # once per block
    assert visible(str(soup.find("p"))) == "The X Group and `the` X Group."
    assert visible(str(soup.find("h2"))) == "X Group #2"


@pytest.mark.parametrize("first_sentence_words, cut_at_sentence", [(19, False), (20, True), (49, True)])
def test_summary_prefers_a_sentence_end_that_keeps_enough_of_the_lead(
    first_sentence_words: int, cut_at_sentence: bool
) -> None:
    first = " ".join(["alpha"] * first_sentence_words) + "."
    summary = summarise((Block("paragraph", first + " " + " ".join(["beta"] * 60)),), 50)
    assert (summary == first + " …") is cut_at_sentence
    assert len(summary.removesuffix("…").split()) <= 50
