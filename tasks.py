"""invoke tasks: Pelican's usual ones (build, serve, publish, ...) plus the digest's own.

Run them through ./dev (e.g. `./dev build`), which prepares .venv first.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
CONTENT = ROOT / "content"
SEEDS = ROOT / "seeds"
KNOWLEDGE = ROOT / "plugins" / "news_digest" / "knowledge"
RULES = ROOT / "plugins" / "news_digest" / "rules"
HOST, PORT = "127.0.0.1", 8000


def _pelican(*args: str) -> None:
    """Run Pelican in this process, so that a failure is an exception we can report."""
    from news_digest.command import run_pelican

    try:
        run_pelican([str(CONTENT), *args])
    except SystemExit as stop:
        # Pelican logs what went wrong, then exits from inside its `except` block, so the
        # original error is the exit's context: report that, as an ordinary failure.
        if stop.code not in (0, None):
            cause = stop.__context__
            reason = f"{type(cause).__name__}: {cause}" if cause else f"Pelican stopped with status {stop.code}"
            raise RuntimeError(" ".join(reason.split())) from None


def _retained(settings_file: Path) -> list[str]:
    """OUTPUT_RETENTION of a settings file: names a new build carries over from the old output/."""
    import runpy

    return [str(name) for name in runpy.run_path(str(settings_file)).get("OUTPUT_RETENTION") or ()]


def _build_site(settings_file: Path, task_name: str) -> None:
    """Build into a sibling staging folder; only a complete build replaces output/.

    Pelican deletes and rewrites its output folder as it goes, so it is given a
    fresh staging folder, never output/ itself: a failure part-way (a template
    error, a bad knowledge file) leaves the previous site exactly as it was.
    """
    from invoke.exceptions import Exit
    from news_digest.atomic import OutputError, staged_output

    try:
        with staged_output(OUTPUT, _retained(settings_file)) as staging:
            _pelican("-s", str(settings_file), "-o", str(staging))
    except KeyboardInterrupt:
        raise Exit(f"{task_name}: interrupted; {OUTPUT} was left as it was", code=130) from None
    except (OutputError, OSError) as error:
        raise Exit(f"{task_name}: {error}; {OUTPUT} was left as it was", code=1) from error
    except Exception as error:  # noqa: BLE001 - any failure of the build means: keep the old site
        raise Exit(f"{task_name}: the build failed: {error}; {OUTPUT} was left as it was", code=1) from error


@task
def clean(c):
    """Remove the built site (generated articles in content/ stay)."""
    from news_digest.atomic import remove_leftovers, remove_output

    remove_output(OUTPUT)
    remove_leftovers(OUTPUT)


@task
def build(c):
    """Annotate the seeds and build the site into output/."""
    _build_site(SETTINGS, "build")


@task
def rebuild(c):
    """Clean, then build."""
    from news_digest.atomic import remove_leftovers

    # Every build starts from an empty staging folder, so a rebuild only has to
    # drop leftovers; output/ itself stays until the new site replaces it.
    remove_leftovers(OUTPUT)
    _build_site(SETTINGS, "rebuild")


def _watched() -> list[Path]:
    # Pelican's own autoreload sees content, theme and settings only; the digest
    # is also made from seeds, knowledge files and boilerplate rules.
    return [SETTINGS, CONTENT / "pages", ROOT / "theme", SEEDS, KNOWLEDGE, RULES]


def _build_and_keep_watching(c) -> None:
    """One build for a watcher: a failure is reported, and the watcher waits for the fix."""
    from invoke.exceptions import Exit

    try:
        build(c)
    except Exit as failure:
        print(f"{failure.message}\nwaiting for the next change...", file=sys.stderr)


@task
def regenerate(c):
    """Rebuild whenever content, theme, settings, seeds, knowledge or rules change."""
    from watchfiles import watch

    _build_and_keep_watching(c)
    for _changes in watch(*(path for path in _watched() if path.exists())):
        _build_and_keep_watching(c)


@task
def serve(c, port=PORT):
    """Serve output/ at http://127.0.0.1:8000/."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class AddressReuseTCPServer(RootedHTTPServer):
        allow_reuse_address = True

    server = AddressReuseTCPServer(str(OUTPUT), (HOST, int(port)), ComplexHTTPRequestHandler)
    print(f"Serving {OUTPUT} at http://{HOST}:{port}/ (Ctrl-C stops)")
    server.serve_forever()


@task(build)
def reserve(c, port=PORT):
    """Build, then serve."""
    serve(c, port)


@task
def preview(c):
    """Build with the publishing settings."""
    _build_site(PUBLISH_SETTINGS, "preview")


@task
def livereload(c, port=PORT):
    """Serve output/ and rebuild and reload the browser on every change."""
    from livereload import Server

    _build_and_keep_watching(c)
    server = Server()
    for path in _watched():
        pattern = f"{path}/**/*" if path.is_dir() else str(path)
        server.watch(pattern, lambda: _build_and_keep_watching(c))
    server.serve(host=HOST, port=int(port), root=str(OUTPUT))


@task
def publish(c):
    """Build the public site (SITEURL from the environment) into output/."""
    if not os.environ.get("SITEURL"):
        print(
            "publish: SITEURL is not set, so the site gets no feeds, sitemap or canonical links;"
            " set it to the public address, e.g. SITEURL=https://you.github.io/news-digest",
            file=sys.stderr,
        )
    preview(c)


def _publish_address(c, remote: str) -> str:
    """SITEURL from the environment, else the GitHub Pages address of ``remote``'s repository."""
    from news_digest.github_pages import pages_address

    if os.environ.get("SITEURL"):
        return os.environ["SITEURL"]
    with c.cd(str(ROOT)):
        found = c.run(shlex.join(["git", "remote", "get-url", remote]), hide=True, warn=True)
    return (pages_address(found.stdout) if found.ok else None) or ""


@task(
    name="gh-pages",
    help={
        "remote": "git remote (a name, or a repository's address) to push to (default: origin)",
        "branch": "branch that holds the published site (default: gh-pages)",
    },
)
def gh_pages(c, remote="origin", branch="gh-pages"):
    """Build with publishconf.py, commit output/ to the gh-pages branch with ghp-import, and push it."""
    import runpy

    from ghp_import import GhpError, ghp_import
    from invoke.exceptions import Exit

    siteurl = _publish_address(c, remote)
    if not siteurl:
        raise Exit(
            "gh-pages: set SITEURL to the site's public address (e.g. SITEURL=https://you.github.io/news-digest);"
            f" remote {remote!r} is not a GitHub repository it could be worked out from",
            code=1,
        )
    os.environ["SITEURL"] = siteurl
    print(f"gh-pages: building for {siteurl}")
    preview(c)
    cname = str(runpy.run_path(str(PUBLISH_SETTINGS)).get("PAGES_CNAME") or "") or None
    # ghp-import builds on the remote's branch as last fetched: fetch it first, so that a branch
    # published from another clone is extended rather than refused as a non-fast-forward push.
    with c.cd(str(ROOT)):
        c.run(shlex.join(["git", "fetch", "--quiet", remote, branch]), hide=True, warn=True)
    try:
        # ghp-import runs git in the current directory: the project's repository, wherever ./dev ran.
        with contextlib.chdir(ROOT):
            ghp_import(
                str(OUTPUT),
                mesg=f"Publish News Digest to {siteurl}",
                remote=remote,
                branch=branch,
                push=True,
                nojekyll=True,
                cname=cname,
            )
    except (GhpError, OSError) as error:
        raise Exit(f"gh-pages: {error}", code=1) from error
    except Exception as error:  # noqa: BLE001 - a failed git push: say so in one line
        raise Exit(f"gh-pages: pushing to {remote} {branch} failed: {error}", code=1) from error
    print(f"gh-pages: pushed the site to {remote} {branch}" + (f" (CNAME {cname})" if cname else ""))


@task(help={"out": "folder for the zip file (default: dist)"})
def bundle(c, out="dist"):
    """Build the offline site and zip it as dist/news-digest-<newest article's date>.zip."""
    from invoke.exceptions import Exit
    from news_digest.bundle import write_bundle

    build(c)
    try:
        path = write_bundle(OUTPUT, Path(out).resolve())
    except (OSError, ValueError) as error:
        raise Exit(f"bundle: {error}", code=1) from error
    print(f"bundle: wrote {path}")


@task(
    help={
        "seeds": "folder of seed .txt files, with its optional sources.yml and corrections.yml",
        "out": "folder for the Markdown articles and annotations.json (default: content/articles)",
        "strict": "exit with an error when any seed is skipped",
    }
)
def annotate(c, seeds=str(SEEDS), out=None, strict=False):
    """Convert a folder of seeds into Markdown articles and annotations.json."""
    import logging
    import runpy

    from invoke.exceptions import Exit
    from news_digest.annotate_cache import CACHE_FILE
    from news_digest.pipeline import PipelineError, annotate_folder
    from news_digest.settings import parse_settings

    from news_digest.command import whole_line_handler

    logging.basicConfig(level=logging.INFO, handlers=[whole_line_handler()], force=True)
    # The same options as the build (extra knowledge, boilerplate, ...), so the
    # two never disagree about what an article should say.
    configured = dict(runpy.run_path(str(SETTINGS)).get("NEWS_DIGEST") or {})
    try:
        # relative paths are taken from where ./dev was run, as in a build
        settings = parse_settings({**configured, "seeds": seeds, **({"strict": True} if strict else {})})
        target = Path(out) if out else CONTENT / settings.articles_dir
        annotate_folder(settings.seeds, target.resolve(), settings, cache_file=ROOT / "cache" / CACHE_FILE)
    except (PipelineError, ValueError, OSError) as error:
        raise Exit(f"annotate: {error}", code=1) from error


@task
def test(c, args=""):
    """Run the whole test suite."""
    command = [sys.executable, "-m", "pytest", *shlex.split(args)]
    with c.cd(str(ROOT)):
        c.run(shlex.join(command), pty=False)


@task(name="generate-countries", help={"check": "only fail if countries.yml is out of date"})
def generate_countries(c, check=False):
    """Regenerate the country entities from pycountry and tools/country_extras.yml."""
    command = [sys.executable, str(ROOT / "tools" / "generate_countries.py")]
    if check:
        command.append("--check")
    c.run(shlex.join(command), pty=False)


@task(
    help={
        "gold": "gold YAML file (default: tests/gold/seeds.yml)",
        "seeds": "folder of the seeds the gold file lists (default: seeds/)",
        "verbose": "list every article's false positives and negatives",
    }
)
def evaluate(c, gold=str(ROOT / "tests" / "gold" / "seeds.yml"), seeds=str(SEEDS), verbose=False):
    """Score the tagger against a gold file: precision, recall and F1 per entity kind."""
    from invoke.exceptions import Exit
    from news_digest.evaluate import main as evaluate_main

    arguments = ["--gold", gold, "--seeds", seeds] + (["--verbose"] if verbose else [])
    code = evaluate_main(arguments)
    if code:
        raise Exit(code=code)


@task(help={"articles": "how many articles to tag (default 1000)"})
def benchmark(c, articles=1000):
    """Time the tagger on many ~700-word articles built from the seeds and the dev set."""
    command = [sys.executable, str(ROOT / "benchmarks" / "tagger.py"), "--articles", str(int(articles))]
    c.run(shlex.join(command), pty=False)


@task(
    help={
        "articles": "how many scraped-looking seeds to generate and build (default 1000)",
        "keep": "work in this (empty or new) folder and keep it, instead of a temporary one",
    }
)
def bench(c, articles=1000, keep=None):
    """Build a generated digest of N articles and compare it with plain Pelican: times, memory, page sizes."""
    command = [sys.executable, str(ROOT / "benchmarks" / "site.py"), "--articles", str(int(articles))]
    if keep:
        command += ["--keep", str(Path(keep).resolve())]
    c.run(shlex.join(command), pty=False)


@task(name="bench-ingest", help={"max_kb": "largest seed to time, in kB (default 1600)"})
def bench_ingest(c, max_kb=1600):
    """Print ingestion time against seed size for many seed shapes: growth should be linear."""
    command = [sys.executable, str(ROOT / "benchmarks" / "ingest_scaling.py"), "--max-kb", str(int(max_kb))]
    c.run(shlex.join(command), pty=False)


@task(build)
def screenshots(c):
    """Build, then photograph the front page, an article and the timeline into docs/screenshots/."""
    tool = ROOT / "tools" / "screenshots.py"
    c.run(shlex.join([sys.executable, str(tool), "--site", str(OUTPUT), "--out", str(ROOT / "docs" / "screenshots")]))
