"""End to end: the site built from seeds/ has a page for every seed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build_environment, build_site, copy_project_with_tasks, run_task


def _seed_headlines() -> dict[str, str]:
    headlines = {}
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        first = next(line for line in seed.read_text("utf-8-sig").splitlines() if line.strip())
        headlines[seed.name] = first.removeprefix("Updated:").strip()
    return headlines


def test_front_page_is_built(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()


def test_every_seed_has_an_article_page_with_its_title(built_site: Path) -> None:
    pages = {}
    for page in (built_site / "articles").glob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        pages[soup.find("h1").get_text(" ", strip=True)] = page
    for seed, headline in _seed_headlines().items():
        assert headline in pages, f"no article page titled {headline!r} for {seed}"


def test_seeds_folder_lists_a_source_for_every_seed() -> None:
    sources = yaml.safe_load((ROOT / "seeds" / "sources.yml").read_text("utf-8"))
    assert set(sources) == set(_seed_headlines())


def _generated_markdown(built_site: Path) -> dict[str, str]:
    """The Markdown articles the build generated, by seed, as a reader would read their text."""
    import html

    articles = built_site.parent / "content" / "articles"
    return {seed: html.unescape((articles / seed.replace(".txt", ".md")).read_text("utf-8"))
            for seed in _seed_headlines()}


def test_generated_articles_hold_no_page_furniture_and_take_dates_from_sources(built_site: Path) -> None:
    sources = yaml.safe_load((ROOT / "seeds" / "sources.yml").read_text("utf-8"))
    for seed, text in _generated_markdown(built_site).items():
        for furniture in ("Home > News >", "Sponsors", "Popular Posts", "Netelligent servers"):
            assert furniture not in text, f"{seed}: {furniture!r} is page furniture, not article text"
        assert f"\nDate: {sources[seed]['published'].isoformat()}\n" in text
        assert "\nDate_source: sources\n" in text


def test_a_bad_seed_is_skipped_and_strict_mode_fails_the_build(project: Path) -> None:
    (project / "seeds" / "broken.txt").write_bytes(b"")
    (project / "seeds" / "undated.txt").write_text("An undated story\n\nIt has no date at all.\n", "utf-8")
    mine = project / "content" / "articles" / "mine.md"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text("Title: Written by hand\nDate: 2001-02-03\n\nMy own article.\n", "utf-8")
    result = build_site(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken.txt" in result.stdout + result.stderr
    assert mine.read_text("utf-8") == "Title: Written by hand\nDate: 2001-02-03\n\nMy own article.\n"
    assert (project / "output" / "articles" / "an-undated-story.html").is_file()
    assert (project / "output" / "articles" / "written-by-hand.html").is_file()

    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8") + '\nNEWS_DIGEST["strict"] = True\n', "utf-8")
    strict = build_site(project)
    assert strict.returncode != 0
    assert "broken.txt" in strict.stdout + strict.stderr


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.strip().splitlines()]


def test_the_readme_build_on_the_shipped_seeds_prints_no_warning_or_error(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    build, _test = _quick_start_commands()
    assert build == "./dev build"  # ./dev hands "build" to invoke once .venv exists, as run_task does
    project = copy_project_with_tasks(tmp_path_factory.mktemp("readme-build") / "project")
    result = run_task(project, "build", env=build_environment())
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert (project / "output" / "index.html").is_file()
    noisy = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert noisy == []


@pytest.mark.parametrize("columns", ["20", "80", "250"])
def test_a_warning_names_its_files_whole_on_one_line_at_any_terminal_width(
    columns: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project = copy_project_with_tasks(tmp_path_factory.mktemp("narrow") / "project")
    # A hand-written article with a generated article's title: the build warns naming both files.
    headline = next(iter(_seed_headlines().values()))
    note = project / "content" / "articles" / "my-own-note-on-the-raid.md"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(f"Title: {headline}\nDate: 2020-01-01\n\nMy note.\n", "utf-8")
    result = run_task(project, "build", env=build_environment(COLUMNS=columns))
    assert result.returncode == 0, result.stdout + result.stderr
    (line,) = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("WARNING")]
    first_seed = next(iter(_seed_headlines())).replace(".txt", ".md")
    assert "my-own-note-on-the-raid.md" in line and first_seed in line
