"""The offline site as one dated zip file, the same bytes for the same site.

The zip holds one folder, ``news-digest-<date>/``, with the built site and a short
README.txt; unzipped, its index.html opens from disk like output/ does. The date is
the newest article's (from data/annotations.json), never the clock, and every entry
gets that date, the same permissions and a fixed order, so the same site always
gives a byte-identical file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import zipfile
from pathlib import Path

from .site.export import ANNOTATIONS_FILE

PREFIX = "news-digest"
# Zip timestamps start in 1980; an older newest article still names the file by its own date.
_ZIP_EPOCH = dt.date(1980, 1, 1)
READ_ME = """News Digest, offline edition of {date}

Open index.html in this folder with any web browser (double-click it, or drag it
into a browser window). Everything works from disk without a network: the
articles, the entity pages, the timeline and its filter, and search. Keep the
folder together; moving index.html alone breaks its links.
"""


def newest_date(site: Path) -> dt.date | None:
    """The newest article's date, from the site's data export; None when no article is dated."""
    path = site / ANNOTATIONS_FILE
    records = json.loads(path.read_text("utf-8")).get("articles") or []
    dates = [dt.date.fromisoformat(record["date"]) for record in records if record.get("date")]
    return max(dates) if dates else None


def bundle_name(date: dt.date | None) -> str:
    """``news-digest-2014-05-14`` (or ``news-digest-undated``): the zip's name and its folder's."""
    return f"{PREFIX}-{date.isoformat() if date else 'undated'}"


def _site_files(site: Path) -> list[Path]:
    """Every file of the site in a fixed order; hidden ones (a retained .git) are not the site."""
    files = []
    for folder, subfolders, names in os.walk(site):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        files += [Path(folder) / name for name in sorted(names) if not name.startswith(".")]
    return sorted(files, key=lambda path: path.relative_to(site).as_posix())


def _entry(name: str, date: dt.date | None) -> zipfile.ZipInfo:
    day = max(date or _ZIP_EPOCH, _ZIP_EPOCH)
    info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix, so the permissions above are read as such everywhere
    return info


def write_bundle(site: Path, destination: Path) -> Path:
    """Zip the built site at ``site`` into ``destination``/news-digest-<date>.zip; returns its path.

    Written to a temporary file first and renamed, so a failure never leaves half a zip.
    """
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site} holds no built site (no index.html): build it first")
    date = newest_date(site)
    name = bundle_name(date)
    destination.mkdir(parents=True, exist_ok=True)
    target = destination / f"{name}.zip"
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".zip", dir=destination)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            read_me = READ_ME.format(date=date.isoformat() if date else "undated articles")
            archive.writestr(_entry(f"{name}/README.txt", date), read_me)
            for path in _site_files(site):
                archive.writestr(
                    _entry(f"{name}/{path.relative_to(site).as_posix()}", date), path.read_bytes()
                )
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
