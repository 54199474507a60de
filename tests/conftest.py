"""Shared fixtures: a copy of the project to build in, and the site built from the seeds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("pelicanconf.py", "publishconf.py", "theme", "plugins", "seeds", "content/pages")


def copy_project(target: Path) -> Path:
    """A private copy of the project, so a test never touches the real content/ or output/."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        destination = target / part
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination)
    return target


def build_environment(**overrides: str) -> dict[str, str]:
    """The environment a test build runs in: this one, with the settings that shape logs pinned.

    A narrow terminal, another locale or time zone must change nothing a test reads.
    """
    env = {name: value for name, value in os.environ.items() if name not in ("SITEURL", "PYTHONPATH")}
    env.update({"COLUMNS": "80", "LC_ALL": "C.UTF-8", "TZ": "Pacific/Kiritimati", **overrides})
    return env


def build_site(
    project: Path,
    *extra: str,
    settings: str = "pelicanconf.py",
    env: dict[str, str] | None = None,
    output: str = "output",
) -> subprocess.CompletedProcess[str]:
    """Run Pelican on a project copy as ./dev build does (whole-line logs), returning its output."""
    return subprocess.run(
        [sys.executable, "-m", "news_digest.command", "content", "-s", settings, "-o", output, *extra],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**(env or build_environment()), "PYTHONPATH": str(project / "plugins")},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/ of the project built once from the real seeds; tests only read it."""
    project = copy_project(tmp_path_factory.mktemp("site") / "project")
    result = build_site(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


FIXTURE_ARTICLES = ROOT / "tests" / "fixtures" / "site" / "articles"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/ of a site built from the hand-made articles in tests/fixtures/site (seeds not converted)."""
    project = copy_project(tmp_path_factory.mktemp("fixture-site") / "project")
    shutil.copytree(FIXTURE_ARTICLES, project / "content" / "articles")
    result = build_site(project, "-e", 'NEWS_DIGEST={"annotate_on_build": false}')
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "ERROR" not in output, output
    return project / "output"


PUBLIC_URL = "https://example.org/digest"


@pytest.fixture(scope="session")
def published_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/ of the fixture articles built with publishconf.py and an absolute SITEURL (feeds made)."""
    project = copy_project(tmp_path_factory.mktemp("published-fixture-site") / "project")
    shutil.copytree(FIXTURE_ARTICLES, project / "content" / "articles")
    result = build_site(
        project, "-e", 'NEWS_DIGEST={"annotate_on_build": false}',
        settings="publishconf.py", env=build_environment(SITEURL=PUBLIC_URL),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "ERROR" not in output, output
    return project / "output"


def copy_project_with_tasks(target: Path) -> Path:
    """copy_project plus tasks.py, so the project's commands (build, clean, ...) run in the copy."""
    copy_project(target)
    shutil.copy2(ROOT / "tasks.py", target / "tasks.py")
    return target


def run_task(project: Path, *tasks: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run invoke tasks in a project copy, as `./dev <task>` does once .venv exists."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *tasks], cwd=project, capture_output=True, text=True, check=False, env=env
    )
