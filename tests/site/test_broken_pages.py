"""The site checks can fail: each one passes a small valid site and catches one deliberate breakage.

A hand-made site of six pages (front page, two articles, an entity page, timeline with a
working entity filter, tags) is written to a temp folder; each case changes one thing in
it and runs the matching check: the link checker, the Nu validator, the browser's
network guard and error watch, axe, the click path, the filter check, the no-JavaScript
check and the phone-width check.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from site_browser import (
    ContextMaker,
    axe_violations,
    check_entity_filter,
    open_page,
    readable_without_js,
    serve_folder,
    sideways_overflow,
    walk_front_to_tags,
)
from site_checks import (
    Problem,
    check_links,
    check_rendered_links,
    page_kinds,
    report,
    require,
    validate_html,
)

pytest_plugins = ["site_fixtures"]

STYLE = """\
:root { color-scheme: light dark; --text: #1b1b1b; --back: #ffffff; --link: #0b4fa8; }
@media (prefers-color-scheme: dark) {
  :root { --text: #ececec; --back: #141414; --link: #8cb8ff; }
}
body { color: var(--text); background: var(--back); font-family: sans-serif; margin: 1rem; }
a { color: var(--link); }
"""

MARK = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">'
    '<circle cx="8" cy="8" r="7" fill="#0b4fa8"/></svg>\n'
)

FILTER_SCRIPT = """
<script>
const filter = document.getElementById("entity-filter");
filter.addEventListener("change", () => {
  for (const item of document.querySelectorAll("[data-entities]")) {
    item.hidden = filter.value !== "" && !item.dataset.entities.split(" ").includes(filter.value);
  }
});
</script>
"""


FRONT_LIST = (
    '<ul>\n<li><a href="articles/one.html">Police seize a server in Canada</a></li>\n'
    '<li><a href="articles/two.html#story">Acme takes a tracker down</a></li>\n</ul>'
)


SiteMaker = Callable[[dict[str, str]], Path]


def _page(title: str, body: str, up: str = "", head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{up}css/site.css">{head}
</head>
<body>
<header>
<a href="{up}index.html">Mini digest</a>
<nav aria-label="Site"><a href="{up}timeline.html">Timeline</a> <a href="{up}tags.html">Tags</a></nav>
</header>
<main id="main">
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


def _mention(up: str, kind: str, key: str, text: str) -> str:
    return (
        f'<a class="mention" href="{up}entities/{kind}/{key}.html" data-kind="{kind}" '
        f'data-entity="{key}" data-desc="An entity of the test site.">{text}</a>'
    )


def valid_site() -> dict[str, str]:
    """Path -> text of a small site that every check accepts."""
    return {
        "css/site.css": STYLE,
        "img/mark.svg": MARK,
        "index.html": _page(
            "Mini digest",
            '<p><img src="img/mark.svg" alt="Digest mark" width="16" height="16"> Two articles.</p>\n'
            + FRONT_LIST,
        ),
        "articles/one.html": _page(
            "Police seize a server in Canada",
            f'<p id="story">Police in {_mention("../", "country", "canada", "Canada")} seized a server.</p>',
            "../",
        ),
        "articles/two.html": _page(
            "Acme takes a tracker down",
            f'<p id="story">{_mention("../", "organisation", "acme", "Acme")} took a tracker down.</p>',
            "../",
        ),
        "entities/country/canada.html": _page(
            "Canada",
            '<p>Articles: <a href="../../articles/one.html">Police seize a server in Canada</a></p>',
            "../../",
        ),
        "entities/organisation/acme.html": _page(
            "Acme",
            '<p>Articles: <a href="../../articles/two.html">Acme takes a tracker down</a></p>',
            "../../",
        ),
        "timeline.html": _page(
            "Timeline",
            '<label for="entity-filter">Show articles about</label>\n'
            '<select id="entity-filter"><option value="">every entity</option>'
            '<option value="country/canada">Canada</option><option value="organisation/acme">Acme</option>'
            '<option value="organisation/press">Press</option></select>\n'
            '<ul>\n<li data-entities="country/canada organisation/press">'
            '<a href="articles/one.html">Police seize a server in Canada</a></li>\n'
            '<li data-entities="organisation/acme organisation/press">'
            '<a href="articles/two.html">Acme takes a tracker down</a></li>\n</ul>' + FILTER_SCRIPT,
        ),
        "tags.html": _page(
            "Tags",
            '<ul><li><a href="entities/country/canada.html">Canada</a></li>'
            '<li><a href="entities/organisation/acme.html">Acme</a></li></ul>',
        ),
    }


def write_site(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, "utf-8")
    return folder


def broken(path: str, old: str, new: str) -> dict[str, str]:
    """The valid site with one change: `old` replaced by `new` in the file at path."""
    files = valid_site()
    assert old in files[path], f"{old!r} is not in {path}: the case no longer breaks anything"
    files[path] = files[path].replace(old, new, 1)
    return files


def test_a_missing_browser_or_java_skips_locally_but_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        require("Chromium is not installed")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true but Chromium is not installed"):
        require("Chromium is not installed")
    require(None)


# --- link checker ---------------------------------------------------------------------


def test_the_valid_site_passes_the_link_check(tmp_path: Path) -> None:
    problems = check_links(write_site(tmp_path, valid_site()))
    assert problems == [], report(problems)


LINK_CASES = {
    "missing link target": (
        "index.html",
        'href="articles/one.html"',
        'href="articles/three.html"',
        "index.html",
        "missing-target",
    ),
    "fragment with no id": (
        "index.html",
        'articles/two.html#story"',
        'articles/two.html#nowhere"',
        "index.html",
        "missing-fragment",
    ),
    "fragment in the same page with no id": (
        "articles/one.html",
        "seized a server.",
        'seized a <a href="#photo">server</a>.',
        "articles/one.html",
        "missing-fragment",
    ),
    "missing image": (
        "index.html",
        'src="img/mark.svg"',
        'src="img/logo.svg"',
        "index.html",
        "missing-target",
    ),
    "link to a folder": (
        "index.html",
        'href="articles/one.html"',
        'href="articles/"',
        "index.html",
        "folder-link",
    ),
    "link to the current folder": (
        "tags.html",
        'href="entities/country/canada.html"',
        'href="./"',
        "tags.html",
        "folder-link",
    ),
    "link to a folder without slash": (
        "tags.html",
        'href="entities/country/canada.html"',
        'href="entities"',
        "tags.html",
        "folder-link",
    ),
    "link from the root": (
        "articles/one.html",
        'href="../index.html"',
        'href="/index.html"',
        "articles/one.html",
        "root-relative",
    ),
    "link outside the site": (
        "index.html",
        'href="articles/one.html"',
        'href="../elsewhere.html"',
        "index.html",
        "outside-site",
    ),
    "link that needs JavaScript": (
        "index.html",
        'href="articles/one.html"',
        'href="#"',
        "index.html",
        "dead-link",
    ),
    "javascript: link": (
        "index.html",
        'href="articles/one.html"',
        'href="javascript:void(0)"',
        "index.html",
        "bad-scheme",
    ),
    "external script": (
        "index.html",
        '<link rel="stylesheet" href="css/site.css">',
        '<link rel="stylesheet" href="css/site.css"><script src="https://cdn.example.com/lib.js"></script>',
        "index.html",
        "external-resource",
    ),
    "web font from another host": (
        "css/site.css",
        ":root {",
        '@import url("https://fonts.example.com/css?family=Serif");\n:root {',
        "css/site.css",
        "external-resource",
    ),
    "protocol-relative image": (
        "index.html",
        'src="img/mark.svg"',
        'src="//img.example.com/mark.svg"',
        "index.html",
        "external-resource",
    ),
    "preconnect to another host": (
        "tags.html",
        '<link rel="stylesheet" href="css/site.css">',
        '<link rel="stylesheet" href="css/site.css"><link rel="preconnect" href="https://fonts.example.com">',
        "tags.html",
        "external-resource",
    ),
    "background image from another host": (
        "css/site.css",
        "margin: 1rem;",
        "margin: 1rem; background-image: url(https://img.example.com/a.png);",
        "css/site.css",
        "external-resource",
    ),
}


@pytest.mark.parametrize("case", LINK_CASES)
def test_the_link_check_catches(case: str, tmp_path: Path) -> None:
    path, old, new, page, rule = LINK_CASES[case]
    problems = check_links(write_site(tmp_path, broken(path, old, new)))
    assert [(problem.page, problem.rule) for problem in problems] == [(page, rule)], report(problems)


def test_outbound_http_links_are_navigation_not_resources(tmp_path: Path) -> None:
    files = broken(
        "articles/one.html",
        "seized a server.",
        'seized a server (<a href="https://example.com/story/">source</a>).',
    )
    assert check_links(write_site(tmp_path, files)) == []


# --- Nu validator -----------------------------------------------------------------------

VALIDATOR_CASES = {
    "valid": None,
    "image without alt": ("index.html", ' alt="Digest mark"', ""),
    "stray end tag": ("tags.html", "</ul>", "</ul></div>"),
    "duplicate id": ("articles/one.html", "seized a server.", 'seized a <span id="story">server</span>.'),
}


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory, validator: None) -> dict[str, list[Problem]]:
    """One validator run over one copy of the test site per case, problems grouped by case."""
    root = tmp_path_factory.mktemp("validate")
    folders = {}
    for number, (case, change) in enumerate(VALIDATOR_CASES.items()):
        folders[case] = f"case{number}"
        write_site(root / folders[case], broken(*change) if change else valid_site())
    problems = validate_html(root)
    return {
        case: [p for p in problems if p.page.startswith(folder + "/")] for case, folder in folders.items()
    }


def test_the_valid_site_passes_the_validator(validated: dict[str, list[Problem]]) -> None:
    assert validated["valid"] == [], report(validated["valid"])


@pytest.mark.parametrize("case", [case for case in VALIDATOR_CASES if case != "valid"])
def test_the_validator_catches(case: str, validated: dict[str, list[Problem]]) -> None:
    path = VALIDATOR_CASES[case][0]
    assert validated[case], f"the validator accepted a page with a {case}"
    assert {problem.page.split("/", 1)[1] for problem in validated[case]} == {path}, report(validated[case])


# --- in the browser ---------------------------------------------------------------------


@pytest.fixture
def site_folder(tmp_path: Path) -> SiteMaker:
    return lambda files: write_site(tmp_path / "site", files)


def _watch_pages(guarded_context, base: str, pages: list[str]) -> list[str]:
    context, watch = guarded_context()
    page = context.new_page()
    for name in pages:
        open_page(page, base + name, watch)
    return watch.problems()


@pytest.mark.browser
@pytest.mark.parametrize("origin", ["file", "http"])
def test_the_valid_site_loads_cleanly_in_the_browser(
    origin: str, site_folder: SiteMaker, guarded_context: ContextMaker
) -> None:
    root = site_folder(valid_site())
    pages = sorted(path.relative_to(root).as_posix() for path in root.rglob("*.html"))
    if origin == "file":
        assert _watch_pages(guarded_context, root.as_uri() + "/", pages) == []
    else:
        with serve_folder(root) as base:
            assert _watch_pages(guarded_context, base, pages) == []


BROWSER_CASES = {
    "external script": (
        ("index.html", "</head>", '<script src="https://cdn.example.com/lib.js"></script>\n</head>'),
        "request leaving the machine (blocked): https://cdn.example.com/lib.js",
    ),
    "web font from another host": (
        ("css/site.css", ":root {", '@import url("https://fonts.example.com/serif.css");\n:root {'),
        "request leaving the machine (blocked): https://fonts.example.com/serif.css",
    ),
    "script error": (
        ("index.html", "</body>", "<script>document.querySelector('#absent').remove();</script>\n</body>"),
        "uncaught exception:",
    ),
    "console error": (
        ("index.html", "</body>", "<script>console.error('boom');</script>\n</body>"),
        "console error: boom",
    ),
    "missing image": (("index.html", 'src="img/mark.svg"', 'src="img/logo.svg"'), "failed request:"),
    "fetch from another host": (
        (
            "index.html",
            "</body>",
            "<script>fetch('https://api.example.com/data.json').catch(() => {});</script>\n</body>",
        ),
        "request leaving the machine (blocked): https://api.example.com/data.json",
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("case", BROWSER_CASES)
def test_the_browser_watch_catches(case: str, site_folder: SiteMaker, guarded_context: ContextMaker) -> None:
    change, expected = BROWSER_CASES[case]
    root = site_folder(broken(*change))
    problems = _watch_pages(guarded_context, root.as_uri() + "/", ["index.html"])
    assert any(problem.startswith(expected) for problem in problems), problems


@pytest.mark.browser
def test_the_rendered_link_check_catches_a_link_made_by_a_script(
    site_folder: SiteMaker, guarded_context: ContextMaker
) -> None:
    script = (
        "<script>const a = document.createElement('a'); a.href = 'articles/'; a.textContent = 'all';"
        " document.querySelector('main').append(a);</script>\n</body>"
    )
    root = site_folder(broken("index.html", "</body>", script))
    assert check_links(root) == []  # the file itself is fine
    context, watch = guarded_context()
    page = context.new_page()
    open_page(page, (root / "index.html").as_uri(), watch)
    found = check_rendered_links(root, Path("index.html"), page.content())
    assert [(problem.page, problem.rule) for problem in found] == [("index.html (rendered)", "folder-link")]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_valid_site_passes_axe(
    scheme: str, site_folder: SiteMaker, guarded_context: ContextMaker
) -> None:
    root = site_folder(valid_site())
    context, watch = guarded_context(color_scheme=scheme)
    page = context.new_page()
    for path in page_kinds(root).values():
        open_page(page, (root / path).as_uri(), watch)
        assert axe_violations(page) == [], path


@pytest.mark.browser
def test_axe_catches_an_image_without_alt(site_folder: SiteMaker, guarded_context: ContextMaker) -> None:
    root = site_folder(broken("index.html", ' alt="Digest mark"', ""))
    context, watch = guarded_context()
    page = context.new_page()
    open_page(page, (root / "index.html").as_uri(), watch)
    assert any(line.startswith("[image-alt]") for line in axe_violations(page))


@pytest.mark.browser
def test_axe_catches_poor_contrast_only_in_the_scheme_that_has_it(
    site_folder: SiteMaker, guarded_context: ContextMaker
) -> None:
    root = site_folder(broken("css/site.css", "--link: #8cb8ff;", "--link: #303a48;"))
    found = {}
    for scheme in ("light", "dark"):
        context, watch = guarded_context(color_scheme=scheme)
        page = context.new_page()
        open_page(page, (root / "index.html").as_uri(), watch)
        found[scheme] = [line for line in axe_violations(page) if line.startswith("[color-contrast]")]
    assert found["light"] == [] and found["dark"], found


JOURNEY_BREAKS = {
    # case: (file, text, its broken replacement, what the walk must say)
    "no Timeline link on the entity page": (
        "entities/country/canada.html",
        '<a href="../../timeline.html">Timeline</a>',
        "",
        "no link named 'Timeline'",
    ),
    "no mention in the article": (
        "articles/one.html",
        _mention("../", "country", "canada", "Canada"),
        "Canada",
        "has no mention link",
    ),
    "mention leading elsewhere": (
        "articles/one.html",
        'href="../entities/country/canada.html"',
        'href="../tags.html"',
        "mention country/canada led to",
    ),
    "no article link on the front page": (
        "index.html",
        FRONT_LIST,
        '<p><a href="tags.html">Tags</a></p>',
        "no first article link",
    ),
}


@pytest.mark.browser
def test_the_click_path_works_on_the_valid_site(
    site_folder: SiteMaker, guarded_context: ContextMaker
) -> None:
    root = site_folder(valid_site())
    context, watch = guarded_context()
    visited = walk_front_to_tags(context.new_page(), root.as_uri() + "/index.html", watch)
    assert [url.rsplit("/", 1)[1] for url in visited] == [
        "index.html",
        "one.html",
        "canada.html",
        "timeline.html",
        "tags.html",
    ]


@pytest.mark.browser
@pytest.mark.parametrize("case", JOURNEY_BREAKS)
def test_the_click_path_catches(case: str, site_folder: SiteMaker, guarded_context: ContextMaker) -> None:
    path, old, new, message = JOURNEY_BREAKS[case]
    root = site_folder(broken(path, old, new))
    context, _ = guarded_context()
    with pytest.raises(AssertionError, match=message):
        walk_front_to_tags(context.new_page(), root.as_uri() + "/index.html")


@pytest.mark.browser
def test_the_filter_check_passes_a_working_filter(
    site_folder: SiteMaker, guarded_context: ContextMaker
) -> None:
    root = site_folder(valid_site())
    context, _ = guarded_context()
    tried = check_entity_filter(context.new_page(), (root / "timeline.html").as_uri())
    # the keys that split the timeline come first; the shared one is tried too
    assert tried == ["country/canada", "organisation/acme", "organisation/press"]


FILTER_BREAKS = {
    # case: (text in the working script, its broken replacement, what the check must say)
    "filter that does nothing": ("item.hidden = ", "void ", "filtering by country/canada"),
    "filter that hides everything": (
        "item.hidden = ",
        "item.hidden = true || ",
        "filtering by country/canada",
    ),
    "filter that looks at the first key only": (
        '!item.dataset.entities.split(" ").includes(filter.value)',
        'item.dataset.entities.split(" ")[0] !== filter.value',
        "filtering by organisation/press",
    ),
    "filter that cannot be cleared": (
        'filter.value !== "" && ',
        'filter.value === "" || ',
        "clearing the filter",
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("case", FILTER_BREAKS)
def test_the_filter_check_catches(case: str, site_folder: SiteMaker, guarded_context: ContextMaker) -> None:
    old, new, message = FILTER_BREAKS[case]
    root = site_folder(broken("timeline.html", old, new))
    context, _ = guarded_context()
    with pytest.raises(AssertionError, match=message):
        check_entity_filter(context.new_page(), (root / "timeline.html").as_uri())


@pytest.mark.browser
def test_the_no_javascript_check(site_folder: SiteMaker, guarded_context: ContextMaker) -> None:
    good = site_folder(valid_site())
    context, _ = guarded_context(java_script_enabled=False)
    page = context.new_page()
    assert readable_without_js(page, (good / "articles/one.html").as_uri()) == []
    # a page that only shows its text once a script has run
    hidden = broken("articles/one.html", '<main id="main">', '<main id="main" hidden>')
    write_site(good, hidden)
    assert readable_without_js(page, (good / "articles/one.html").as_uri())


@pytest.mark.browser
def test_the_phone_width_check(site_folder: SiteMaker, guarded_context: ContextMaker) -> None:
    root = site_folder(valid_site())
    context, _ = guarded_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    open_page(page, (root / "index.html").as_uri())
    assert sideways_overflow(page) == 0
    write_site(
        root,
        broken(
            "index.html",
            "Two articles.",
            '<span style="display:inline-block;width:900px">Two articles.</span>',
        ),
    )
    open_page(page, (root / "index.html").as_uri())
    assert sideways_overflow(page) > 0
