"""Which line is the headline, and what becomes of an "Updated:" prefix."""

from __future__ import annotations

import datetime as dt

import pytest

from reading_helpers import BODY, read


# -- headline --------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline",
    [
        "Updated: Police Raid Tracker",
        "UPDATED: Police Raid Tracker",
        "updated: Police Raid Tracker",
        "UPDATED - Police Raid Tracker",
        "Update: Police Raid Tracker",
        "Update 2: Police Raid Tracker",
        "[Updated] Police Raid Tracker",
    ],
)
def test_an_updated_prefix_leaves_the_headline_and_marks_the_story(headline: str) -> None:
    document = read(f"{headline}\n\n{BODY}")
    assert (document.title, document.updated) == ("Police Raid Tracker", True)


@pytest.mark.parametrize("headline", ["Updated Copyright Law Passes Senate", "Update-Free Software Sold Out"])
def test_a_headline_merely_starting_with_the_word_is_left_alone(headline: str) -> None:
    document = read(f"{headline}\n\n{BODY}")
    assert (document.title, document.updated) == (headline, False)


def test_page_furniture_before_the_headline_is_skipped() -> None:
    document = read(f"Home > News >\nAdvertisement\n6 March 2012\n\nPolice Raid Tracker\n\n{BODY}")
    assert document.title == "Police Raid Tracker"
    assert document.date == dt.date(2012, 3, 6)
