"""Pieces of text -> blocks: subheadings, captions, lists and update notes."""

from __future__ import annotations

import pytest

from reading_helpers import BODY, OTHER, kinds, read


# -- subheadings, captions, lists ------------------------------------------------


def test_a_short_line_between_paragraphs_is_a_subheading() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nWhat the ruling means\n\n{OTHER}")
    assert kinds(document) == [
        ("paragraph", BODY),
        ("subheading", "What the ruling means"),
        ("paragraph", OTHER),
    ]


def test_a_question_can_be_a_subheading() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nWill the block work?\n\n{OTHER}")
    assert ("subheading", "Will the block work?") in kinds(document)


def test_image_captions_between_paragraphs_are_dropped() -> None:
    # An image's alt text and its caption come as a run of short lines.
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nNetelligent servers\n\nNeteligent\n\n{OTHER}")
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


def test_a_one_word_caption_or_label_is_dropped() -> None:
    document = read(f"Police Raid Tracker\n\nPiracy\n\n{BODY}\n\nNeteligent\n\n{OTHER}")
    assert kinds(document) == [("paragraph", BODY), ("paragraph", OTHER)]


def test_a_sentence_is_never_a_subheading() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nFour people were detained.\n\n{OTHER}")
    assert kinds(document)[1] == ("paragraph", "Four people were detained.")


def test_a_standfirst_before_the_first_paragraph_is_kept() -> None:
    document = read(f"Police Raid Tracker\n\nServers seized in a dawn raid\n\n{BODY}")
    assert kinds(document) == [("paragraph", "Servers seized in a dawn raid"), ("paragraph", BODY)]


def test_short_items_announced_by_a_colon_are_kept() -> None:
    document = read(f"Police Raid Tracker\n\nThe blocked sites are:\n\nThe Pirate Bay\n\nKickass\n\n{OTHER}")
    assert [text for _, text in kinds(document)] == [
        "The blocked sites are:",
        "The Pirate Bay",
        "Kickass",
        OTHER,
    ]


# -- updates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    [
        "Update: The site is back online.",
        "UPDATE: The site is back online.",
        "Update (May 15): The site is back online.",
        "Updated May 15, 2014: The site is back online.",
        "UPDATE - The site is back online.",
        "Update 2: The site is back online.",
    ],
)
def test_update_notes_become_update_blocks_with_their_label(note: str) -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{note}\n\n{OTHER}")
    assert kinds(document) == [("paragraph", BODY), ("update", note), ("paragraph", OTHER)]


def test_an_update_label_on_its_own_line_joins_its_paragraph() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nUpdate (May 15):\n\n{OTHER}")
    assert kinds(document) == [("paragraph", BODY), ("update", f"Update (May 15): {OTHER}")]


@pytest.mark.parametrize(
    "text", ["Updates to the law were announced on Monday.", "Updated figures show a rise."]
)
def test_paragraphs_merely_starting_with_the_word_are_not_updates(text: str) -> None:
    assert read(f"Police Raid Tracker\n\n{BODY}\n\n{text}").blocks[1].kind == "paragraph"
