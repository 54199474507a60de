"""A failed build never touches the published site: output/ is replaced whole, or not at all."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, copy_project_with_tasks, run_task
from news_digest.atomic import (
    OutputError,
    leftovers,
    remove_leftovers,
    remove_output,
    staged_output,
    swap_in,
)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def old_site(parent: Path) -> Path:
    output = parent / "output"
    (output / "articles").mkdir(parents=True)
    (output / "index.html").write_text("old front page", "utf-8")
    (output / "articles" / "story.html").write_text("old story", "utf-8")
    return output


# --- the staging folder, without Pelican ------------------------------------------------


def test_a_successful_build_replaces_the_whole_old_site(tmp_path: Path) -> None:
    output = old_site(tmp_path)
    with staged_output(output) as staging:
        assert staging.parent == output.parent and staging != output
        assert not any(staging.iterdir()), "the build starts from an empty folder"
        (staging / "index.html").write_text("new front page", "utf-8")
    assert snapshot(output) == {"index.html": b"new front page"}
    assert leftovers(output) == []


def test_a_build_that_fails_part_way_leaves_the_old_site_byte_for_byte(tmp_path: Path) -> None:
    output = old_site(tmp_path)
    before = snapshot(output)
    with pytest.raises(ZeroDivisionError):
        with staged_output(output) as staging:
            (staging / "index.html").write_text("half a new site", "utf-8")
            1 / 0  # noqa: B018 - a template error, part-way through writing
    assert snapshot(output) == before
    assert leftovers(output) == [], "the half-written staging folder is removed"


def test_an_interrupted_build_also_keeps_the_old_site(tmp_path: Path) -> None:
    output = old_site(tmp_path)
    before = snapshot(output)
    with pytest.raises(KeyboardInterrupt):
        with staged_output(output) as staging:
            (staging / "index.html").write_text("half", "utf-8")
            raise KeyboardInterrupt
    assert snapshot(output) == before
    assert leftovers(output) == []


def test_the_first_build_creates_output(tmp_path: Path) -> None:
    output = tmp_path / "site" / "output"
    with staged_output(output) as staging:
        (staging / "index.html").write_text("first", "utf-8")
    assert snapshot(output) == {"index.html": b"first"}


def test_the_new_site_is_readable_by_a_web_server(tmp_path: Path) -> None:
    # A private (0700) folder would hide the published site from a server running as another user.
    output = tmp_path / "output"
    with staged_output(output) as staging:
        (staging / "index.html").write_text("new", "utf-8")
    mode = output.stat().st_mode
    umask = os.umask(0)
    os.umask(umask)
    if not umask & stat.S_IROTH:
        assert mode & stat.S_IROTH and mode & stat.S_IXOTH


def test_retained_names_are_carried_over_unless_the_build_made_them(tmp_path: Path) -> None:
    output = old_site(tmp_path)
    (output / ".git").mkdir()
    (output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", "utf-8")
    (output / "CNAME").write_text("old.example.org\n", "utf-8")
    with staged_output(output, retain=[".git", "CNAME", ".nojekyll"]) as staging:
        (staging / "index.html").write_text("new", "utf-8")
        (staging / "CNAME").write_text("new.example.org\n", "utf-8")
    assert snapshot(output) == {
        ".git/HEAD": b"ref: refs/heads/gh-pages\n",
        "CNAME": b"new.example.org\n",
        "index.html": b"new",
    }


def test_a_file_where_output_should_be_is_not_replaced(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.write_text("not a folder", "utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        with staged_output(output) as staging:
            (staging / "index.html").write_text("new", "utf-8")
    assert output.read_text("utf-8") == "not a folder"
    assert leftovers(output) == []


def test_swap_in_moves_a_finished_folder_into_place(tmp_path: Path) -> None:
    output = old_site(tmp_path)
    staging = tmp_path / "finished"
    staging.mkdir()
    (staging / "index.html").write_text("new", "utf-8")
    swap_in(staging, output)
    assert snapshot(output) == {"index.html": b"new"}
    assert not staging.exists()


def test_leftovers_of_killed_builds_are_found_and_removed_but_nothing_else(tmp_path: Path) -> None:
    output = old_site(tmp_path)
    (tmp_path / "output.tmp-1a2b3c4d").mkdir()
    (tmp_path / "output.old-5e6f7a8b").mkdir()
    (tmp_path / "output-notes").mkdir()
    (tmp_path / "outputs.tmp-x").mkdir()
    assert [p.name for p in leftovers(output)] == ["output.old-5e6f7a8b", "output.tmp-1a2b3c4d"]
    remove_leftovers(output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "output-notes", "outputs.tmp-x"]


def test_remove_output_deletes_the_site_only(tmp_path: Path) -> None:
    output = old_site(tmp_path)
    (tmp_path / "content").mkdir()
    assert remove_output(output) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]
    assert remove_output(output) is False


# --- the real commands on a project copy -------------------------------------------------


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy whose site was built once with `./dev build`."""
    project = copy_project_with_tasks(tmp_path_factory.mktemp("atomic") / "project")
    result = run_task(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def _restore(path: Path, text: str):
    path.write_text(text, "utf-8")


@pytest.mark.slow
def test_a_template_error_fails_the_build_and_keeps_the_previous_site(built_project: Path) -> None:
    output = built_project / "output"
    before = snapshot(output)
    assert "index.html" in before and any(name.startswith("entities/") for name in before)
    # Timeline is written last, after every article and entity page: the failure comes part-way.
    template = built_project / "theme" / "templates" / "timeline.html"
    original = template.read_text("utf-8")
    template.write_text(original.replace("{% block content %}", "{% block content %}{{ no_such.thing.here }}", 1),
                        "utf-8")
    try:
        result = run_task(built_project, "build")
    finally:
        _restore(template, original)
    assert result.returncode != 0
    assert "build failed" in result.stderr and "left as it was" in result.stderr
    assert snapshot(output) == before
    assert leftovers(output) == []


@pytest.mark.slow
def test_a_bad_knowledge_file_fails_the_build_and_keeps_the_previous_site(built_project: Path) -> None:
    output = built_project / "output"
    before = snapshot(output)
    (built_project / "broken-knowledge.yml").write_text("entities:\n  - {kind: planet, name: [Mars\n", "utf-8")
    settings = built_project / "pelicanconf.py"
    original = settings.read_text("utf-8")
    settings.write_text(original + '\nNEWS_DIGEST["knowledge"] = ["broken-knowledge.yml"]\n', "utf-8")
    try:
        for command in ("build", "rebuild"):
            result = run_task(built_project, command)
            assert result.returncode != 0, command
            assert "broken-knowledge.yml" in result.stdout + result.stderr, "the message names the file"
            assert "left as it was" in result.stderr
            assert snapshot(output) == before, command
            assert leftovers(output) == []
    finally:
        _restore(settings, original)


@pytest.mark.slow
def test_a_good_build_after_a_failed_one_replaces_the_site(built_project: Path) -> None:
    output = built_project / "output"
    (output / "stale-page.html").write_text("from an old build", "utf-8")
    result = run_task(built_project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (output / "stale-page.html").exists(), "the new site is the new build only"
    assert (output / "index.html").is_file()


@pytest.mark.slow
def test_dev_build_exits_non_zero_with_a_clear_message(built_project: Path) -> None:
    venv = ROOT / ".venv"
    stamp = venv / ".installed-requirements.txt"
    wanted = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    if not stamp.is_file() or stamp.read_text("utf-8").strip() != wanted:
        pytest.skip("./dev would reinstall .venv first (its requirements stamp is out of date)")
    for name in ("dev", "requirements.txt"):
        shutil.copy2(ROOT / name, built_project / name)
    link = built_project / ".venv"
    if not link.exists():
        link.symlink_to(venv, target_is_directory=True)
    output = built_project / "output"
    before = snapshot(output)
    template = built_project / "theme" / "templates" / "index.html"
    original = template.read_text("utf-8")
    template.write_text(original.replace("{% block content %}", "{% block content %}{{ broken.on.purpose }}", 1),
                        "utf-8")
    try:
        result = subprocess.run(["./dev", "build"], cwd=built_project, capture_output=True, text=True, check=False)
    finally:
        _restore(template, original)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("build: the build failed: UndefinedError: 'broken' is undefined"), last
    assert last.endswith(f"{output} was left as it was"), last
    assert snapshot(output) == before


def test_a_symlinked_output_is_replaced_where_it_points(tmp_path: Path) -> None:
    real = old_site(tmp_path / "www")
    link = tmp_path / "project" / "output"
    link.parent.mkdir()
    link.symlink_to(real, target_is_directory=True)
    with staged_output(link) as staging:
        (staging / "index.html").write_text("new", "utf-8")
    assert link.is_symlink() and snapshot(link) == {"index.html": b"new"}
    assert snapshot(real) == {"index.html": b"new"}
    assert leftovers(real) == [] and leftovers(link) == []
    assert remove_output(link) is True
    assert link.is_symlink() and not real.exists()
