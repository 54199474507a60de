"""seeds/sources.yml: a bad entry is skipped with a warning, a broken file is refused."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from conftest import ROOT

from news_digest.models import SourceInfo
from news_digest.reading.sources import load_sources
from news_digest.yamlfiles import ConfigError


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(text, "utf-8")
    return path


def test_the_project_sources_give_each_seed_its_url_and_date() -> None:
    sources = load_sources(ROOT / "seeds" / "sources.yml")
    assert sources["000_52cd81008fab5fa3.txt"] == SourceInfo(
        url="http://torrentfreak.com/canadian-police-raid-bittorrent-tracker-confiscate-server-140514/",
        published=dt.date(2014, 5, 14),
    )
    assert sources["002_80d39e8c1e91e9ca.txt"].published == dt.date(2010, 9, 8)


def test_a_missing_file_means_no_sources(tmp_path: Path) -> None:
    assert load_sources(tmp_path / "sources.yml") == {}


def test_an_empty_file_means_no_sources(tmp_path: Path) -> None:
    assert load_sources(_write(tmp_path, "# nothing yet\n")) == {}


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("  published: 2014-02-31\n", "published '2014-02-31' is not a valid date"),
        ("  published: next week\n", "published 'next week' is not a valid date"),
        ("  published: 2014\n", "published 2014 is not a valid date"),
        ("  source: javascript:alert(1)\n", "is not an http(s) URL"),
        ("  source: ftp://example.org/file\n", "is not an http(s) URL"),
        ("  source: /relative/path\n", "is not an http(s) URL"),
        ("  source: 'http://example.org/a b'\n", "is not an http(s) URL"),
        ("  source: 'http://example.org/\"><script>'\n", "is not an http(s) URL"),
        ("  publised: 2014-02-03\n", "unknown key(s) publised"),
    ],
)
def test_a_bad_entry_is_ignored_with_a_warning_and_the_others_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, entry: str, reason: str
) -> None:
    path = _write(
        tmp_path,
        f"bad.txt:\n{entry}good.txt:\n  source: https://example.org/story\n  published: 2014-05-14\n",
    )
    with caplog.at_level(logging.WARNING, logger="news_digest.reading.sources"):
        sources = load_sources(path)
    assert "bad.txt" not in sources
    assert sources["good.txt"] == SourceInfo("https://example.org/story", dt.date(2014, 5, 14))
    messages = [record.getMessage() for record in caplog.records]
    assert any(str(path) in m and "bad.txt" in m and reason in m for m in messages), messages


def test_dates_may_be_written_as_on_a_page(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt:\n  published: March 6th, 2012\nb.txt:\n  published: '2012-03-07'\n")
    sources = load_sources(path)
    assert sources["a.txt"].published == dt.date(2012, 3, 6)
    assert sources["b.txt"].published == dt.date(2012, 3, 7)


def test_an_entry_may_give_only_a_url_or_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt:\n  source: http://example.org/\nb.txt:\n")
    assert load_sources(path) == {"a.txt": SourceInfo("http://example.org/", None), "b.txt": SourceInfo()}


def test_an_entry_given_twice_is_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = _write(tmp_path, "a.txt:\n  published: 2012-03-06\na.txt:\n  published: 2012-03-07\n")
    with caplog.at_level(logging.WARNING, logger="news_digest.reading.sources"):
        sources = load_sources(path)
    assert sources["a.txt"].published == dt.date(2012, 3, 7)
    assert any("a.txt is given twice" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a.txt: [unclosed\n", "not valid YAML"),
        ("- a.txt\n- b.txt\n", "expected a mapping"),
    ],
)
def test_a_broken_file_is_refused_naming_it(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_sources(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_an_unreadable_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "sources.yml"
    path.write_bytes(b"a.txt:\n  source: http://example.org/\xff\xfe\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_sources(path)
    folder = tmp_path / "folder.yml"
    folder.mkdir()
    with pytest.raises(ConfigError, match="cannot read"):
        load_sources(folder)
