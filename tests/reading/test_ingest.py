"""Seed bytes -> Document end to end: real seeds, seeds of other kinds of sites, properties, growth."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news_digest.reading import SeedError, ingest
from reading_helpers import BODY, FIXTURES, OTHER, RULES, SEEDS, fixture, kinds, read, seed, words_in_order


# -- the two real seeds ---------------------------------------------------------


@pytest.mark.parametrize("name", ["000_52cd81008fab5fa3.txt", "002_80d39e8c1e91e9ca.txt"])
def test_real_seeds_lose_their_page_furniture(name: str) -> None:
    document = seed(name)
    for furniture in ("Home > News >", "Sponsors", "Popular Posts", "From 2 Years ago", "Further readings"):
        assert furniture not in document.text
    lines = document.text.split("\n\n")
    assert "Netelligent servers" not in lines
    assert "Neteligent" not in lines
    assert document.warnings == ()


def test_seed_000_is_an_updated_story_with_two_update_notes() -> None:
    document = seed("000_52cd81008fab5fa3.txt")
    assert document.title == "Canadian Police Raid BitTorrent Tracker, Confiscate Server"
    assert document.updated is True
    updates = [block.text for block in document.blocks if block.kind == "update"]
    assert len(updates) == 2
    assert updates[0].startswith("Update: Netelligent confirm action against Sparvar’s server")
    assert updates[1].startswith("Update: TorrentFreak has been informed by Netelligent president")
    assert document.blocks[0].text.startswith("In somewhat of a surprise move, Canadian police")
    assert document.blocks[-1].text.startswith("A separate source familiar with the case")
    assert (document.date, document.date_source) == (dt.date(2014, 5, 14), "sources")
    assert document.source_url and document.source_url.startswith("http://torrentfreak.com/")


def test_seed_002_keeps_its_further_readings_apart() -> None:
    document = seed("002_80d39e8c1e91e9ca.txt")
    assert document.title == "Cops in Europe take down the Jolly Roger"
    assert document.updated is False
    assert document.related == (
        "Treaty Negotiators Turn to ‘ACTA Lite’ in Hopes of Closure",
        "Swedish press release on raids",
        "Where Will We Download ‘Mad Men’ Now?",
    )
    for headline in document.related:
        assert headline not in document.text
    assert document.blocks[-1].text.startswith("Odds are the operators will calm down")
    assert (document.date, document.date_source) == (dt.date(2010, 9, 8), "sources")


def test_seed_002_loses_the_section_label_glued_to_its_first_paragraph() -> None:
    first = seed("002_80d39e8c1e91e9ca.txt").blocks[0].text
    assert first.startswith("With ACTA negotiators closing in on a final deal")


def test_seed_hash_is_the_sha256_of_the_raw_bytes() -> None:
    data = (SEEDS / "000_52cd81008fab5fa3.txt").read_bytes()
    assert seed("000_52cd81008fab5fa3.txt").seed_hash == "sha256:" + hashlib.sha256(data).hexdigest()


def test_ingesting_twice_gives_the_same_document() -> None:
    assert seed("000_52cd81008fab5fa3.txt") == seed("000_52cd81008fab5fa3.txt")


# -- fixture seeds from other kinds of sites -----------------------------------


def test_a_blog_post_with_breadcrumbs_buttons_an_image_and_comments() -> None:
    document = fixture("wordpress_blog.txt")
    assert document.title == "Dutch Court Orders ISPs to Block Torrent Index"
    assert (document.date, document.date_source) == (dt.date(2012, 3, 6), "dateline")
    assert ("subheading", "What happens next?") in kinds(document)
    assert document.related == (
        "Swedish Prosecutors Appeal Tracker Verdict",
        "Music Industry Targets Cyberlockers in New Campaign",
    )
    for gone in (
        "Home »",
        "Posted on",
        "Share",
        "Tweet",
        "[Image",
        "Advertisement",
        "Leave a Reply",
        "Pieter says",
    ):
        assert gone not in document.text
    # A hard-wrapped paragraph becomes one line.
    assert document.blocks[-1].text.endswith("would go back to court against those that did not.")


def test_a_newspaper_page_with_byline_captions_update_and_footer() -> None:
    document = fixture("newspaper_weekday.txt")
    assert (document.date, document.date_source) == (dt.date(2006, 5, 31), "dateline")
    assert [kind for kind, _ in kinds(document)] == ["paragraph", "paragraph", "paragraph", "update"]
    # The paragraph that an advertisement had split is whole again.
    assert document.blocks[2].text.startswith("The tracker's operators said on an alternate site that")
    assert (
        document.blocks[3].text
        == "Update (June 1): The tracker is back online, now hosted in the Netherlands."
    )
    assert document.related == (
        "Record Labels Sue File-Sharing Network",
        "Minister Defends New Copyright Bill",
    )
    for gone in (
        "Wednesday",
        "By Erik Lund",
        "Photo:",
        "Server room",
        "Hosting company",
        "©",
        "You may also like",
    ):
        assert gone not in document.text


def test_a_press_release_with_a_glued_dateline_a_list_and_a_contact_block() -> None:
    document = fixture("press_release.txt")
    assert (document.date, document.date_source) == (dt.date(2012, 3, 6), "dateline")
    assert document.blocks[0].text.startswith("A coalition of film and music producers today welcomed")
    texts = [block.text for block in document.blocks]
    # Short lines announced by a colon are a list, not captions.
    assert texts[2:6] == ["The rules cover:", "Streaming portals", "Torrent indexes", "Cyberlockers"]
    assert "Media contact" not in document.text and "About the coalition" not in document.text


def test_hard_wrapped_prose_loses_no_line_that_starts_like_boilerplate() -> None:
    document = fixture("wrapped_newsletter.txt")
    raw = (FIXTURES / "wrapped_newsletter.txt").read_text("utf-8").split("\n\n")
    assert (document.date, document.date_source) == (dt.date(2019, 11, 4), "dateline")
    assert [block.text for block in document.blocks] == [" ".join(part.split()) for part in raw[1:4]]
    assert "Anna" not in document.text


def test_a_windows_file_with_bom_crlf_and_an_updated_prefix() -> None:
    document = fixture("bom_crlf.txt")
    assert document.title == "Copyright Levy on Blank Media Raised Again"
    assert document.updated is True
    assert (document.date, document.date_source) == (dt.date(2012, 3, 6), "dateline")
    assert document.related == ("Levy Reform Stalls in Parliament",)
    assert "\r" not in document.text and "\ufeff" not in document.text
    assert "You are here" not in document.text and "Tags:" not in document.text
    assert document.blocks[0].text.startswith(
        "The government has raised the private copying levy on blank media"
    )


def test_a_windows_1252_file_keeps_its_curly_quotes_with_a_warning() -> None:
    document = fixture("cp1252.txt")
    assert document.title == "Minister’s “Three Strikes” Plan Draws Criticism"
    assert document.blocks[1].text == "“Disconnection is a punishment out of all proportion,” one group said."
    assert "–" in document.blocks[0].text
    assert document.warnings == ("not valid UTF-8; read as Windows-1252",)
    assert (document.date, document.date_source) == (dt.date(2012, 10, 1), "dateline")


def test_a_utf16_file_with_bom_is_read() -> None:
    document = fixture("utf16.txt")
    assert document.title == "Café Owners Fined for Playing Radio Music"
    assert document.date == dt.date(2020, 7, 2)
    assert document.warnings == ()


def test_a_portal_page_with_a_cookie_banner_scripts_a_sponsored_block_and_widgets() -> None:
    document = fixture("portal_with_widgets.txt")
    # The cookie banner above the headline is not the headline.
    assert document.title == "Lisbon court orders ISPs to block streaming portals"
    assert (document.date, document.date_source) == (dt.date(2015, 3, 12), "dateline")
    assert [block.text[:40] for block in document.blocks] == [
        "A court in Lisbon has ordered the countr",
        "The case was brought by a coalition of f",
        "Judges rejected the providers' argument ",
    ]
    # The sponsored teasers are not related reading; the "Also read" link is.
    assert document.related == ("Spanish regulator targets football streams",)
    for gone in ("cookies", "Partilhar", "dataLayer", "googletag", "_pageConfig", "gadget", "broadband",
                 "inbox", "email address", "Sign up", "site blocking", "WhatsApp", "comment"):
        assert gone not in document.text, gone


def test_a_blog_page_with_a_share_bar_style_lines_and_a_comment_form() -> None:
    document = fixture("blog_with_widgets.txt")
    assert document.title == "Hamburg court fines uploader over leaked album"
    assert (document.date, document.date_source) == (dt.date(2019, 11, 4), "dateline")
    assert [block.kind for block in document.blocks] == ["paragraph"] * 3
    # A hard-wrapped sentence stays whole.
    assert document.blocks[0].text.endswith("ordering him to pay the record label's legal costs as well.")
    assert document.related == ("Labels Sue Over Pre-Release Leaks",)
    for gone in ("Teilen", "Drucken", "display", "@media", "energy supplier", "sleep", "cookies",
                 "Music", "Filed under", "Cancel reply", "will not be published", "Klaus"):
        assert gone not in document.text, gone


def test_a_file_of_only_boilerplate_is_refused() -> None:
    with pytest.raises(SeedError, match="^no article text after removing boilerplate$"):
        fixture("only_boilerplate.txt")



# -- properties ------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_document_or_a_seed_error(data: bytes) -> None:
    try:
        ingest("any.txt", data, rules=RULES)
    except SeedError as error:
        assert str(error)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_block_texts_are_clean_single_lines(text: str) -> None:
    try:
        document = read(text)
    except SeedError:
        return
    for piece in (document.title, *(block.text for block in document.blocks), *document.related):
        assert piece and piece == piece.strip()
        assert "\n" not in piece and "\t" not in piece and "  " not in piece
        assert unicodedata.is_normalized("NFC", piece)
        assert not any(unicodedata.category(char) == "Cc" for char in piece)


_LINES = st.sampled_from(
    [
        BODY,
        OTHER,
        "What the ruling means",
        "Neteligent",
        "Netelligent servers",
        "Update: It is back.",
        "Update (May 15):",
        "Related:",
        "Popular Posts",
        "Court Blocks Tracker",
        "Advertisement",
        "Sponsors",
        "Home > News >",
        "6 March 2012",
        "31 February 2012",
        "By Jane Doe | Amsterdam",
        "Leave a Reply",
        "The blocked sites are:",
        "Photo: the court",
        "Piracy With ACTA talks closing, police acted.",
        "STOCKHOLM, March 6, 2012 - Police raided a data centre.",
        "Updated: Police Raid Tracker",
        "",
        "and the ruling",
        "Tweet | Facebook",
    ]
)


_VISIBLE = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn"))


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINES | st.text(_VISIBLE, max_size=40), max_size=25), st.sampled_from(["\n", "\n\n"]))
def test_ingest_only_removes_text_never_invents_or_reorders_it(lines: list[str], joiner: str) -> None:
    try:
        document = read(joiner.join(lines))
    except SeedError:
        return
    source_words = unicodedata.normalize("NFC", " ".join(lines)).split()
    assert words_in_order(document.title, source_words)
    body = " ".join(block.text for block in document.blocks)
    assert words_in_order(body, source_words)
    for headline in document.related:
        assert words_in_order(headline, source_words)


# -- growth ------------------------------------------------------------------------


def _best_time(data: bytes, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(SeedError):
            ingest("big.txt", data, rules=RULES)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(
    "make",
    [
        # Many short lines that look almost like boilerplate, dates and headings.
        lambda n: (
            "Headline\n\n" + "Posted on 6 March 2012 by Home > News\nShare this article now\nPhoto:\n\n" * n
        ),
        # One very long line of near-misses for the patterns.
        lambda n: "Headline\n\n" + "Home > (Photo credit © 2012 Related: 6 March 2012 " * (4 * n),
        # Near-misses for the cookie, script, share-row and list rules, in one block and apart.
        lambda n: (
            "Headline\n\n"
            + "We use cookies and cookies and cookies to, Facebook Twitter Email Print Share,\n"
            "window.a.b.c.d.e.f.g.h.i.j.k.l.m Tags:\nSponsored\nThe gadget everyone wants\n\n" * n
        ),
        # Page-scrape markup and near-misses for it: menus, headings, emphasis, images, escapes.
        lambda n: (
            "# Headline\n\n"
            + "* [Item](https://site.example/a) | [x](/y)\n# Headline\n## Sub *em* **b** _u_ \\*\n"
            "![i](/z.png) [unclosed](https://a.example [a] [b][c] *open **open __ ~~\n\n" * n
        ),
        # One very long line of links, emphasis and brackets.
        lambda n: "# Headline\n\n" + "[a](/b) *c* [d](e ![f](/g) **h ((( [[ ]] " * (4 * n),
        # A text-browser dump: link markers and the numbered list of addresses.
        lambda n: (
            "Headline\n\n" + "* [1]News [2]Sport\n[3]A linked headline here\nprose that [4]runs on\n\n" * n
            + "References\n\n" + "1. https://site.example/a\n" * n
        ),
    ],
    ids=["many-lines", "one-long-line", "new-kinds", "markdown-scrape", "markdown-long-line", "link-list-dump"],
)
def test_ingest_time_grows_linearly_with_seed_size(make) -> None:
    small, large = make(500).encode(), make(2000).encode()
    _best_time(small, runs=1)  # warm caches before measuring
    ratio = _best_time(large) / _best_time(small)
    # 4x the input; quadratic work would take about 16x.
    assert ratio < 10, f"4x input took {ratio:.1f}x the time"
