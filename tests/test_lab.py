"""`make lab` starts JupyterLab on 127.0.0.1 with a token, as root too (containers), and stops cleanly.

The test runs the Makefile's own recipe (`make -s lab LAB_TOKEN=... LAB_ARGS=...`) with this
interpreter's environment as the venv (VENV=sys.prefix; `-o` keeps make from reinstalling it),
on a free port, and waits for the server's REST API to answer with the token.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from analysis.paths import PROJECT_ROOT

pytestmark = [
    pytest.mark.skipif(shutil.which("make") is None, reason="needs make"),
    pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX"),
]

START_TIMEOUT = 60  # seconds for JupyterLab to answer
STOP_TIMEOUT = 20  # seconds for the process group to exit after SIGTERM


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_alive(pgid: int) -> bool:
    """Whether any process of the group is still running (zombies awaiting their reaper excepted)."""
    proc = Path("/proc")
    if proc.is_dir():
        for stat in proc.glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # the process has gone
            if int(fields[2]) == pgid and fields[0] != "Z":
                return True
        return False
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_group(process: subprocess.Popen, pgid: int, timeout: float) -> bool:
    """Wait until no process of the group runs; whether that happened within timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process.poll()  # reap make itself
        if not group_alive(pgid):
            return True
        time.sleep(0.2)
    return False


def stop_group(process: subprocess.Popen, pgid: int) -> signal.Signals | None:
    """SIGTERM to the whole group (make, its shell, JupyterLab), then SIGKILL if it is still there.
    Returns the signal that ended the group (None if it had already gone)."""
    ended_by = None
    for sig, timeout in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, 5)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        ended_by = sig
        if wait_group(process, pgid, timeout):
            break
    process.wait(timeout=5)
    return ended_by


def get_status(url: str) -> tuple[int, str, dict] | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get_content_type(), json.loads(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None  # not listening yet


def test_make_lab_serves_the_api_with_a_token_and_stops_cleanly(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    venv = Path(sys.prefix)
    # The child make must not join the jobserver of a `make test` that runs this test.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")  # the server's files, not the user's
    command = ["make", "-s", "-o", str(venv / ".installed"), "lab", f"VENV={venv}", f"LAB_TOKEN={token}",
               f"LAB_ARGS=--port={port} --ServerApp.port_retries=0 --no-browser"]
    log = (tmp_path / "lab.log").open("w+")
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    pgid = os.getpgid(process.pid)
    try:
        url = f"http://127.0.0.1:{port}/api/status?token={token}"
        deadline, answer = time.monotonic() + START_TIMEOUT, None
        while answer is None and process.poll() is None and time.monotonic() < deadline:
            answer = get_status(url)
            if answer is None:
                time.sleep(0.5)
        log.seek(0)
        output = log.read()
        assert answer is not None, (f"JupyterLab did not answer on port {port} within {START_TIMEOUT} s "
                                    f"(make exited with {process.returncode}):\n{output}")
        status, content_type, body = answer
        assert status == 200 and content_type == "application/json"
        assert "started" in body and "connections" in body
        # The token is required: without it the API refuses.
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=5)
        assert refused.value.code == 403
    finally:
        ended_by = stop_group(process, pgid)
        log.close()
    assert not group_alive(pgid), "processes of `make lab` survived SIGTERM and SIGKILL"
    assert ended_by == signal.SIGTERM, "`make lab` needed SIGKILL to stop"
