"""The boilerplate rules: what they remove, what they leave alone, and how bad rule files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from news_digest.boilerplate import BUILTIN_RULES, GROUPS, RulesError, load_rules
from news_digest.ingest import ingest

RULES = load_rules()


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
    assert RULES.drop_lines.fullmatch(line), line


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
    ],
)
def test_prose_that_starts_like_boilerplate_is_kept(line: str) -> None:
    for group in (RULES.drop_lines, RULES.captions, RULES.related_headings, RULES.end_headings):
        assert not group.fullmatch(line), line


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
        "drop_lines:\n  - pattern: 'brought to you by .{1,40}'\n    why: sponsor credit\n", "utf-8"
    )
    assert load_rules([extra]).fingerprint != RULES.fingerprint
    extra_limits = tmp_path / "limits.yml"
    extra_limits.write_text("limits:\n  short_line_words: 8\n", "utf-8")
    changed = load_rules([extra_limits])
    assert changed.limits.short_line_words == 8
    assert changed.fingerprint != RULES.fingerprint


def test_an_extra_rule_file_removes_its_lines_from_articles(tmp_path: Path) -> None:
    seed = b"Headline here\n\nBrought to you by Acme VPN\n\nThe court ruled against the site on Monday.\n"
    assert "Acme" in ingest("x.txt", seed, rules=RULES).text
    extra = tmp_path / "extra.yml"
    extra.write_text(
        "drop_lines:\n  - pattern: 'brought to you by .{1,40}'\n    why: sponsor credit\n", "utf-8"
    )
    assert "Acme" not in ingest("x.txt", seed, rules=load_rules([extra])).text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("drop_lines: [\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("dropped_lines: []\n", "unknown rule group(s) dropped_lines"),
        ("drop_lines: {pattern: x}\n", "drop_lines must be a list"),
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
    with pytest.raises(RulesError) as error:
        load_rules([extra])
    assert str(extra) in str(error.value)
    assert message in str(error.value)


def test_a_missing_rule_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read boilerplate rules"):
        load_rules([tmp_path / "nowhere.yml"])


def test_an_empty_extra_file_adds_nothing(tmp_path: Path) -> None:
    extra = tmp_path / "empty.yml"
    extra.write_text("# nothing yet\n", "utf-8")
    assert load_rules([extra]).fingerprint == RULES.fingerprint
