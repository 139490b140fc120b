"""The repository is self-contained: no text file in it points at a path outside it.

Methods, formulas and the source article's claims are documented inside the repository
(docs/methods.md, docs/claims.md). This test reads every file git knows about (tracked, or new
and not ignored) and fails, naming file and line, on a reference to a location outside it:

- the notes that used to live beside the repository (a ``shared`` folder's METHODS, STYLE or
  source-article files), however they are reached;
- absolute paths under the work, root, home or temporary directories of one machine;
- a relative path whose ``..`` steps, resolved from the file's own folder, leave the repository.

URLs are not file references and are skipped, as is the image data embedded in notebooks.
Binary files (PNG figures) are not read. The patterns are assembled from pieces, so this file
does not match them itself.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_S = "/"
_UP = ".." + _S
OUTSIDE_NOTES = re.compile(r"\bshared" + _S + r"(?:METHODS|STYLE|source-article)")
OUTSIDE_SHARED = re.compile(re.escape(_UP) + r"(?:\.\./)*shared\b")
ABSOLUTE = re.compile(r"(?<![\w.~/-])" + _S + r"(?:work|root|home|tmp)" + _S)
CLIMBING = re.compile(r"[\w.~/-]*" + re.escape(_UP) + r"[\w.~/-]*")
NOTEBOOK_IMAGE = re.compile(r'^\s*"image/[\w.+-]+":\s*"')
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".pdf", ".ico", ".gz", ".zip", ".parquet", ".pkl"}

# Lines that mention such a path without referring to a file there, each with its reason.
ALLOWED = {
    # the sanitiser's pattern that blanks temporary paths out of notebook outputs
    "tests/nbval_sanitize.cfg": ("regex: " + _S + "tmp" + _S,),
    # the sample output the sanitiser test cleans
    "tests/test_notebooks.py": (" in " + _S + "tmp" + _S + "pytest-",),
}


def _in_url(line: str, start: int) -> bool:
    """Whether position ``start`` of ``line`` lies in a whitespace-delimited token that is a URL."""
    left = max(line.rfind(c, 0, start) for c in " \t\"'`(<[")
    token = line[left + 1 :]
    token = re.split(r"[\s\"'`)>\]]", token, maxsplit=1)[0]
    return "://" in token


def problems(text: str, relpath: str) -> list[tuple[int, str, str]]:
    """(line number, matched text, reason) for every reference to a path outside the repository
    in ``text``, the contents of the file at ``relpath`` (relative to the repository root)."""
    folder = (ROOT / relpath).parent
    allowed = ALLOWED.get(relpath, ())
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if relpath.endswith(".ipynb") and NOTEBOOK_IMAGE.match(line):
            continue
        if any(snippet in line for snippet in allowed):
            continue
        hits = []
        for m in OUTSIDE_NOTES.finditer(line):
            hits.append((m, "cites notes kept outside the repository; cite docs/methods.md or docs/claims.md"))
        for m in OUTSIDE_SHARED.finditer(line):
            hits.append((m, "points at a folder beside the repository"))
        for m in ABSOLUTE.finditer(line):
            hits.append((m, "absolute path on one machine"))
        for m in CLIMBING.finditer(line):
            path = m.group(0)
            if path.startswith(("/", "~")):
                continue
            target = Path(os.path.normpath(folder / path))
            if not target.is_relative_to(ROOT):
                hits.append((m, f"relative path leaves the repository (resolves to {target})"))
        for m, reason in hits:
            if not _in_url(line, m.start()):
                found.append((number, m.group(0), reason))
    return sorted(set(found))


def repository_files() -> list[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the list of the repository's files is unknown")
    names = sorted({n for n in out.decode("utf-8").split("\0") if n})
    return [n for n in names if (ROOT / n).is_file() and Path(n).suffix.lower() not in BINARY_SUFFIXES]


def read_text(relpath: str) -> str | None:
    data = (ROOT / relpath).read_bytes()
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# ---- the checker itself ------------------------------------------------------------------------


def test_checker_flags_the_outside_notes():
    for name in ("METHODS.md", "source-article.txt", "STYLE.md"):
        text = f'"""Formulas: see shared{_S}{name}, section 2."""\n'
        assert [n for n, _, _ in problems(text, "analysis/blocs.py")] == [1], name


def test_checker_flags_a_sibling_folder_and_absolute_paths():
    assert problems(f"notes in {_UP}shared{_S}x.md\n", "README.md")
    for top in ("work", "root", "home", "tmp"):
        text = f"first line\ndata in {_S}{top}{_S}someone{_S}events.csv\n"
        assert [n for n, _, _ in problems(text, "data/README.md")] == [2], top


def test_checker_resolves_relative_paths_from_the_files_folder():
    assert problems(f"[codebook]({_UP}data/README.md)\n", "notebooks/01_centrality.ipynb") == []
    assert problems(f"[codebook]({_UP}{_UP}data/README.md)\n", "notebooks/01_centrality.ipynb")
    assert problems(f"open('{_UP}secrets.txt')\n", "README.md")
    assert problems(f"docs/methods.md, section 1; analysis/{_UP}data/events.csv\n", "README.md") == []


def test_checker_skips_urls_and_notebook_images():
    assert problems(f"https://example.org{_S}home{_S}page and https://example.org/a/{_UP}b\n", "data/sources.csv") == []
    image = f'      "image/png": "iVBORw0KGgo+{_S}tmp{_S}AAAA"\n'
    assert problems(image, "notebooks/00_briefing.ipynb") == []
    assert problems(image, "notes.txt")  # outside a notebook the same text is a path


# ---- the repository ----------------------------------------------------------------------------


def test_no_file_refers_to_a_path_outside_the_repository():
    found = []
    for relpath in repository_files():
        text = read_text(relpath)
        if text is None:
            continue
        found += [f"{relpath}:{number}: {reason}: {match}" for number, match, reason in problems(text, relpath)]
    assert not found, "references outside the repository:\n" + "\n".join(found)
