"""slugs: stable article slugs, and the slugs hand-written articles already take in Pelican's eyes.

A collision check that reads a hand-written article differently from Pelican
either misses a clash (the build stops) or moves a generated page for nothing,
so the readers here are checked against Pelican's and Python-Markdown's own.
"""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_own_slugify

from news_digest.slugs import assign_slugs, handwritten_slug, markdown_metadata, pelican_slugify

TITLE_PIECES = st.sampled_from(
    [*"aZ09 _-<>!&;#'\"’—…éßØ½ﬁ\t/.,:", "Москва", "東京", "&amp;", "&#39;", "<em>", "</em>", "<!--", "-->"]
)
META_LINES = st.sampled_from(
    [
        "Title: Police raid tracker",
        "title:Straße & Co",
        "   Slug: my-note",
        "SLUG: Other-Slug",
        "Date: 2020-01-01",
        "    a continued value",
        "---",
        "...",
        "",
        "   ",
        "Not metadata at all",
        "Key with space: no",
    ]
)


@settings(max_examples=300)
@given(st.one_of(st.lists(TITLE_PIECES).map("".join), st.text()))
def test_titles_are_slugified_exactly_as_pelican_does(title: str) -> None:
    assert pelican_slugify(title) == pelican_own_slugify(title, DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


@settings(max_examples=300)
@given(st.lists(META_LINES, max_size=8), st.booleans())
def test_metadata_is_read_as_python_markdown_reads_it(lines: list[str], bom: bool) -> None:
    text = "\n".join(lines) + "\n\nThe article's text.\n"
    reader = markdown.Markdown(extensions=["markdown.extensions.meta"])
    reader.convert(text)
    expected = {key: values[0] for key, values in reader.Meta.items()}
    assert markdown_metadata("\ufeff" * bom + text) == expected


@pytest.mark.parametrize(
    ("text", "stem", "slug"),
    [
        ("Title: Police Raid Tracker!\nDate: 2020-01-01\n\nText.\n", "note", "police-raid-tracker"),
        ("Title: Anything\nSlug: Police-Raid\n\nText.\n", "note", "police-raid"),
        ("---\ntitle: Straße &amp; <em>Raid</em>\n---\n\nText.\n", "note", "strasse-raid"),
        ("Date: 2020-01-01\n\nNo title.\n", "My_Note", "my_note"),
    ],
    ids=["title", "slug-wins", "yaml-style-entities-tags", "file-name"],
)
def test_a_hand_written_article_takes_the_slug_pelican_gives_it(text: str, stem: str, slug: str) -> None:
    assert handwritten_slug(text, stem) == slug


def test_a_reserved_slug_sends_the_seed_to_its_named_slug() -> None:
    titles = {"000_a.txt": "Police Raid Tracker", "001_b.txt": "Court Blocks Site", "002_c.txt": "Other"}
    slugs = assign_slugs(titles, {"002_c.txt": "court-blocks-site-2"}, reserved={"police-raid-tracker"})
    assert slugs == {
        "000_a.txt": "police-raid-tracker-000-a",
        "001_b.txt": "court-blocks-site",
        "002_c.txt": "court-blocks-site-2",
    }


def test_a_pinned_slug_that_is_reserved_is_made_unique_too() -> None:
    slugs = assign_slugs({"000_a.txt": "Police Raid"}, {"000_a.txt": "my-note"}, reserved={"my-note"})
    assert slugs == {"000_a.txt": "my-note-000-a"}
