"""tagger/tuning.py: the tagger's tuning numbers are data, checked on load with the file, entry and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from news_digest.tagger.tuning import TUNING_FILE, load_tuning
from news_digest.yamlfiles import ConfigError


def test_the_shipped_tuning_loads_with_weights_adding_up_to_one() -> None:
    tuning = load_tuning()
    weights = tuning.relevance
    assert weights.headline + weights.lead + weights.mentions + weights.early == pytest.approx(1)
    assert tuning.near_two_edits_length > tuning.near_min_length


@pytest.mark.parametrize(
    ("change", "entry", "reason"),
    [
        (("list_window: 3", "list_window: -1"), "list_window", "whole number of at least 1"),
        (("list_window: 3", "list_window: yes"), "list_window", "whole number"),
        (("nickname_reach: 200\n", ""), "nickname_reach", "whole number"),
        (
            ("max_top_countries: 2", "max_top_countries: 2\nmax_top_contries: 3"),
            "max_top_contries",
            "unknown setting",
        ),
        (("  lead: 0.2", "  lead: 0.4"), "relevance", "add up to 1"),
        (("  early: 0.2", "  early: high"), "relevance.early", "number from 0 to 1"),
        (("  mentions_cap: 6", "  mentions_cap: 0"), "relevance.mentions_cap", "at least 1"),
    ],
)
def test_a_bad_tuning_file_names_the_entry_and_why(
    tmp_path: Path, change: tuple[str, str], entry: str, reason: str
) -> None:
    text = TUNING_FILE.read_text("utf-8")
    assert change[0] in text
    path = tmp_path / "tuning.yml"
    path.write_text(text.replace(change[0], change[1], 1), "utf-8")
    with pytest.raises(ConfigError, match=reason) as raised:
        load_tuning(path)
    assert (raised.value.file, raised.value.entry) == ("tuning.yml", entry)


def test_a_tuning_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tuning.yml"
    path.write_text("list_window: [3\n", "utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_tuning(path)
