"""settings.py: NEWS_DIGEST parsed once per build, one rule for paths, the knowledge base loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from news_digest import knowledge, settings
from news_digest.settings import build_knowledge, build_settings, parse_settings
from news_digest.yamlfiles import ConfigError


def test_relative_paths_are_taken_from_the_build_folder_and_absolute_ones_kept(tmp_path: Path) -> None:
    parsed = parse_settings(
        {"seeds": "my-seeds", "knowledge": ["extra.yml", "/abs/k"], "boilerplate": "r.yml"}, tmp_path
    )
    assert parsed.seeds == tmp_path / "my-seeds"
    assert parsed.knowledge == (tmp_path / "extra.yml", Path("/abs/k"))
    assert parsed.boilerplate == (tmp_path / "r.yml",)


def test_a_bad_setting_names_the_key_and_why() -> None:
    with pytest.raises(ConfigError, match="must be a positive whole number") as raised:
        parse_settings({"summary_words": 0})
    assert (raised.value.file, raised.value.entry) == ("NEWS_DIGEST", "'summary_words'")
    with pytest.raises(ConfigError, match="unknown key.*colour"):
        parse_settings({"colour": "red"})


def test_one_build_parses_its_settings_and_loads_its_knowledge_once(monkeypatch: pytest.MonkeyPatch) -> None:
    loads = []
    real = knowledge.load_knowledge

    def counting(extra=()):
        loads.append(extra)
        return real(extra)

    monkeypatch.setattr(knowledge, "load_knowledge", counting)
    pelican_settings = {"NEWS_DIGEST": {"annotate_on_build": False}}
    assert build_settings(pelican_settings) is build_settings(pelican_settings)
    kb = build_knowledge(pelican_settings)  # the converter at start-up...
    assert build_knowledge(pelican_settings) is kb  # ... and the site's pages later
    assert len(loads) == 1
    other_build = {"NEWS_DIGEST": {}}
    assert build_knowledge(other_build) is not kb and len(loads) == 2
    assert settings.build_settings(other_build).annotate_on_build
