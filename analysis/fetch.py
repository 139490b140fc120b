"""Download the field's own sources into a local cache, with resume and checksums.

    python -m analysis.fetch gdelt --start 2023-10-07 --end 2023-10-08            # GDELT 2.0 exports
    python -m analysis.fetch gdelt --version 1 --start 2023-10-07 --end 2023-10-31  # GDELT 1.0 daily files
    python -m analysis.fetch undl --url <the CSV's download link> [--md5 <sum>]   # a UN Digital Library export
    python -m analysis.fetch bigquery --start 2023-10-07 --end 2024-12-31          # print the query for BigQuery

(`make fetch-gdelt START=... END=...` and `make fetch-undl URL=...` do the same.)

GDELT lists its files with their MD5 sums: the master file list of GDELT 2.0
(``masterfilelist.txt``: size, MD5 and URL per line) and the ``md5sums`` file of GDELT 1.0. Every
file of the window is downloaded into the cache (default ``downloads/gdelt/``) under a temporary
``.part`` name, continued from where it stopped when the server allows it (HTTP Range), checked
against its MD5 and only then given its name; a file already in the cache with the right sum is
not downloaded again. A sum that does not match leaves nothing under the file's name. Without a
network the command says so and exits with status 2. The UN Digital Library has no such list: the
user gives the download link of the export (and its MD5 if published).

Then read the files with :func:`analysis.sources.import_gdelt` or :func:`analysis.sources.read_undl`.
Beyond one machine, ``bigquery`` prints the importer's aggregation query for BigQuery's public table
``gdelt-bq.gdeltv2.events``; run it there, export the result as CSV and read it with
:func:`analysis.sources.read_bigquery_csv`.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

GDELT2_LIST = "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt"
GDELT1_LIST = "http://data.gdeltproject.org/events/md5sums"
GDELT1_BASE = "http://data.gdeltproject.org/events/"
CHUNK = 1 << 20
TIMEOUT = 60


class FetchError(RuntimeError):
    """A download that cannot be done: says what and why, in a sentence."""


@dataclass(frozen=True)
class Remote:
    url: str
    md5: str | None
    size: int | None = None

    @property
    def name(self) -> str:
        """The file name: the last part of the URL's path (no query string)."""
        return urlparse(self.url).path.rsplit("/", 1)[-1]


def _open(url: str, start: int = 0):
    request = urllib.request.Request(url, headers={"Range": f"bytes={start}-"} if start else {})
    try:
        return urllib.request.urlopen(request, timeout=TIMEOUT)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        host = re.sub(r"^\w+://([^/]+).*$", r"\1", url)
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"cannot reach {host} ({reason}): are you offline? The download needs a network; "
            "files already in the cache stay usable"
        ) from None


def _text(url: str) -> str:
    with _open(url) as response:
        return response.read().decode("utf-8", errors="replace")


def gdelt_files(
    start, end, *, version: int = 2, list_url: str | None = None, base_url: str = GDELT1_BASE
) -> list[Remote]:
    """The GDELT event files of the window [start, end] (whole days) with their MD5 sums, read
    from GDELT's own list (2.0: the master file list; 1.0: ``md5sums``).

    Parameters
    ----------
    start, end : date-like
        The window's first and last day, both included; a file belongs to the day its name starts
        with (YYYYMMDD).
    version : {2, 1}, default 2
        GDELT 2.0 (15-minute ``.export.CSV.zip`` files, listed with their sizes) or 1.0 (daily files).
    list_url : str, optional
        The file list to read; None reads GDELT's own (:data:`GDELT2_LIST` or :data:`GDELT1_LIST`).
    base_url : str, default GDELT1_BASE
        GDELT 1.0 only: the folder the daily files are downloaded from.

    Returns
    -------
    list of Remote
        The files (URL, MD5 in lower case, size for 2.0), sorted by file name; empty when the list
        has none in the window.

    Raises
    ------
    FetchError
        If ``start`` is after ``end``, ``version`` is neither 1 nor 2, or the list cannot be read.
    """
    first, last = pd.Timestamp(start).strftime("%Y%m%d"), pd.Timestamp(end).strftime("%Y%m%d")
    if first > last:
        raise FetchError(f"--start {start} is after --end {end}")
    out = []
    if version == 2:
        for line in _text(list_url or GDELT2_LIST).splitlines():
            parts = line.split()
            if len(parts) != 3 or not parts[2].endswith(".export.CSV.zip"):
                continue
            day = parts[2].rsplit("/", 1)[-1][:8]
            if first <= day <= last:
                out.append(Remote(parts[2], parts[1].lower(), int(parts[0]) if parts[0].isdigit() else None))
    elif version == 1:
        for line in _text(list_url or GDELT1_LIST).splitlines():
            parts = line.split()
            if len(parts) != 2 or not re.fullmatch(r"\d{8}\.export\.CSV\.zip", parts[1]):
                continue
            if first <= parts[1][:8] <= last:
                out.append(Remote(base_url.rstrip("/") + "/" + parts[1], parts[0].lower()))
    else:
        raise FetchError(f"--version must be 1 or 2, not {version}")
    return sorted(out, key=lambda r: r.name)


def _md5(path: Path) -> str:
    digest = hashlib.md5()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def download(remote: Remote, cache: Path, progress=None) -> Path:
    """One file into ``cache``: resumed from its ``.part`` when the server honours Range, checked
    against its MD5, then renamed. Returns the path. A file already there is kept when its MD5 is
    right (or, with no published sum, as it is: delete it to download it again).

    Parameters
    ----------
    remote : Remote
        The file: its URL (whose last part names it), MD5 (None: not checked) and size.
    cache : Path
        The folder it goes into (created if needed).
    progress : tqdm, optional
        A progress bar advanced by the bytes in place (anything with ``update(n)``); None shows none.

    Returns
    -------
    Path
        ``cache / remote.name``.

    Raises
    ------
    FetchError
        If the URL names no file, the server cannot be reached or refuses, the download stops, or
        the MD5 does not match (the partial file is then removed).
    """
    if not remote.name or remote.name in (".", ".."):
        raise FetchError(f"{remote.url}: the URL names no file (it should end with the file's name)")
    cache.mkdir(parents=True, exist_ok=True)
    target, part = cache / remote.name, cache / (remote.name + ".part")
    if target.is_file() and (remote.md5 is None or _md5(target) == remote.md5):
        if progress is not None and remote.size:
            progress.update(remote.size)
        return target
    have = part.stat().st_size if part.is_file() else 0
    if have and remote.md5 is not None and _md5(part) == remote.md5:  # complete, stopped before its rename
        part.replace(target)
        return target
    try:
        response = _open(remote.url, have)
    except FetchError as exc:
        if have and "416" in str(exc):  # the server cannot continue this .part: start again
            part.unlink()
            return download(remote, cache, progress)
        raise
    try:
        with response:
            resumed = have and getattr(response, "status", 200) == 206
            if progress is not None and have and resumed:
                progress.update(have)
            with part.open("ab" if resumed else "wb") as handle:
                for block in iter(lambda: response.read(CHUNK), b""):
                    handle.write(block)
                    if progress is not None:
                        progress.update(len(block))
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"{remote.url}: the download stopped ({exc}); run the command again to continue it") from None
    if remote.md5 is not None:
        got = _md5(part)
        if got != remote.md5:
            part.unlink()
            raise FetchError(
                f"{remote.url}: MD5 {got} does not match the published {remote.md5}; the partial file "
                "was removed, run the command again"
            )
    part.replace(target)
    return target


def fetch(remotes: list[Remote], cache: Path | str, *, quiet: bool = False) -> list[Path]:
    """Every file of ``remotes`` into ``cache`` with one progress bar; returns their paths.

    Parameters
    ----------
    remotes : list of Remote
        The files to download (:func:`download` each, in order).
    cache : Path or str
        The folder they go into.
    quiet : bool, default False
        Hide the progress bar (in bytes, its total the sum of the known sizes).

    Returns
    -------
    list of Path
        The files in the cache, in the order of ``remotes``.

    Raises
    ------
    FetchError
        From the first file that cannot be downloaded (the files before it stay in the cache).
    """
    from tqdm import tqdm

    cache = Path(cache)
    total = sum(r.size for r in remotes if r.size) or None
    with tqdm(total=total, unit="B", unit_scale=True, desc="download", disable=quiet) as bar:
        return [download(r, cache, bar) for r in remotes]


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.fetch gdelt|undl``: parse the command line and download; the exit
    status (0 when every file is in place).
    """
    parser = argparse.ArgumentParser(prog="python -m analysis.fetch", description=__doc__.split("\n")[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--quiet", action="store_true", help="no progress bar")
    sub = parser.add_subparsers(dest="source", required=True)
    g = sub.add_parser("gdelt", help="GDELT event files of a window", parents=[common])
    g.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    g.add_argument("--end", required=True, help="last day, YYYY-MM-DD")
    g.add_argument("--version", type=int, default=2, choices=[1, 2], help="GDELT 2.0 (15-minute) or 1.0 (daily)")
    g.add_argument("--cache", default="downloads/gdelt", help="folder for the files (default downloads/gdelt)")
    g.add_argument("--list-url", default=None, help="the file list to read (default: GDELT's own)")
    g.add_argument("--base-url", default=GDELT1_BASE, help="GDELT 1.0: where the daily files are")
    u = sub.add_parser("undl", help="a UN Digital Library voting-data export", parents=[common])
    u.add_argument("--url", required=True, help="the export's download link, as the Digital Library gives it")
    u.add_argument("--md5", default=None, help="its MD5 sum, if published")
    u.add_argument("--cache", default="downloads/undl", help="folder for the file (default downloads/undl)")
    b = sub.add_parser(
        "bigquery", help="print the GDELT aggregation query for BigQuery's public tables", parents=[common]
    )
    b.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    b.add_argument("--end", required=True, help="last day, YYYY-MM-DD")
    b.add_argument("--weight", default="events", help="events, sources, articles or mentions")
    args = parser.parse_args(argv)
    if args.source in ("gdelt", "bigquery"):
        try:
            first, last = pd.Timestamp(args.start), pd.Timestamp(args.end)
        except ValueError:
            print(
                f"error: --start and --end must be dates YYYY-MM-DD, not {args.start!r}, {args.end!r}", file=sys.stderr
            )
            return 2
        if first > last:
            print(f"error: --start {args.start} is after --end {args.end}", file=sys.stderr)
            return 2
    if args.source == "bigquery":
        from .sources.gdelt import WEIGHTS, actor_codes, aggregation_sql
        from .tables import load_tables

        if args.weight not in WEIGHTS:
            print(f"error: --weight must be one of {', '.join(WEIGHTS)}", file=sys.stderr)
            return 2
        print(
            aggregation_sql(
                dialect="bigquery", codes=actor_codes(load_tables().actors), start=first, end=last, weight=args.weight
            )
        )
        return 0
    try:
        if args.source == "gdelt":
            remotes = gdelt_files(
                args.start, args.end, version=args.version, list_url=args.list_url, base_url=args.base_url
            )
            if not remotes:
                print(f"GDELT lists no event file between {args.start} and {args.end}", file=sys.stderr)
                return 1
        else:
            remotes = [Remote(args.url, args.md5.lower() if args.md5 else None)]
        paths = fetch(remotes, args.cache, quiet=args.quiet)
    except FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{len(paths)} file(s) in {Path(args.cache).resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
