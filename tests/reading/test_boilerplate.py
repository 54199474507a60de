"""The boilerplate rules: what they remove, what they leave alone, and how bad rule files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from news_digest.reading import ingest
from news_digest.reading.boilerplate import BUILTIN_RULES, GROUPS, load_rules
from news_digest.yamlfiles import ConfigError

RULES = load_rules()


def is_furniture(line: str) -> bool:
    """Whether ingestion drops ``line`` wherever it stands, by one rule or another."""
    return any(
        group.fullmatch(line)
        for group in (
            RULES.drop_lines,
            RULES.row_items,
            RULES.dropped_list_headings,
            RULES.sponsor_headings,
            RULES.ad_markers,
        )
    ) or RULES.script_lines.prefix(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Home > News >",
        "Home » Web TV »",
        "Home › Digital › Policy",
        "News › South Africa › Politics",
        "You are here: News / Policy",
        "Skip to main content",
        "Share this article",
        "Share on Facebook",
        "Share on Twitter",
        "Share this article: Facebook Twitter WhatsApp",
        "Tweet",
        "Email",
        "Print",
        "Share 12",
        "Print this article",
        "Advertisement",
        "- Advertisement -",
        "Sponsors",
        "Sponsored links",
        "Story continues below advertisement",
        "Continue reading",
        "Comments (3)",
        "12 comments",
        "View all comments",
        "Read more",
        "Read more »",
        "Read more: https://example.org/story?id=1",
        "Read more at Example News",
        "Subscribe",
        "Subscribe to our newsletter for weekly updates",
        "Follow us on Twitter for the latest news",
        "© 2014 TorrentFreak",
        "Copyright © 2010 Example Media Ltd.",
        "Copyright 2010 Example Media. All rights reserved.",
        "Nordic Tech News. All rights reserved.",
        "Tags: piracy, bittorrent, Canada",
        "Posted in: Asia, Legal",
        "Posted in Uutiset / News",
        "From 2 Years ago…",
        "3 hours ago",
        "« Previous article",
        "Next post »",
        "By Jane Doe",
        "Posted by Karl Nyberg",
        "By Jane Doe, Staff Writer",
        "5 min read",
        "Click to enlarge",
    ],
)
def test_page_furniture_lines_are_dropped(line: str) -> None:
    assert is_furniture(line), line


@pytest.mark.parametrize(
    "line",
    [
        # cookie and consent banners
        "We use cookies to personalise content and to give you the best experience. Accept",
        "This website uses cookies. By continuing to browse it you agree to our cookie policy.",
        "Our site uses cookies so that your visit works well. Learn more",
        "We and our advertising partners store cookies on your device; you can change this at any time.",
        "This site uses cookies.",
        "Cookies help us run this site. By using it, you agree to our privacy policy.",
        "By continuing to use this site, you consent to the use of cookies.",
        "Accept all cookies",
        "Reject all",
        "I agree",
        "Got it!",
        "Manage preferences",
        "Manage cookie settings",
        "Cookie settings",
        "Privacy policy",
        "Do not sell my personal information",
        "We value your privacy",
        # comment widgets
        "Login to post a comment",
        "Log in to comment",
        "Sign in or register to join the discussion",
        "Be the first to comment",
        "Be the first to comment on this article",
        "One comment",
        "2 Responses",
        "No responses yet",
        "Comments: 12",
        "7 Comments »",
        "4 Kommentare",
        "Cancel reply",
        "Your email address will not be published. Required fields are marked *",
        "Comments powered by Disqus.",
        # share buttons in other languages (rows of them: test_body.py)
        "Partilhar: Facebook | Twitter | Email",
        "Compartir",
        "Compartir en WhatsApp",
        "Teilen",
        "Partager",
        "Dela",
        "Condividi su Facebook",
        "Partager : Facebook · Twitter · Imprimer",
        # sponsored blocks (their headings; the lines under them are dropped by ingest)
        "Sponsored",
        "Sponsored content",
        "Sponsored stories",
        "Promoted",
        "Paid content",
        "Paid partnership",
        "Advertisement feature",
        "Partner content",
        "Around the web",
        "Promoted stories by Taboola",
        "Sponsored by Acme VPN",
        "Advertisement - Scroll to continue",
        "Anzeige",
        # newsletter sign-up prompts
        "Get the best of the week's tech news delivered to your inbox",
        "Enter your email address",
        "Email address*",
        "Sign up now",
        "Sign up for our newsletter",
        "Join 20,000 readers who get our weekly newsletter",
        "Thanks for signing up! Check your inbox to confirm.",
        "You can unsubscribe at any time.",
        "By signing up, you agree to our terms of use and privacy policy.",
        # tags, categories and other widgets
        "Tags: streaming, site blocking, Portugal",
        "Tags",
        "Filed under:",
        "Filed under: Music, Copyright",
        "Keywords:",
        "This article is more than 5 years old",
        "Show more stories",
        "Loading comments...",
        "Click here to subscribe",
    ],
)
def test_other_kinds_of_page_furniture_are_dropped(line: str) -> None:
    assert is_furniture(line), line


@pytest.mark.parametrize(
    "line",
    [
        "var utag_data = {\"page_type\": \"article\"};",
        "let slots = [];",
        "window.dataLayer = window.dataLayer || [];",
        "document.write('<div id=\"ad\"></div>');",
        "googletag.cmd.push(function() { googletag.display('div-gpt-ad-2'); });",
        "(function(d, s, id) { var js = d.createElement(s); })(document, 'script', 'sdk');",
        "!function(f, b, e) { f.fbq = f.fbq || []; }(window, document, 'script');",
        "(adsbygoogle = window.adsbygoogle || []).push({});",
        "gtag('config', 'UA-000000-1');",
        "$(document).ready(function() { $('.share').show(); });",
        "_taboola = window._taboola || [];",
        "if (typeof window.ads !== 'undefined') {",
        "});",
        "}",
        "{display:none}",
        ".ad-slot{display:none}",
        "#sidebar .widget { margin: 0 }",
        "@media (max-width: 600px) { .nav { display: none } }",
        '{"@context": "https://schema.org", "@type": "NewsArticle"}',
    ],
)
def test_page_script_and_style_lines_are_dropped(line: str) -> None:
    assert RULES.script_lines.prefix(line), line


@pytest.mark.parametrize(
    "line",
    [
        "[Image: The court building in The Hague]",
        "[Photo] Police vans outside the data centre",
        "Photo: Police vans outside the data centre",
        "Image credit: Netelligent",
        "(Photo credit: AFP)",
        "The server room (Photo: Netelligent)",
        "Photo by Jane Doe",
        "AFP/Getty Images",
        "CC BY-SA 2.0",
        "The Pirate Bay logo",
    ],
)
def test_image_captions_and_credits_are_dropped(line: str) -> None:
    assert RULES.captions.fullmatch(line), line


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply after the ruling.",
        "Copyright law in Canada was reformed in 2012.",
        "Copyright Modernization Act",
        "Email records show that the company knew about the uploads.",
        "Advertisement revenue fell by half that year.",
        "Print newspapers have suffered too.",
        "Home is where the servers are, the operator joked.",
        "Subscribers were told to change their passwords.",
        "by the court in Stockholm, which had heard the case",
        "Posted in 2012, the video was viewed a million times.",
        "Comments from the minister were not well received.",
        "Read the ruling here.",
        "The company unveiled a new logo for the service last year.",
        "Related cases are pending in Denmark and Norway.",
        "Photographs of the raid were published by the police.",
        "Sponsors of the bill said it would protect artists.",
        "Tweets by the minister were deleted.",
        "3 years ago the site had just 500 members.",
        # prose starting like a cookie banner, a comment widget, a share row or a sponsored block
        "We use cookies only where the law allows it, the company's lawyer told the court.",
        "This site uses cookies to follow visitors across the web, the regulator found.",
        "This website uses cookies without asking, according to the complaint.",
        "Cookies help us understand our readers, the publisher argued in its defence.",
        "Accept that the law has changed, the minister told critics.",
        "Manage preferences? Users were never given the chance, the watchdog said.",
        "Login details of 2,000 users were leaked after the raid.",
        "Log in figures fell after the block, the provider said.",
        "Be the first to know, the band told fans before the site went offline.",
        "One comment by the minister sparked a row.",
        "3 comments from the judge stood out.",
        "Partager des fichiers reste illégal, a rappelé le ministre.",
        "Dela of the Swedish group said it would appeal.",
        "Facebook and Twitter both removed the video after the order.",
        "Sponsored by a coalition of film studios, the bill passed the Senate.",
        "Sponsored by the studios and two of the",
        "Cookie consent",
        "Promoted by the music industry, the law was criticised by digital rights groups.",
        "Paid content services grew by 20 percent, the report said.",
        "Around the web, reaction to the ruling was swift.",
        "Get ready for more blocking orders, one lawyer warned.",
        "Sign up fees for the service will rise next year.",
        "Your email address could be handed to rights holders, the court ruled.",
        "Thank you for subscribing, read the message that greeted users of the paid pirate service.",
        "By using the site, users agreed to its terms, the court found.",
        "We value your privacy, the company wrote, before selling the data.",
        "Newsletter publishers were also targeted by the levy.",
        "Tags on the uploaded files identified the release group.",
        "Filed under seal, the documents were released in 2014.",
        "Topics such as piracy and streaming were discussed.",
        "Click here, the warning page read, and users were sent to a legal service.",
        "Loading times rose after the filter was installed.",
        # prose starting like page script
        "Variables such as var and let were not discussed.",
        "Window dressing, critics called the new rules.",
        "Document dumps published by the site included the contracts.",
        "Function creep is a risk, the privacy group warned.",
        "The function (of the new body) is to advise the minister.",
        "thepiratebay.org (TPB) was blocked by the court.",
        "e.g. the Copyright Act (as amended) applies.",
    ],
)
def test_prose_that_starts_like_boilerplate_is_kept(line: str) -> None:
    for group in (
        RULES.drop_lines,
        RULES.row_items,
        RULES.captions,
        RULES.related_headings,
        RULES.dropped_list_headings,
        RULES.end_headings,
    ):
        assert not group.fullmatch(line), line
    assert not RULES.script_lines.prefix(line), line


@pytest.mark.parametrize(
    "line",
    [
        "Popular Posts",
        "Related",
        "Related articles",
        "Further readings",
        "Read more",
        "See also",
        "More from TorrentFreak",
        "You may also like",
        "Most Read",
        "Related stories",
        "Also read",
        "Read also",
        "Lesen Sie auch",
        "Lire aussi",
        "Leia também",
    ],
)
def test_related_list_headings_are_recognised(line: str) -> None:
    assert RULES.related_headings.fullmatch(line), line


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Reply",
        "Leave a comment",
        "Comments",
        "3 Responses to “Police Raid Tracker”",
        "About the author",
        "###",
        "Leave a Reply Cancel reply",
        "Kommentare",
    ],
)
def test_comment_and_author_sections_end_the_article(line: str) -> None:
    assert RULES.end_headings.fullmatch(line), line


def test_every_builtin_rule_says_why_it_exists() -> None:
    raw = yaml.safe_load(BUILTIN_RULES.read_text("utf-8"))
    for group in GROUPS:
        assert raw[group], f"no rules in group {group}"
        for entry in raw[group]:
            assert entry["why"].strip()


def test_loading_is_deterministic_and_the_fingerprint_follows_the_rules(tmp_path: Path) -> None:
    assert load_rules().fingerprint == RULES.fingerprint
    extra = tmp_path / "extra.yml"
    extra.write_text(
        "drop_lines:\n  - pattern: 'deal of the day - .{1,40}'\n    why: shop teaser\n", "utf-8"
    )
    assert load_rules([extra]).fingerprint != RULES.fingerprint
    extra_limits = tmp_path / "limits.yml"
    extra_limits.write_text("limits:\n  short_line_words: 8\n", "utf-8")
    changed = load_rules([extra_limits])
    assert changed.limits.short_line_words == 8
    assert changed.fingerprint != RULES.fingerprint


def test_an_extra_rule_file_removes_its_lines_from_articles(tmp_path: Path) -> None:
    seed = b"Headline here\n\nDeal of the day - Acme VPN\n\nThe court ruled against the site on Monday.\n"
    assert "Acme" in ingest("x.txt", seed, rules=RULES).text
    extra = tmp_path / "extra.yml"
    extra.write_text(
        "drop_lines:\n  - pattern: 'deal of the day - .{1,40}'\n    why: shop teaser\n", "utf-8"
    )
    assert "Acme" not in ingest("x.txt", seed, rules=load_rules([extra])).text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("drop_lines: [\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("dropped_lines: []\n", "unknown rule group(s) dropped_lines"),
        ("drop_lines: {pattern: x}\n", "drop_lines: must be a list"),
        ("drop_lines:\n  - 'bare string'\n", "drop_lines[0]: expected a mapping"),
        ("drop_lines:\n  - pattern: 'x'\n", "drop_lines[0]: 'why' must say why"),
        ("drop_lines:\n  - pattern: ''\n    why: w\n", "drop_lines[0]: 'pattern' must be a non-empty string"),
        ("drop_lines:\n  - pattern: 'x'\n    why: w\n    note: n\n", "drop_lines[0]: unknown key(s) note"),
        (
            "captions:\n  - pattern: 'ok'\n    why: w\n  - pattern: '(unclosed'\n    why: w\n",
            "captions[1]: bad regex",
        ),
        ("drop_lines:\n  - pattern: '(?:a+)+b'\n    why: w\n", "nested quantifiers"),
        ("drop_lines:\n  - pattern: '(?:ab|cd)*e'\n    why: w\n", "alternatives inside a repeat"),
        ("drop_lines:\n  - pattern: '(?:a)(?P<x>b)'\n    why: w\n", "capturing group"),
        ("drop_lines:\n  - pattern: '(?:a)\\1'\n    why: w\n", "bad regex"),
        ("drop_lines:\n  - pattern: 'a*'\n    why: w\n", "matches an empty line"),
        ("drop_lines:\n  - pattern: 'x(?i)y'\n    why: w\n", "bad regex"),
        # unbalanced alone, though it compiles once wrapped in (?:...) with the group's others
        ("drop_lines:\n  - pattern: 'a)|(b'\n    why: w\n", "drop_lines[0]: bad regex"),
        ("link_targets:\n  - pattern: '(?:https?://'\n    why: w\n", "link_targets[0]: bad regex"),
        ("link_lines:\n  - pattern: '(?:\\x01+ ?)+'\n    why: w\n", "nested quantifiers"),
        ("link_lines:\n  - pattern: '[\\x01 ]{1,9}'\n", "link_lines[0]: 'why' must say why"),
        ("limits:\n  markdown_links: -1\n", "markdown_links must be a positive whole number"),
        ("limits:\n  short_line_words: 0\n", "short_line_words must be a positive whole number"),
        ("limits:\n  longest: 3\n", "unknown limit 'longest'"),
        ("limits: 5\n", "limits must be a mapping"),
    ],
)
def test_bad_rule_files_are_refused_naming_the_file_and_entry(
    tmp_path: Path, content: str, message: str
) -> None:
    extra = tmp_path / "my-rules.yml"
    extra.write_text(content, "utf-8")
    with pytest.raises(ConfigError) as error:
        load_rules([extra])
    assert str(extra) in str(error.value)
    assert message in str(error.value)


def test_a_missing_rule_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read boilerplate rules"):
        load_rules([tmp_path / "nowhere.yml"])


def test_an_empty_extra_file_adds_nothing(tmp_path: Path) -> None:
    extra = tmp_path / "empty.yml"
    extra.write_text("# nothing yet\n", "utf-8")
    assert load_rules([extra]).fingerprint == RULES.fingerprint


@pytest.mark.parametrize(
    ("shape", "navigation"),
    [
        ("* \x01", True),  # a menu item
        ("\x01 | \x01 | \x01", True),  # a footer menu
        ("\x01 > \x01 > Police raid tracker in Montreal", True),  # a breadcrumb ending in the title
        ("\x01 » Police raid tracker", True),
        ("By \x01", True),  # a byline whose author is a link
        ("by \x01 and \x01", True),
        ("By \x01, staff writer", True),
        ("Share: \x01 \x01 \x01", True),
        ("Follow us on \x01 \x01", True),
        ("Filed under \x01, \x01", True),
        ("Via \x01", True),
        ("The \x01 ruled that the site must close.", False),  # prose with a link
        ("See \x01 and \x01.", False),
        ("Read more: \x01", False),  # a related-list heading with its headline, not a menu
        ("By the time the \x01 ruled, the site had moved.", False),
    ],
)
def test_link_line_rules_tell_navigation_from_prose_with_links(shape: str, navigation: bool) -> None:
    assert RULES.link_lines.fullmatch(shape) is navigation


@pytest.mark.parametrize(
    ("target", "scraped"),
    [
        ("https://www.example.org/news/a-story", True),
        ("https://web.archive.org/web/20210506101512/https://example.org/", True),
        ("/news/technology/", True),
        ("#main-content", True),
        ("mailto:?subject=A%20story", True),
        ("article-1234.html", True),
        ("logo.png", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
    ],
)
def test_only_web_addresses_make_a_scraped_link(target: str, scraped: bool) -> None:
    assert RULES.link_targets.fullmatch(target) is scraped


@pytest.mark.parametrize(
    "line",
    [
        "https://www.example.org/news/2014/05/14/police-raid",
        "<https://www.example.org/>",
        "www.example.org",
        "Source: https://www.example.org/news/a-story",
        "12. https://www.example.org/about",
        "13. mailto:?subject=Police",
        "Visible links",
    ],
)
def test_bare_addresses_on_their_own_line_are_dropped(line: str) -> None:
    assert RULES.drop_lines.fullmatch(line)
