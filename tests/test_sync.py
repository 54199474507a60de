"""sync: generated files are rewritten only when they change; people's files are never lost."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from news_digest.sync import Planned, State, converter_version, inspect, stamp, sync_articles

INPUTS = "a" * 64
ARTICLE = "Title: One\nSlug: one\n\nBody text.\n"


def planned(name: str = "one.md", body: str = "Body text.", inputs: str = INPUTS) -> Planned:
    return Planned(
        name, name.replace(".md", ".txt"), stamp(f"Title: One\nSlug: one\n\n{body}\n", inputs, "0.1.0+x")
    )


def test_generator_line_ends_the_metadata() -> None:
    text = stamp(ARTICLE, INPUTS, "0.1.0+abc")
    header, body = text.split("\n\n")
    assert header.split("\n")[-1].startswith(
        f"Generator: news-digest 0.1.0+abc; inputs sha256:{INPUTS}; body sha256:"
    )
    assert body == "Body text.\n"
    header_only = stamp("Title: Only\n", INPUTS, "v")
    assert header_only.startswith("Title: Only\nGenerator: news-digest v; ") and header_only.endswith("\n")
    assert "\n\n" not in header_only


def test_inspect_tells_ours_edited_and_foreign_apart(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    assert inspect(path).state is State.MISSING
    path.write_text(stamp(ARTICLE, INPUTS, "v"), "utf-8")
    assert (inspect(path).state, inspect(path).inputs) == (State.INTACT, INPUTS)
    path.write_text(path.read_text("utf-8").replace("Body text.", "Body text, improved."), "utf-8")
    assert inspect(path).state is State.EDITED
    path.write_text(path.read_text("utf-8").replace("Title: One", "Title: Mine"), "utf-8")
    assert inspect(path).state is State.EDITED
    path.write_text(ARTICLE, "utf-8")
    assert inspect(path).state is State.FOREIGN
    path.write_bytes(b"\xff\xfe not text")
    assert inspect(path).state is State.FOREIGN


def test_second_run_with_same_inputs_touches_nothing(tmp_path: Path) -> None:
    first = sync_articles(tmp_path, [planned()])
    assert first.written == ("one.md",)
    before = (tmp_path / "one.md").stat().st_mtime_ns
    (tmp_path / "one.md").touch()
    touched = (tmp_path / "one.md").stat()
    second = sync_articles(tmp_path, [planned()])
    assert (second.written, second.unchanged) == ((), ("one.md",))
    assert (tmp_path / "one.md").stat().st_mtime_ns == touched.st_mtime_ns >= before


def test_changed_inputs_rewrite_the_file(tmp_path: Path) -> None:
    sync_articles(tmp_path, [planned()])
    result = sync_articles(tmp_path, [planned(body="New body.", inputs="b" * 64)])
    assert result.written == ("one.md",)
    assert "New body." in (tmp_path / "one.md").read_text("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["one.md"], "no temporary files are left behind"


def test_hand_edited_article_is_kept_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    sync_articles(tmp_path, [planned()])
    path = tmp_path / "one.md"
    edited = path.read_text("utf-8").replace("Body text.", "My own words.")
    path.write_text(edited, "utf-8")
    with caplog.at_level(logging.WARNING):
        result = sync_articles(tmp_path, [planned(body="Regenerated.", inputs="c" * 64)])
    assert result.kept == ("one.md",) and result.written == ()
    assert path.read_text("utf-8") == edited
    assert "one.md" in caplog.text and "edited by hand" in caplog.text


def test_files_we_did_not_generate_are_never_touched(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mine = tmp_path / "one.md"
    notes = tmp_path / "notes.md"
    mine.write_text(ARTICLE, "utf-8")
    notes.write_text("Title: Notes\n\nHand written.\n", "utf-8")
    with caplog.at_level(logging.WARNING):
        result = sync_articles(tmp_path, [planned()])
    assert mine.read_text("utf-8") == ARTICLE
    assert notes.read_text("utf-8") == "Title: Notes\n\nHand written.\n"
    assert result.kept == ("one.md",) and result.removed == ()
    assert "one.md" in caplog.text and "not generated" in caplog.text


def test_orphans_are_removed_unless_edited(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    sync_articles(tmp_path, [planned("one.md"), planned("two.md"), planned("three.md")])
    three = tmp_path / "three.md"
    three.write_text(three.read_text("utf-8") + "An editor's note.\n", "utf-8")
    with caplog.at_level(logging.WARNING):
        result = sync_articles(tmp_path, [planned("one.md")])
    assert result.removed == ("two.md",)
    assert result.kept == ("three.md",)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.md", "three.md"]
    assert "three.md" in caplog.text


def test_converter_version_follows_the_code(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", "utf-8")
    first = converter_version(tmp_path)
    (tmp_path / "a.py").write_text("x = 1\r\n", "utf-8")
    assert converter_version(tmp_path) == first, "line endings of a checkout do not count"
    (tmp_path / "a.py").write_text("x = 2\n", "utf-8")
    assert converter_version(tmp_path) != first
    assert converter_version().startswith("0.1.0+")


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        sync_articles(tmp_path, [planned()])
        assert (tmp_path / "one.md").stat().st_mode & 0o777 == 0o644
        (tmp_path / "one.md").chmod(0o664)
        sync_articles(tmp_path, [planned(body="Changed.", inputs="d" * 64)])
        assert (tmp_path / "one.md").stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(mask)
