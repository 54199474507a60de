"""Getting the site onto GitHub Pages: `./dev gh-pages` and the Actions workflow the README describes."""

from __future__ import annotations

import os
import re
import runpy
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project_with_tasks, run_task
from news_digest.github_pages import pages_address

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
OFFICIAL_ACTIONS = ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages")


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pushed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A project copy that ran `gh-pages --remote pages --branch site` into a bare repository."""
    folder = tmp_path_factory.mktemp("gh-pages")
    bare = folder / "remote.git"
    _git("init", "--quiet", "--bare", str(bare), cwd=folder)
    project = copy_project_with_tasks(folder / "project")
    _git("init", "--quiet", cwd=project)
    _git("remote", "add", "pages", str(bare), cwd=project)
    env = {
        **os.environ,
        "SITEURL": "https://news.example.org",
        "GIT_COMMITTER_NAME": "News Digest tests",
        "GIT_COMMITTER_EMAIL": "tests@example.org",
    }
    env.pop("PAGES_CNAME", None)
    result = run_task(project, "gh-pages", "--remote", "pages", "--branch", "site", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return bare, result


def test_gh_pages_pushes_the_site_with_nojekyll_to_the_chosen_remote_and_branch(pushed) -> None:
    bare, _ = pushed
    files = set(_git("ls-tree", "-r", "--name-only", "site", cwd=bare).splitlines())
    assert {"index.html", ".nojekyll", "404.html", "sitemap.xml", "robots.txt"} <= files
    assert any(name.startswith("articles/") for name in files)
    assert "gh-pages" not in _git("branch", "--list", cwd=bare), "pushed to the default branch instead"


def test_gh_pages_builds_with_the_publishing_settings(pushed) -> None:
    bare, _ = pushed
    robots = _git("show", "site:robots.txt", cwd=bare)
    assert "Sitemap: https://news.example.org/sitemap.xml" in robots
    index = _git("show", "site:index.html", cwd=bare)
    assert '<link rel="canonical" href="https://news.example.org/">' in index


def test_a_site_on_its_own_domain_gets_a_cname_file(pushed) -> None:
    bare, result = pushed
    assert _git("show", "site:CNAME", cwd=bare).strip() == "news.example.org"
    assert "CNAME news.example.org" in result.stdout


@pytest.mark.parametrize(
    ("siteurl", "override", "cname"),
    [
        ("https://you.github.io/news-digest", None, ""),
        ("https://you.github.io", None, ""),
        ("https://news.example.org/", None, "news.example.org"),
        ("https://example.org/digest", None, ""),
        ("https://you.github.io/news-digest", "news.example.org", "news.example.org"),
        ("https://news.example.org", "", ""),
        ("", None, ""),
    ],
)
def test_publishconf_names_a_custom_domain_only_when_there_is_one(
    monkeypatch: pytest.MonkeyPatch, siteurl: str, override: str | None, cname: str
) -> None:
    monkeypatch.setenv("SITEURL", siteurl)
    if override is None:
        monkeypatch.delenv("PAGES_CNAME", raising=False)
    else:
        monkeypatch.setenv("PAGES_CNAME", override)
    monkeypatch.chdir(ROOT)
    settings = runpy.run_path(str(ROOT / "publishconf.py"))
    assert settings["PAGES_CNAME"] == cname
    assert settings["SITEURL"] == siteurl.rstrip("/")


@pytest.mark.parametrize(
    ("remote", "address"),
    [
        ("git@github.com:You/news-digest.git", "https://you.github.io/news-digest"),
        ("https://github.com/you/news-digest", "https://you.github.io/news-digest"),
        ("https://github.com/you/news-digest.git\n", "https://you.github.io/news-digest"),
        ("ssh://git@github.com/you/You.github.io.git", "https://you.github.io"),
        ("https://gitlab.com/you/news-digest.git", None),
        ("/tmp/remote.git", None),
    ],
)
def test_the_pages_address_is_worked_out_from_a_github_remote(remote: str, address: str | None) -> None:
    assert pages_address(remote) == address


def test_gh_pages_without_an_address_stops_with_a_message(tmp_path: Path) -> None:
    project = copy_project_with_tasks(tmp_path / "project")
    _git("init", "--quiet", cwd=project)
    env = {key: value for key, value in os.environ.items() if key != "SITEURL"}
    result = run_task(project, "gh-pages", "--remote", "nowhere", env=env)
    assert result.returncode != 0
    assert "set SITEURL" in result.stderr
    assert not (project / "output").exists(), "built a site it could not publish"


# --- the GitHub Actions workflow ----------------------------------------------------------------


def _readme_publish_command() -> list[str]:
    """The build command the README's Actions walkthrough shows, as words (SITEURL=... ./dev publish)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### From a new GitHub repository to a live site", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    commands = [line.strip() for block in blocks for line in block.splitlines()]
    [command] = [line for line in commands if "./dev" in line]
    return shlex.split(command)


def _steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_workflow_runs_the_readme_build_command_under_publish_settings() -> None:
    words = _readme_publish_command()
    assert words[0].startswith("SITEURL=") and words[1:] == ["./dev", "publish"], words
    builds = [step for step in _steps() if "./dev" in step.get("run", "")]
    assert len(builds) == 1, builds
    [build] = builds
    assert shlex.split(build["run"]) == words[1:]
    # SITEURL is the address GitHub serves the site at, as configure-pages reports it.
    [configure] = [step for step in _steps() if step.get("uses", "").startswith("actions/configure-pages@")]
    assert build["env"]["SITEURL"] == "${{ steps." + configure["id"] + ".outputs.base_url }}"


def test_the_workflow_deploys_with_githubs_pages_actions_on_push_to_main() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = _steps()
    used = [step.get("uses", "").split("@")[0] for step in steps]
    assert all(action in used for action in OFFICIAL_ACTIONS), used
    # The build happens before the upload, and the upload takes the built site.
    order = [index for index, step in enumerate(steps) if "./dev" in step.get("run", "")]
    [upload] = [step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert order[0] < steps.index(upload)
    assert upload["with"]["path"] == "output"
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"
