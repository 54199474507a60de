"""Page scrapes, Markdown-style and text-browser dumps, read as the article a reader saw."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news_digest.models import SourceInfo
from news_digest.reading import SeedError, ingest
from reading_helpers import BODY, FIXTURES, OTHER, RULES, fixture, kinds, read


# -- page scrapes: Markdown-style and text-browser dumps ---------------------------------------------

# Everything a reader of a scraped page never sees as article text: addresses, host names (of
# linked sites and of the source's own domain), link and image syntax, menus, share rows.
SCRAPE_FURNITURE = (
    "http", "://", "www.", ".example", "mailto", "](", "![", "[1", "#main", "Skip to",
    "Log in", "Subscribe", "About us", "Contact", "Privacy", "Facebook", "Twitter", "LinkedIn",
    "Instagram", "Share", "Follow us", "Tags", "©", "Wayback", "Donate", "Home", "logo",
)
SCRAPES = {
    "markdown_blog_scrape.txt": dict(
        title="Court orders providers to block streaming portal",
        date=dt.date(2024, 12, 21),
        blocks=[
            ("paragraph", "The district court in Rotterdam ordered four internet providers on Friday to block a "
             "popular streaming portal, the anti-piracy group that brought the case said in a statement."),
            ("paragraph", "The judges found that the portal had made thousands of films available without "
             "permission, and that blocking was proportionate."),
            ("subheading", "What the providers said"),
            ("paragraph", "Two of the providers said they would comply with the order within ten days. A third "
             "said it would study the ruling with its lawyers before deciding whether to appeal."),
            ("paragraph", '"We will respect the decision of the court," a spokesperson said.'),
        ],
        related=("Appeals court upholds blocking order against torrent index",
                 "Providers fight new site-blocking law in parliament"),
        gone=("Maria Lindqvist", "Technology", "News", "server rack"),
    ),
    "markdown_news_portal.txt": dict(
        title="Regulator fines broadband firm over hidden throttling",
        date=dt.date(2019, 3, 3),
        blocks=[
            ("paragraph", "The national telecoms regulator has fined a broadband provider for slowing down "
             "video traffic without telling its customers, in the first penalty of its kind under the "
             "country's net neutrality rules."),
            ("paragraph", "The provider throttled streaming services at peak hours for more than a year, the "
             "regulator found after a complaint from a consumer group. It must now refund affected customers "
             "and publish its traffic management rules, according to the decision."),
            ("subheading", "A test case for the rules"),
            ("paragraph", 'Lawyers said the case would be watched closely by other providers. "This shows the '
             'rules have teeth," said one, who asked not to be named because she advises several operators.'),
            ("paragraph", "The provider said it would appeal, arguing that the measures protected the network "
             "during unusual peaks in demand."),
        ],
        related=("Broadband speeds fall short of advertised figures, survey finds",
                 "Parliament approves new copyright rules after late-night vote",
                 "Streaming prices rise for the third time this year"),
        gone=("Northgate Courier", "Tomasz Wrona", "Fibre cables", "Courier archive", "net neutrality |",
              "Most read", "Cookie"),
    ),
    "markdown_web_archive.txt": dict(
        title="Supreme court limits how long providers keep customer data",
        date=dt.date(2021, 5, 4),
        blocks=[
            ("paragraph", "The supreme court ruled on Tuesday that internet providers may keep their customers' "
             "connection records for no longer than six months, striking down a law that required them to "
             "store the data for two years."),
            # Escaped stars were stars on the page: they stay.
            ("paragraph", "The court said the longer period was *disproportionate* and that the law failed to "
             "say who could ask for the records and why. Prosecutors had used the data in a growing number "
             "of copyright cases, including one against the operator of a file-sharing site."),
            ("subheading", "What changes for providers"),
            ("paragraph", "Providers must delete older records within three months. The ministry of justice "
             "said it would present a new bill before the summer."),
        ],
        related=("Providers ask parliament to rethink data retention", "Court hears appeal in file-sharing case"),
        gone=("Kaja Tamm", "Podcasts", "Opinion", "===", "---", "* * *", "archive.org"),
    ),
    "link_list_dump.txt": dict(
        title="Police seize servers of subtitle site",
        date=dt.date(2017, 6, 14),
        blocks=[
            ("paragraph", "Police in Oslo have seized the servers of a popular subtitle site after a complaint "
             "from film distributors, the site's operators said on Wednesday."),
            ("paragraph", "The operators, two students, said they had never made money from the site and that "
             "the subtitles were written by volunteers. A lawyer for the distributors said subtitles were "
             "derivative works and needed permission."),
            ("subheading", "What happens next"),
            ("paragraph", "Prosecutors have not yet decided whether to bring charges. The students' lawyer said "
             "they would fight any case in court."),
        ],
        related=("Film distributors send warning letters to downloaders", "Court rules on linking to pirated films"),
        gone=("Fjord Post", "Ingrid Solberg", "[IMG]", "References", "Economy", "Advertise", "E-mail"),
    ),
}


# Scrapes from other tools, checked by headline, date, first words, subheadings and related list.
MORE_SCRAPES = {
    # A reader tool's output: "Title:", "URL Source:", "Published Time:", "Markdown Content:".
    "markdown_reader_tool.txt": ("Anatel expands crackdown on unlicensed TV boxes", dt.date(2023, 3, 14),
                                 "Brazil's telecoms regulator said on Tuesday", [], ()),
    # A blogging platform: "Open in app", author card with "7 min read · Jun 2, 2022", "Listen", "Share".
    "markdown_blog_platform.txt": ("Why a small ISP fought a blocking order for five years", dt.date(2022, 6, 2),
                                   "When a court first told a small cooperative", ["A question of cost"], ()),
    # A site's name as a setext "===" heading linking home, the headline as a "---" heading.
    "markdown_wordpress_setext.txt": ("BREIN reaches deal with Usenet provider", dt.date(2016, 3, 9),
                                      "The Dutch anti-piracy foundation BREIN has reached", [], ()),
    # Related headlines as thumbnail links broken over two lines by a hard break.
    "markdown_thumbnail_links.txt": (
        "Latvian police shut down pirate IPTV service with 50,000 subscribers", dt.date(2019, 3, 3),
        "Police in Latvia have shut down", [],
        ("Europol targets illegal streaming networks", "Court upholds fine for selling pirate set-top boxes"),
    ),
    # An author card ("#### [Sam Okafor](...)", "Oct 2, 2018 • 4 min read") under the headline and its image.
    "markdown_author_card.txt": (
        "Canada's regulator turns down website-blocking plan", dt.date(2018, 10, 2),
        "Canada's telecoms regulator has rejected", [],
        ("ISPs and broadcasters propose national blocking agency", "Copyright review begins with hearings in Ottawa"),
    ),
}


@pytest.mark.parametrize("name", sorted(MORE_SCRAPES))
def test_scrapes_of_other_tools_read_as_their_articles(name: str) -> None:
    title, date, opening, subheadings, related = MORE_SCRAPES[name]
    document = fixture(name)
    assert document.title == title
    assert (document.date, document.date_source) == (date, "dateline")
    assert document.blocks[0].kind == "paragraph" and document.blocks[0].text.startswith(opening)
    assert [block.text for block in document.blocks if block.kind == "subheading"] == subheadings
    assert document.related == related
    seen = "\n".join((document.text, *document.related))
    for furniture in (*SCRAPE_FURNITURE, "Open in app", "Sign in", "min read", "Listen", "Title:", "Source",
                      "Markdown Content", "--", "Lowlands Digital", "Sam Okafor", "Ana Ribeiro", "Privacy",
                      "Terms of use", "Comments", "Jan", "WordPress"):
        assert furniture not in seen, furniture
    assert document.text.count(title) == 1


def test_a_plain_page_dump_loses_its_addresses_and_keeps_its_text() -> None:
    document = fixture("plain_page_dump_with_addresses.txt")
    assert document.title == "Dutch ISPs ordered to block file-sharing site"
    assert (document.date, document.date_source) == (dt.date(2012, 1, 11), "dateline")
    assert "polder-post" not in document.text and "www." not in document.text
    assert document.blocks[-2].text.endswith("users could easily find ways around it.")
    assert document.blocks[-1].text == "The judge said the order was proportionate and gave the providers ten days to comply."


@pytest.mark.parametrize("name", sorted(SCRAPES))
def test_a_page_scrape_reads_as_its_article(name: str) -> None:
    expected = SCRAPES[name]
    document = fixture(name)
    assert document.title == expected["title"]
    assert kinds(document) == expected["blocks"]
    assert document.related == expected["related"]
    assert document.warnings == ()


@pytest.mark.parametrize("name", sorted(SCRAPES))
def test_a_page_scrape_is_dated_from_its_byline(name: str) -> None:
    document = fixture(name)
    assert (document.date, document.date_source) == (SCRAPES[name]["date"], "dateline")


@pytest.mark.parametrize("name", sorted(SCRAPES))
def test_no_menu_image_address_or_byline_of_a_scrape_reaches_the_text(name: str) -> None:
    document = fixture(name)
    seen = "\n".join((document.text, *document.related))
    for furniture in (*SCRAPE_FURNITURE, *SCRAPES[name]["gone"]):
        assert furniture not in seen, furniture
    # The headline appears once: never again as the summary's first paragraph or a subheading.
    assert document.text.count(document.title) == 1


def test_sources_yml_still_wins_over_a_scrapes_byline() -> None:
    data = (FIXTURES / "markdown_blog_scrape.txt").read_bytes()
    document = ingest("x.txt", data, SourceInfo(published=dt.date(2024, 12, 22)), RULES)
    assert (document.date, document.date_source) == (dt.date(2024, 12, 22), "sources")
    assert "the dateline says 2024-12-21" in " ".join(document.warnings)


MENU = "* [Home](https://site.example/)\n* [News](https://site.example/news/)\n\n"


def test_a_markdown_scrape_keeps_the_text_of_emphasis_and_links_but_not_their_syntax() -> None:
    document = read(
        f"{MENU}# A headline\n\nThe *court* ruled that **the site** must close, [the agency](/press/1) "
        "and __its lawyers__ said.\n"
    )
    assert document.title == "A headline"
    assert kinds(document) == [("paragraph", "The court ruled that the site must close, the agency and its lawyers said.")]


@pytest.mark.parametrize(
    "text",
    [
        "The fine was 2*3*4 times the profit, the court said, citing file_name_here and snake_case.",
        "A link that is no scrape's [click](javascript:alert(1)) stays, as does <b>markup</b>.",
        "Prices rose by 5 * 3 per cent * 2, it said, and the table (* marks estimates) was corrected.",
    ],
)
def test_text_that_is_no_scrape_markup_stays_literal_even_in_a_markdown_scrape(text: str) -> None:
    document = read(f"{MENU}# A headline\n\n{text}\n")
    assert kinds(document) == [("paragraph", text)]


def test_a_plain_seed_keeps_markdown_syntax_literally() -> None:
    text = "# Not a heading, and *stars* and [one link](https://site.example/a) stay as written."
    document = read(f"Head line\n\n{text}\n\nAnother paragraph, with __underscores__ and ## hashes.\n")
    assert kinds(document) == [
        ("paragraph", text),
        ("paragraph", "Another paragraph, with __underscores__ and ## hashes."),
    ]


def test_markdown_headings_are_subheadings_and_a_trailing_sidebar_heading_goes() -> None:
    long_heading = "Why the providers say the order goes further than any court has gone before in Europe"
    document = read(
        f"{MENU}# A headline\n\n{BODY}\n\n## {long_heading}\n\n{OTHER}\n\n## Short one\n\n{BODY}\n\n"
        "## Categories\n\n* [Piracy](/c/piracy)\n* [Courts](/c/courts)\n"
    )
    assert kinds(document) == [
        ("paragraph", BODY), ("subheading", long_heading), ("paragraph", OTHER),
        ("subheading", "Short one"), ("paragraph", BODY),
    ]


@pytest.mark.parametrize(
    "byline",
    [
        "By [Jane Doe](https://site.example/author/jane)",
        "by [Jane Doe](/author/jane) and [John Roe](/author/john)",
        "Author: [Jane Doe](/author/jane)",
        "*By [Jane Doe](/author/jane)*",
    ],
)
def test_a_byline_whose_author_is_a_link_is_dropped_not_a_subheading(byline: str) -> None:
    document = read(f"{MENU}# A headline\n\n{byline}\n\n{BODY}\n\n{OTHER}\n")
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


@pytest.mark.parametrize(
    ("byline", "date"),
    [
        ("December 21, 2024 by [Maria Lindqvist](https://site.example/author/maria/)", dt.date(2024, 12, 21)),
        ("[December 21, 2024](https://site.example/2024/12/21/) by [Maria](/author/maria)", dt.date(2024, 12, 21)),
        ("By [Jane Doe](/author/jane) | March 3, 2019", dt.date(2019, 3, 3)),
        ("_Published: 2021-05-04 10:22_", dt.date(2021, 5, 4)),
        ("Posted on **6 March 2012** by [Jane](/author/jane)", dt.date(2012, 3, 6)),
        ("Updated: 4 May 2021 | Published: [3 May 2021](/2021/05/03/)", dt.date(2021, 5, 3)),
    ],
)
def test_a_linked_byline_with_a_date_is_the_dateline(byline: str, date: dt.date) -> None:
    document = read(f"{MENU}# A headline\n\n{byline}\n\n{BODY}\n")
    assert (document.date, document.date_source) == (date, "dateline")
    assert kinds(document) == [("paragraph", BODY)]


def test_the_headline_of_a_scrape_is_the_repeated_title_not_the_sites_name() -> None:
    document = read(
        "# Example Times\n\n[Home](/) | [World](/world)\n\n# Police raid tracker\n\n"
        "[Home](/) > [News](/news) > Police raid tracker\n\n# Police raid tracker\n\n"
        f"{BODY}\n\n{OTHER}\n"
    )
    assert document.title == "Police raid tracker"
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


def test_a_scrape_without_a_repeated_title_takes_its_last_top_heading() -> None:
    document = read(f"# Example Times\n\n{MENU}# Police raid tracker\n\n{BODY}\n")
    assert document.title == "Police raid tracker"
    assert kinds(document) == [("paragraph", BODY)]


def test_a_linked_headline_is_still_the_headline() -> None:
    document = read(f"{MENU}# [Police raid tracker](https://site.example/2014/05/police-raid)\n\n{BODY}\n")
    assert document.title == "Police raid tracker"


def test_a_headline_repeated_in_a_plain_dump_is_not_the_summary() -> None:
    document = read(f"Anatel starts cutting off pirate TV boxes\n\nAnatel starts cutting off pirate TV boxes\n\n{BODY}\n")
    assert kinds(document) == [("paragraph", BODY)]


def test_a_page_title_with_the_sites_name_gives_way_to_the_headline() -> None:
    document = read(f"Police raid tracker in Montreal | Example Times\n\nPolice raid tracker in Montreal\n\n{BODY}\n")
    assert document.title == "Police raid tracker in Montreal"
    assert kinds(document) == [("paragraph", BODY)]


def test_a_short_line_never_takes_the_place_of_a_headline_with_a_dash() -> None:
    document = read(f"Sweden - the new pirate haven\n\nSweden\n\n{BODY}\n")
    assert document.title == "Sweden - the new pirate haven"


def test_images_and_their_captions_go_and_the_text_around_them_stays() -> None:
    document = read(
        f"{MENU}# A headline\n\n{BODY}\n\n![The court building](https://cdn.site.example/court.jpg)\n"
        "*The court building in The Hague. Photo: Jane Doe*\n\n"
        f"[![](https://cdn.site.example/ad.gif)](https://ads.example/click)\n\n{OTHER}\n"
    )
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


def test_addresses_never_reach_the_text_the_tagger_sees() -> None:
    document = read(
        f"A headline\n\n{BODY} (https://www.bbc.example/news/123)\n\nhttps://www.riaa.example/press/2014\n\n"
        "The statement <https://www.ifpi.example/statement> was short.\n"
    )
    assert "example" not in document.text
    assert kinds(document) == [("paragraph", BODY), ("paragraph", "The statement was short.")]


def test_a_markdown_link_whose_text_is_an_address_leaves_nothing() -> None:
    document = read(
        f"{MENU}# A headline\n\n{BODY} See [https://www.court.example/ruling.pdf](https://www.court.example/ruling.pdf)\n"
    )
    assert "court.example" not in document.text


def test_a_breadcrumb_naming_the_sources_own_domain_is_dropped() -> None:
    document = read(
        f"# Police raid tracker\n\n[torrentnews.example](https://torrentnews.example/) > [News](/news/)\n\n"
        f"[Piracy](/piracy/) › Police raid tracker\n\n{BODY}\n\n{OTHER}\n"
    )
    assert "torrentnews" not in document.text and "Piracy" not in document.text
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


def test_a_related_list_takes_linked_headlines_but_not_a_footer_menu() -> None:
    document = read(
        f"{MENU}# A headline\n\n{BODY}\n\n### Related posts\n\n"
        "* [Court fines tracker operator](/2024/01/fine)\n* [ISP appeals blocking order](/2024/02/appeal)\n\n"
        "[About](/about) | [Contact](/contact) | [Jobs](/jobs)\n"
    )
    assert document.related == ("Court fines tracker operator", "ISP appeals blocking order")
    assert kinds(document) == [("paragraph", BODY)]



_SCRAPE_LINES = st.sampled_from(
    [
        BODY,
        OTHER,
        "# Court Blocks Tracker",
        "## What the ruling means",
        "* [Home](https://site.example/)",
        "[Home](/) > [News](/news/) > Court Blocks Tracker",
        "![logo](/logo.png)",
        "*A caption under the logo*",
        "December 21, 2024 by [Jane Doe](/author/jane)",
        "The *court* said [the site](https://site.example/a) must **close** within __ten__ days.",
        "Share: [Facebook](https://facebook.example/share) [X](https://x.example/share)",
        "### Related posts",
        "* [Another court blocks a tracker](/2024/01/other)",
        "[About](/about) | [Contact](/contact)",
        "2*3*4 and snake_case_name and [x](javascript:alert(1))",
        "===",
        "* * *",
        "",
    ]
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_SCRAPE_LINES, min_size=1, max_size=25), joiner=st.sampled_from(["\n", "\n\n"]))
def test_reading_a_scrape_only_removes_markup_and_furniture(lines: list[str], joiner: str) -> None:
    # Behind a menu of two links, as page scrapes are: a seed with fewer is no Markdown scrape.
    try:
        document = read(MENU + joiner.join(lines))
    except SeedError:
        return
    source = " ".join(lines)
    for piece in (document.title, *(block.text for block in document.blocks), *document.related):
        # Every word shown was in the seed (links and emphasis give their text, never their syntax)...
        assert all(word in source for word in piece.split()), piece
        # ...and no scraped address or link syntax is shown.
        assert "https://" not in piece and "](/" not in piece and "![" not in piece, piece


def test_a_reader_tools_title_label_is_not_part_of_the_headline() -> None:
    document = read(
        "Title: Regulator fines broadband firm\n\nURL Source: https://site.example/a\n\n"
        "Published Time: 2019-03-03T09:30:00Z\n\nMarkdown Content:\n"
        f"{BODY} It cited [the law](https://site.example/law) and [a ruling](https://site.example/r).\n"
    )
    assert document.title == "Regulator fines broadband firm"
    assert (document.date, document.date_source) == (dt.date(2019, 3, 3), "dateline")
    assert kinds(document) == [("paragraph", f"{BODY} It cited the law and a ruling.")]


def test_a_plain_seeds_headline_keeps_a_title_label() -> None:
    assert read(f"Title: A headline\n\n{BODY}\n").title == "Title: A headline"
