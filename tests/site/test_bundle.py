"""`./dev bundle`: the offline site as one dated zip that works once unzipped and opened from disk.

The bundle is made once by the task in a copy of the project (one build of the seeds);
the checks then read the unzipped folder as whoever received the file would: every link
resolves, and search and the timeline filter work in Chromium from file://.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import copy_project_with_tasks, run_task
from site_browser import ContextMaker, check_entity_filter, open_page
from site_checks import check_links, report

pytest_plugins = ["site_fixtures"]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the zip `./dev bundle --out dist` wrote, the project copy it was made in)."""
    project = copy_project_with_tasks(tmp_path_factory.mktemp("bundle") / "project")
    result = run_task(project, "bundle", "--out", "dist")
    assert result.returncode == 0, result.stdout + result.stderr
    zips = sorted((project / "dist").glob("*.zip"))
    assert len(zips) == 1, zips
    return zips[0], project


@pytest.fixture(scope="module")
def unzipped(bundle: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle's one folder, unzipped as a reader would."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(bundle[0]) as archive:
        archive.extractall(target)
    folders = [path for path in target.iterdir()]
    assert len(folders) == 1 and folders[0].is_dir(), folders
    return folders[0]


def test_the_bundle_is_named_after_its_newest_article_not_the_clock(bundle: tuple[Path, Path]) -> None:
    path, project = bundle
    records = json.loads((project / "output" / "data" / "annotations.json").read_text("utf-8"))["articles"]
    newest = max(record["date"] for record in records if record["date"])
    assert path.name == f"news-digest-{newest}.zip"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert all(name.startswith(f"news-digest-{newest}/") for name in names)
        assert {info.date_time[:3] for info in archive.infolist()} == {
            tuple(int(x) for x in newest.split("-"))
        }


def test_the_bundle_holds_the_whole_offline_site_and_a_note_on_reading_it(
    bundle: tuple[Path, Path], unzipped: Path
) -> None:
    site = bundle[1] / "output"
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    packed = sorted(p.relative_to(unzipped).as_posix() for p in unzipped.rglob("*") if p.is_file())
    assert packed == sorted([*built, "README.txt"])
    assert "index.html" in (unzipped / "README.txt").read_text("utf-8")


def test_bundling_the_same_site_again_gives_the_same_bytes(bundle: tuple[Path, Path], tmp_path: Path) -> None:
    from news_digest.bundle import write_bundle

    path, project = bundle
    again = write_bundle(project / "output", tmp_path)
    assert again.name == path.name
    assert again.read_bytes() == path.read_bytes()


def test_every_link_of_the_unzipped_bundle_resolves(unzipped: Path) -> None:
    problems = check_links(unzipped)
    assert not problems, report(problems)


@pytest.mark.browser
def test_search_in_the_unzipped_bundle_finds_an_article_from_disk(
    unzipped: Path, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    page = context.new_page()
    base = unzipped.as_uri() + "/"
    open_page(page, base + "archives.html", watch)
    title = " ".join(page.locator('a[href*="articles/"]').first.inner_text().split())
    word = max(title.split(), key=len).strip(",.:;!?'\"")
    open_page(page, base + "index.html", watch)
    box = page.locator("form input[type=search]").first
    box.fill(word)
    with page.expect_navigation():
        box.press("Enter")
    listed = page.locator("#search-results a").filter(has_text=title)
    listed.first.wait_for()
    assert page.url.startswith(base), page.url
    listed.first.click()
    page.wait_for_load_state()
    assert page.url.startswith(base + "articles/"), page.url
    assert not watch.problems(), "\n".join(watch.problems())


@pytest.mark.browser
def test_the_timeline_filter_works_in_the_unzipped_bundle(
    unzipped: Path, guarded_context: ContextMaker
) -> None:
    context, watch = guarded_context()
    # The filter lists articles on the timeline's year pages: the busiest one is the test ground.
    years = sorted(unzipped.glob("timeline-[0-9]*.html"), key=lambda path: (-path.stat().st_size, path.name))
    assert years, "the bundle has no timeline year page"
    tried = check_entity_filter(context.new_page(), years[0].as_uri(), watch)
    assert tried
    assert not watch.problems(), "\n".join(watch.problems())
