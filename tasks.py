"""invoke tasks: Pelican's usual ones (build, serve, publish, ...) plus the digest's own.

Run them through ./dev (e.g. `./dev build`), which prepares .venv first.
"""

from __future__ import annotations

import os
import shlex
import shutil
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
HOST, PORT = "127.0.0.1", 8000


def _pelican(*args: str) -> None:
    """Run Pelican in this process, so that a failure is an exception we can report."""
    from pelican import main as pelican_main

    pelican_main([str(CONTENT), *args])


@task
def clean(c):
    """Remove the built site (generated articles in content/ stay)."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task
def build(c):
    """Annotate the seeds and build the site into output/."""
    _pelican("-s", str(SETTINGS), "-o", str(OUTPUT))


@task(clean, build)
def rebuild(c):
    """Clean, then build."""


def _watched() -> list[Path]:
    # Pelican's own autoreload sees content, theme and settings only; the digest
    # is also made from seeds and knowledge files.
    return [SETTINGS, CONTENT / "pages", ROOT / "theme", SEEDS, KNOWLEDGE]


@task
def regenerate(c):
    """Rebuild whenever content, theme, settings, seeds or knowledge change."""
    from watchfiles import watch

    build(c)
    for _changes in watch(*(path for path in _watched() if path.exists())):
        build(c)


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
    _pelican("-s", str(PUBLISH_SETTINGS), "-o", str(OUTPUT))


@task
def livereload(c, port=PORT):
    """Serve output/ and rebuild and reload the browser on every change."""
    from livereload import Server

    build(c)
    server = Server()
    for path in _watched():
        pattern = f"{path}/**/*" if path.is_dir() else str(path)
        server.watch(pattern, lambda: build(c))
    server.serve(host=HOST, port=int(port), root=str(OUTPUT))


@task
def publish(c):
    """Build the public site (SITEURL from the environment) into output/."""
    if not os.environ.get("SITEURL"):
        print("publish: set SITEURL, e.g. SITEURL=https://you.github.io/news-digest", file=sys.stderr)
    preview(c)


@task(publish, name="gh-pages")
def gh_pages(c):
    """Publish output/ to the gh-pages branch and push it."""
    c.run(f"ghp-import --no-jekyll --push {shlex.quote(str(OUTPUT))}")


@task(
    help={
        "seeds": "folder of seed .txt files, with its optional sources.yml and corrections.yml",
        "out": "folder for the Markdown articles and annotations.json (default: content/articles)",
        "strict": "exit with an error when any seed is skipped",
    }
)
def annotate(c, seeds=str(SEEDS), out=None, strict=False):
    """Convert a folder of seeds into Markdown articles and annotations.json."""
    import dataclasses
    import logging
    import runpy

    from invoke.exceptions import Exit
    from news_digest.pipeline import PipelineError, annotate_folder
    from news_digest.settings import parse_settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    # The same options as the build (extra knowledge, boilerplate, ...), so the
    # two never disagree about what an article should say.
    configured = dict(runpy.run_path(str(SETTINGS)).get("NEWS_DIGEST") or {})
    try:
        settings = parse_settings({**configured, "seeds": seeds, **({"strict": True} if strict else {})})
        settings = dataclasses.replace(
            settings,
            seeds=settings.seeds.resolve(),
            knowledge=tuple(path.resolve() for path in settings.knowledge),
            boilerplate=tuple(path.resolve() for path in settings.boilerplate),
        )
        target = Path(out) if out else CONTENT / settings.articles_dir
        annotate_folder(settings.seeds, target.resolve(), settings)
    except (PipelineError, ValueError, OSError) as error:
        raise Exit(f"annotate: {error}", code=1) from error


@task
def test(c, args=""):
    """Run the whole test suite."""
    command = [sys.executable, "-m", "pytest", *shlex.split(args)]
    c.run(shlex.join(command), pty=False)


@task(name="generate-countries", help={"check": "only fail if countries.yml is out of date"})
def generate_countries(c, check=False):
    """Regenerate the country entities from pycountry and tools/country_extras.yml."""
    command = [sys.executable, str(ROOT / "tools" / "generate_countries.py")]
    if check:
        command.append("--check")
    c.run(shlex.join(command), pty=False)
