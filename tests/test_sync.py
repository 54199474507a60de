"""sync: generated files are rewritten only when they change; people's files are never lost."""

from __future__ import annotations

import ast
import logging
import os
from pathlib import Path

import pytest

from news_digest import sync
from news_digest.sync import CONVERTER_FILES, Planned, State, converter_version, inspect, stamp, sync_articles

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
    (tmp_path / "render.py").write_text("x = 1\n", "utf-8")
    first = converter_version(tmp_path)
    (tmp_path / "render.py").write_text("x = 1\r\n", "utf-8")
    assert converter_version(tmp_path) == first, "line endings of a checkout do not count"
    (tmp_path / "render.py").write_text("x = 2\n", "utf-8")
    assert converter_version(tmp_path) != first
    assert converter_version().startswith("0.1.0+")


def test_converter_version_follows_the_tagger_and_its_data(tmp_path: Path) -> None:
    (tmp_path / "tagger").mkdir()
    (tmp_path / "tagger" / "near.py").write_text("x = 1\n", "utf-8")
    (tmp_path / "tagger" / "tuning.yml").write_text("list_window: 3\n", "utf-8")
    first = converter_version(tmp_path)
    (tmp_path / "tagger" / "tuning.yml").write_text("list_window: 4\n", "utf-8")
    second = converter_version(tmp_path)
    (tmp_path / "tagger" / "near.py").write_text("x = 2\n", "utf-8")
    assert len({first, second, converter_version(tmp_path)}) == 3


def test_editing_a_site_module_regenerates_no_article(tmp_path: Path) -> None:
    (tmp_path / "render.py").write_text("x = 1\n", "utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "model.py").write_text("x = 1\n", "utf-8")
    first = converter_version(tmp_path)
    (tmp_path / "site" / "model.py").write_text("x = 2\n", "utf-8")
    assert converter_version(tmp_path) == first


def _imports(path: Path, package: Path) -> set[Path]:
    """The package's own modules that a module imports (relative imports)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            parts = (node.module or "").split(".") if node.module else []
            target = base.joinpath(*parts)
            if parts:  # from .module import name, from .package import name
                candidates = [target.with_suffix(".py"), target / "__init__.py"]
            else:  # from . import module, package
                names = [alias.name for alias in node.names]
                candidates = [target / f"{name}.py" for name in names] + [target / n / "__init__.py" for n in names]
            for candidate in candidates:
                if candidate.is_file() and candidate.resolve().is_relative_to(package):
                    found.add(candidate.resolve())
    return found


def test_every_module_the_pipeline_imports_counts_in_the_converter_version() -> None:
    package = (Path(sync.__file__).resolve()).parent
    listed = {path.resolve() for pattern in CONVERTER_FILES for path in package.glob(pattern)}
    seen: set[Path] = set()
    waiting = [package / "pipeline.py"]
    while waiting:
        module = waiting.pop()
        if module not in seen:
            seen.add(module)
            waiting.extend(_imports(module, package))
    assert sorted(p.relative_to(package).as_posix() for p in seen - listed) == []


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
