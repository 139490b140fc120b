"""Benchmark: GDELT events to dyad-day rows on DuckDB, against DuckDB's bare read of the same file.

A GDELT 2.0-format file (61 tab-separated columns, realistic field lengths, seeded; 2 million rows
by default, larger than 1 GB expanded) is generated once into a cache folder. As in GDELT, a third of
the actors have no country and many have a role other than the state's, so about one row in ten is an
act between two of the project's actors (192,859 of the 2 million); a file where every row is one (the
worst case) took 2.5 times the read on the development machine. In the same run the
script times, each in a fresh process (best of ``--repeat``):

- the baseline: DuckDB reading the file with the importer's column types, ``SELECT count(*)``;
- the import: :func:`analysis.sources.gdelt.import_gdelt` (deduplication, actor mapping, the
  dyad-day aggregation and the PLOVER coding), with its peak resident memory.

Targets (issue 18): the import at most 1.5 times the bare read; peak memory at most 1 GB while the
file is larger than that. The file is a plain CSV: the one-off copy of a zip archive into the gzip
cache (:func:`analysis.sources.gdelt.prepare`), which real GDELT downloads go through once, is not
timed. Unix only (it reads peak memory with the resource module). Run with ``make bench`` or
``python benchmarks/gdelt.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_RATIO, TARGET_MEMORY = 1.5, 1 << 30
STATES = [
    "ISR",
    "PSE",
    "IRN",
    "RUS",
    "USA",
    "CHN",
    "EGY",
    "QAT",
    "TUR",
    "SAU",
    "LBN",
    "SYR",
    "YEM",
    "FRA",
    "GBR",
    "DEU",
]
# As in GDELT, many actors have no country (a blank actor, or only a role such as police or media), and
# many have a role that is not the state acting (civilians, business, media, education, rebels).
COUNTRY = STATES * 3 + [""] * 24
TYPES = ["", "", "GOV", "GOV", "MIL", "CVL", "BUS", "MED", "EDU", "REB", "OPP"]
CODES = {
    "010": 0.0,
    "020": 3.0,
    "036": 4.0,
    "042": 1.9,
    "043": 2.8,
    "046": 7.0,
    "057": 8.0,
    "111": -2.0,
    "112": -2.0,
    "1056": -5.0,
    "173": -5.0,
    "190": -10.0,
    "193": -10.0,
    "195": -10.0,
}


def generate(path: Path, rows: int, seed: int = 0) -> None:
    """A GDELT 2.0 export of ``rows`` events over 2023-10-07..2023-12-31 (about 2% repeated ids)."""
    rng = random.Random(seed)
    codes = sorted(CODES)
    days = (
        [f"202310{d:02d}" for d in range(7, 32)]
        + [f"202311{d:02d}" for d in range(1, 31)]
        + [f"202312{d:02d}" for d in range(1, 32)]
    )
    geo = "\t".join(
        [
            "4",
            "Gaza City, Gaza Strip, Occupied Palestinian Territories (general)",
            "IS",
            "IS00",
            "IS001",
            "31.5000",
            "34.4667",
            "-1234567",
        ]
    )
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as out:
        for i in range(rows):
            event_id = 1_100_000_000 + (i if rng.random() > 0.02 else max(0, i - 1))
            day, code = rng.choice(days), rng.choice(codes)
            a1, a2 = rng.choice(COUNTRY), rng.choice(COUNTRY)
            g1 = "HMS" if rng.random() < 0.05 else ""
            t1, t2 = rng.choice(TYPES), rng.choice(TYPES)
            cells = [
                str(event_id),
                day,
                day[:6],
                day[:4],
                "2023.8000",
                a1 + g1 + t1,
                f"{a1} GOVERNMENT OFFICIALS",
                a1,
                g1,
                "",
                "",
                "",
                t1,
                "",
                "",
                a2 + t2,
                f"{a2} GOVERNMENT OFFICIALS",
                a2,
                "",
                "",
                "",
                "",
                t2,
                "",
                "",
                "1",
                code,
                code[:3],
                code[:2],
                "1",
                str(CODES[code]),
                str(rng.randint(1, 40)),
                str(rng.randint(1, 8)),
                str(rng.randint(1, 20)),
                f"{rng.uniform(-10, 5):.6f}",
                geo,
                geo,
                geo,
                day + "001500",
                f"https://www.example-news-site.org/world/middle-east/2023/{day}/story-{i}-about-the-war.html",
            ]
            out.write("\t".join(cells) + "\n")
    tmp.replace(path)


CHILD = r"""
import json, resource, sys, time
path, mode = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if mode == "read":
    import duckdb
    from analysis.sources.gdelt import GDELT2_COLUMNS, csv_source
    duckdb.execute("SET enable_progress_bar = false")
    n = duckdb.sql(f"SELECT count(*) FROM {csv_source([path], GDELT2_COLUMNS)}").fetchall()[0][0]
else:
    from analysis import load_tables
    from analysis.sources.gdelt import import_gdelt
    actors = load_tables().actors
    start = time.perf_counter()
    n = len(import_gdelt(path, actors=actors, skip_malformed=True, memory_limit=sys.argv[3]).events)
seconds = time.perf_counter() - start
# ru_maxrss is in kilobytes on Linux and in bytes on macOS (the resource module is Unix-only)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(json.dumps({"seconds": seconds, "rows": n, "peak_bytes": peak}))
"""


def run(path: Path, mode: str, memory_limit: str = "") -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), mode, memory_limit], capture_output=True, text=True, cwd=ROOT
    )
    if out.returncode:
        raise SystemExit(f"the {mode} run failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--memory-limit",
        default="600MB",
        help="DuckDB's memory limit for the import (it spills to disk past it); the Python process adds about 200 MB",
    )
    parser.add_argument("--cache", default=str(ROOT / "build" / "bench"), help="where the generated file is kept")
    args = parser.parse_args()
    path = Path(args.cache) / f"gdelt-{args.rows}.export.CSV"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"generating {args.rows:,} GDELT-format rows into {path} ...", flush=True)
        generate(path, args.rows)
    size = path.stat().st_size
    read = min((run(path, "read") for _ in range(args.repeat)), key=lambda r: r["seconds"])
    imp = min((run(path, "import", args.memory_limit) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    ratio = imp["seconds"] / read["seconds"]
    print(f"GDELT file: {read['rows']:,} rows, {size / 2**30:.2f} GiB expanded")
    print(f"bare read (count(*)):      {read['seconds']:.2f} s")
    print(
        f"import to dyad-day rows:   {imp['seconds']:.2f} s ({imp['rows']:,} rows), "
        f"peak memory {imp['peak_bytes'] / 2**20:.0f} MiB"
    )
    print(
        f"ratio import / bare read:  {ratio:.2f} (target <= {TARGET_RATIO}) "
        f"{'met' if ratio <= TARGET_RATIO else 'NOT met'}"
    )
    memory_ok = imp["peak_bytes"] <= TARGET_MEMORY
    print(
        f"peak memory:               {imp['peak_bytes'] / 2**30:.2f} GiB "
        f"(target <= 1 GiB, file {size / 2**30:.2f} GiB) "
        f"{'met' if memory_ok else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
