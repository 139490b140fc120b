"""Writing files so that a reader never sees half of one: written under a temporary name in the
target's folder, then moved into place in one step, with ordinary permissions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def publish(tmp: str | Path, target: Path) -> None:
    """Move a finished temporary file into place with ordinary permissions (mkstemp makes it 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)


def atomic_write_text(target: Path, text: str, *, newline: str | None = None) -> None:
    """Write ``text`` to ``target`` in one step (UTF-8).

    The text is written to a temporary file in the target's folder, which is then moved into place
    with ordinary permissions (:func:`publish`); on failure the temporary file is removed and the
    target is left as it was.

    Parameters
    ----------
    target : Path
        The file to write; its folder must exist. An existing file is replaced.
    text : str
        The whole content.
    newline : str or None, optional
        As for :func:`open`: ``""`` writes line endings as they are in ``text`` (the data tables'
        CRLF); the default (None) translates ``\\n`` as text files do.
    """
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
        publish(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
