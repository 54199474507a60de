"""Same inputs, same bytes: two clones at different paths, with different file times, build identical sites."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project_with_tasks, run_task

DEVSET = ROOT / "tests" / "devset"


def _add_devset(project: Path) -> None:
    """More variety than the two seeds: datelines, undated articles, many countries and laws."""
    seeds = project / "seeds"
    sources = yaml.safe_load((seeds / "sources.yml").read_text("utf-8")) or {}
    sources.update(yaml.safe_load((DEVSET / "sources.yml").read_text("utf-8")) or {})
    for seed in sorted(DEVSET.glob("*.txt")):
        shutil.copy2(seed, seeds / seed.name)
    (seeds / "sources.yml").write_text(yaml.safe_dump(sources, sort_keys=True, allow_unicode=True), "utf-8")


def _set_times(project: Path, base: int, step: int) -> None:
    """Give every file its own modification time, from ``base`` onwards, ``step`` seconds apart."""
    for index, path in enumerate(sorted(project.rglob("*"), reverse=step < 0)):
        stamp = base + index * abs(step)
        os.utime(path, (stamp, stamp), follow_symlinks=False)


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    problems = [f"only in the first build: {name}" for name in sorted(set(first) - set(second))]
    problems += [f"only in the second build: {name}" for name in sorted(set(second) - set(first))]
    for name in sorted(set(first) & set(second)):
        if first[name] != second[name]:
            a, b = first[name], second[name]
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            problems.append(f"{name} differs at byte {at}: {a[max(0, at - 60):at + 60]!r} vs {b[max(0, at - 60):at + 60]!r}")
    return problems


@pytest.mark.slow
def test_two_clones_build_byte_identical_sites(tmp_path: Path) -> None:
    first = copy_project_with_tasks(tmp_path / "a" / "project")
    second = copy_project_with_tasks(tmp_path / "second clone" / "deeper" / "news-digest")
    for project in (first, second):
        _add_devset(project)
    _set_times(first, base=946_684_800, step=1)  # 2000, oldest file first
    _set_times(second, base=1_700_000_000, step=-7)  # 2023, in the opposite order
    builds = []
    for project, hash_seed, zone in ((first, "1", "UTC"), (second, "4242", "Pacific/Kiritimati")):
        # Another hash seed changes set and dict-of-hash orders; another zone, any local-time slip.
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "TZ": zone}
        result = run_task(project, "build", env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        builds.append((_tree(project / "output"), _tree(project / "content" / "articles")))

    (site_a, articles_a), (site_b, articles_b) = builds
    assert len(articles_a) > 30 and "index.html" in site_a
    assert _differences(articles_a, articles_b) == [], "content/articles differ"
    assert _differences(site_a, site_b) == [], "output/ differs"
    for name, data in site_a.items():
        for project in (first, second):
            assert str(project).encode() not in data, f"{name} holds the build's own path {project}"


@pytest.mark.slow
def test_building_again_changes_no_byte(tmp_path: Path) -> None:
    project = copy_project_with_tasks(tmp_path / "project")
    assert run_task(project, "build").returncode == 0
    site, articles = _tree(project / "output"), _tree(project / "content" / "articles")
    _set_times(project, base=1_800_000_000, step=3)
    result = run_task(project, "rebuild")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _differences(site, _tree(project / "output")) == []
    assert _differences(articles, _tree(project / "content" / "articles")) == []
