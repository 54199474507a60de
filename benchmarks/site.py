"""Benchmark: the whole digest at scale, against plain Pelican on the same Markdown.

    ./dev bench --articles 1000        # or: python benchmarks/site.py --articles 1000

In a temporary folder it writes a deterministic corpus of N scraped-looking
seeds (benchmarks/corpus.py), then measures, each step in its own process as a
user runs it:

- annotate: seeds -> Markdown articles (the `annotate` step alone);
- full build: from the raw seeds, with no generated article and no cache;
- rebuild after one seed changed, and after nothing changed;
- plain Pelican (its default theme, no plugin) on the same generated Markdown;
- for each build: wall time and the peak memory of the process tree (the build and
  any workers it starts, polled from /proc), and of the site: output size, the
  largest HTML page, the front page and the search index (``search-index.js`` and
  the parts under ``search/``, with the largest part: a query loads only some).

It prints one table with the ratios to plain Pelican, and progress lines on
stderr as it goes. Nothing is timed in the test suite: targets are read from here.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "plugins"))

import corpus  # noqa: E402

# A site settings file for the benchmark's folder: the project's settings with the paths moved.
SITE_SETTINGS = """\
import runpy
globals().update({{k: v for k, v in runpy.run_path({conf!r}).items() if k.isupper()}})
PATH = {content!r}
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
CACHE_PATH = {cache!r}
NEWS_DIGEST = {{**NEWS_DIGEST, "seeds": {seeds!r}}}
"""
# Plain Pelican: its defaults, the default theme, no plugin; only the content path given.
PLAIN_SETTINGS = """\
SITENAME = "Plain"
PATH = {content!r}
TIMEZONE = "UTC"
"""
# Builds the site the way `./dev build` does: into a staging folder swapped in when complete.
BUILD_SCRIPT = """\
import sys
sys.path.insert(0, {plugins!r})
from news_digest.atomic import staged_output
from pelican import main
from pathlib import Path
with staged_output(Path(sys.argv[2])) as staging:
    try:
        main([sys.argv[3], "-s", sys.argv[1], "-o", str(staging), "-q"])
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise
"""
ANNOTATE_SCRIPT = """\
import sys, runpy
from pathlib import Path
sys.path.insert(0, {plugins!r})
from news_digest.pipeline import annotate_folder
from news_digest.settings import parse_settings
annotate_folder(Path(sys.argv[1]), Path(sys.argv[2]), parse_settings({{}}))
"""


# A long step says it is still going this often.
PROGRESS_SECONDS = 30


@dataclass
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Site:
    total_mb: float = 0.0
    files: int = 0
    largest_kb: float = 0.0
    largest: str = ""
    front_kb: float = 0.0
    search_kb: float = 0.0
    search_files: list[str] = field(default_factory=list)
    search_part_kb: float = 0.0


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory of ``root_pid`` and every process under it, from /proc (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields.get("PPid", "0").strip() or 0)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0] or 0)
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree)


def run_measured(command: list[str], label: str, cwd: Path) -> Run:
    """Run ``command``; its wall time and the peak memory of its process tree."""
    print(f"bench: {label} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    polling = Path("/proc").is_dir()
    reported = started
    while process.poll() is None:
        if polling:
            peak = max(peak, _tree_rss_kb(process.pid))
        time.sleep(0.1)
        if time.perf_counter() - reported >= PROGRESS_SECONDS:
            reported = time.perf_counter()
            print(f"bench: {label}: {reported - started:.0f} s so far, peak {peak / 1024:.0f} MB",
                  file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    reader.join()
    if process.returncode:
        sys.stderr.write("".join(output[-40:]))
        raise SystemExit(f"bench: {label} failed (exit status {process.returncode})")
    print(f"bench: {label}: {seconds:.1f} s, peak {peak / 1024:.0f} MB", file=sys.stderr, flush=True)
    return Run(seconds, peak / 1024)


def measure_site(output: Path) -> Site:
    site = Site()
    total = 0
    for path in output.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        site.files += 1
        relative = path.relative_to(output).as_posix()
        if path.suffix == ".html" and size / 1000 > site.largest_kb:
            site.largest_kb, site.largest = size / 1000, relative
        if relative == "index.html":
            site.front_kb = size / 1000
        if relative.startswith(("search-index", "search/")):
            site.search_kb += size / 1000
            site.search_files.append(relative)
            site.search_part_kb = max(site.search_part_kb, size / 1000)
    site.total_mb = total / 1e6
    return site


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {usable} cores usable{memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def bench(articles: int, work: Path) -> str:
    python = sys.executable
    seeds, content, cache = work / "seeds", work / "content", work / "cache"
    print(f"bench: writing {articles} seeds into {seeds}", file=sys.stderr, flush=True)
    corpus.write_corpus(seeds, articles)
    words = sum(len(p.read_text("utf-8").split()) for p in seeds.glob("*.txt"))
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    settings = work / "site.py"
    settings.write_text(
        SITE_SETTINGS.format(
            conf=str(ROOT / "pelicanconf.py"),
            content=str(content),
            theme=str(ROOT / "theme"),
            plugins=str(ROOT / "plugins"),
            cache=str(cache),
            seeds=str(seeds),
        ),
        "utf-8",
    )
    build_script = work / "build.py"
    build_script.write_text(BUILD_SCRIPT.format(plugins=str(ROOT / "plugins")), "utf-8")
    annotate_script = work / "annotate.py"
    annotate_script.write_text(ANNOTATE_SCRIPT.format(plugins=str(ROOT / "plugins")), "utf-8")
    output = work / "output"
    build = [python, str(build_script), str(settings), str(output), str(content)]

    annotate = run_measured([python, str(annotate_script), str(seeds), str(work / "annotated")], "annotate", work)
    full = run_measured(build, "full build from the raw seeds", work)
    site = measure_site(output)
    changed = seeds / "bench_00000.txt"
    changed.write_text(changed.read_text("utf-8") + "\nThe Norwegian court will rule again next year.\n", "utf-8")
    one = run_measured(build, "rebuild after one seed changed", work)
    nothing = run_measured(build, "rebuild after nothing changed", work)

    plain_content = work / "plain-content"
    shutil.copytree(content / "articles", plain_content, ignore=shutil.ignore_patterns("*.json"))
    plain_settings = work / "plain.py"
    plain_settings.write_text(PLAIN_SETTINGS.format(content=str(plain_content)), "utf-8")
    plain_output = work / "plain-output"
    plain = run_measured(
        [python, "-m", "pelican", str(plain_content), "-s", str(plain_settings), "-o", str(plain_output), "-q"],
        "plain Pelican on the same Markdown",
        work,
    )
    plain_site = measure_site(plain_output)

    def ratio(value: float, base: float) -> str:
        return f"{value / base:.2f}×" if base else "-"

    rows = [
        ("annotate (seeds -> Markdown)", f"{annotate.seconds:.1f} s", f"{annotate.peak_mb:.0f} MB", ""),
        ("full build from raw seeds", f"{full.seconds:.1f} s", f"{full.peak_mb:.0f} MB",
         ratio(full.seconds, plain.seconds)),
        ("rebuild, one seed changed", f"{one.seconds:.1f} s", f"{one.peak_mb:.0f} MB",
         ratio(one.seconds, plain.seconds)),
        ("rebuild, nothing changed", f"{nothing.seconds:.1f} s", f"{nothing.peak_mb:.0f} MB",
         ratio(nothing.seconds, plain.seconds)),
        ("plain Pelican, same Markdown", f"{plain.seconds:.1f} s", f"{plain.peak_mb:.0f} MB", "1.00×"),
    ]
    lines = [
        f"News Digest site benchmark: {articles} seeds, {words:,} words",
        f"machine: {_machine()}",
        "",
        "| step | time | peak memory | vs plain Pelican |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
        f"full build: {1000 * full.seconds / articles:.1f} ms per article "
        f"(plain Pelican {1000 * plain.seconds / articles:.1f} ms)",
        "",
        "| output | News Digest | plain Pelican |",
        "|---|---|---|",
        f"| files | {site.files:,} | {plain_site.files:,} |",
        f"| total size | {site.total_mb:.1f} MB | {plain_site.total_mb:.1f} MB |",
        f"| largest HTML page | {site.largest_kb:.0f} KB ({site.largest}) | "
        f"{plain_site.largest_kb:.0f} KB ({plain_site.largest}) |",
        f"| front page (index.html) | {site.front_kb:.0f} KB | {plain_site.front_kb:.0f} KB |",
        f"| search index | {site.search_kb:.0f} KB in {len(site.search_files)} file(s), "
        f"largest {site.search_part_kb:.0f} KB | - |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="how many seeds to generate (default 1000)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"{args.keep} is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        print(bench(args.articles, args.keep.resolve()))
    else:
        with tempfile.TemporaryDirectory(prefix="news-digest-bench-") as folder:
            print(bench(args.articles, Path(folder)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
