"""Nothing a user wrote by hand is lost: hand-edited articles, own articles and corrections survive every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project_with_tasks, run_task
from news_digest.slugs import article_filename

EDITOR_NOTE = "An editor's note, added by hand after the article was generated."
CORRECTED_TITLE = "A Headline Fixed By The Editor"
OWN_ARTICLE = "Title: My own notes on the week\nDate: 2020-01-02\n\nWritten by hand, not from any seed.\n"


def _pages(output: Path) -> dict[str, BeautifulSoup]:
    return {
        page.name: BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for page in sorted((output / "articles").glob("*.html"))
    }


def _protected(project: Path, articles: Path) -> dict[Path, bytes]:
    """Everything the user owns: seeds, their metadata, corrections, pages and hand-written articles."""
    owned = [*sorted((project / "seeds").iterdir()), *sorted((project / "content" / "pages").iterdir())]
    owned += sorted(articles.glob("*.md"))
    return {path: path.read_bytes() for path in owned if path.is_file()}


@pytest.fixture
def edited_project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A project copy after `annotate`, with one generated article edited by hand, one written by
    hand, and a correction for the other seed; returns (project, edited article, own article)."""
    project = copy_project_with_tasks(tmp_path / "project")
    seeds = sorted((project / "seeds").glob("*.txt"))
    assert len(seeds) >= 2, "the test needs two seeds: one to edit by hand, one to correct"
    (project / "seeds" / "corrections.yml").write_text(
        f"articles:\n  {seeds[1].name}:\n    title: {CORRECTED_TITLE}\n", "utf-8"
    )
    result = run_task(project, "annotate")
    assert result.returncode == 0, result.stdout + result.stderr
    articles = project / "content" / "articles"
    edited = articles / article_filename(seeds[0].name)
    edited.write_text(edited.read_text("utf-8").rstrip("\n") + f"\n\n{EDITOR_NOTE}\n", "utf-8")
    own = articles / "my-own-notes.md"
    own.write_text(OWN_ARTICLE, "utf-8")
    return project, edited, own


@pytest.mark.slow
def test_every_command_keeps_hand_edits_own_articles_and_corrections(edited_project) -> None:
    project, edited, own = edited_project
    articles = project / "content" / "articles"
    protected = _protected(project, articles)
    assert edited in protected and own in protected and project / "seeds" / "corrections.yml" in protected

    for command in ("annotate", "build", "clean", "rebuild", "build", "preview", "clean", "annotate"):
        result = run_task(project, command)
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
        for path, data in protected.items():
            assert path.read_bytes() == data, f"`{command}` changed {path.relative_to(project)}"
        if command == "clean":
            assert not (project / "output").exists()
            continue
        if command in ("build", "rebuild", "preview"):
            pages = _pages(project / "output")
            assert any(EDITOR_NOTE in page.get_text() for page in pages.values()), (
                f"after `{command}` the site does not show the hand edit"
            )
            titles = {page.find("h1").get_text(" ", strip=True) for page in pages.values()}
            assert CORRECTED_TITLE in titles, f"after `{command}` the corrected headline is not shown"
            assert "My own notes on the week" in titles
        if command == "annotate":
            assert f"kept {edited}" in result.stdout + result.stderr, "the kept hand edit is reported"


@pytest.mark.slow
def test_a_failed_build_keeps_hand_edits_and_the_site(edited_project) -> None:
    project, edited, own = edited_project
    articles = project / "content" / "articles"
    assert run_task(project, "build").returncode == 0
    protected = _protected(project, articles)
    site = {path: path.read_bytes() for path in (project / "output").rglob("*") if path.is_file()}
    template = project / "theme" / "templates" / "article.html"
    template.write_text(template.read_text("utf-8").replace("{% block content %}",
                                                            "{% block content %}{{ missing.value.here }}", 1), "utf-8")
    result = run_task(project, "build")
    assert result.returncode != 0
    for path, data in protected.items():
        assert path.read_bytes() == data, f"a failed build changed {path.relative_to(project)}"
    assert {path: path.read_bytes() for path in (project / "output").rglob("*") if path.is_file()} == site


@pytest.mark.slow
def test_a_hand_edited_article_outlives_its_seed(edited_project) -> None:
    project, edited, own = edited_project
    data = edited.read_bytes()
    seed = next(path for path in (project / "seeds").glob("*.txt") if article_filename(path.name) == edited.name)
    seed.unlink()
    result = run_task(project, "annotate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert edited.read_bytes() == data
    assert edited.name in result.stdout + result.stderr, "the kept file is named in a message"
    result = run_task(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert any(EDITOR_NOTE in page.get_text() for page in _pages(project / "output").values())
