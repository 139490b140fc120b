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
from conftest import BROWSER_ARGS, NO_BROWSER, chromium_path

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
    command = [
        "make",
        "-s",
        "-o",
        str(venv / ".installed"),
        "lab",
        f"VENV={venv}",
        f"LAB_TOKEN={token}",
        f"LAB_ARGS=--port={port} --ServerApp.port_retries=0 --no-browser",
    ]
    log = (tmp_path / "lab.log").open("w+")
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
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
        assert answer is not None, (
            f"JupyterLab did not answer on port {port} within {START_TIMEOUT} s "
            f"(make exited with {process.returncode}):\n{output}"
        )
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


# --------------------------------------------------------------------------- in a real browser

RUN_TIMEOUT = 240_000  # ms for a notebook to run all its cells in JupyterLab
KERNEL_READY = """() => { const app = window.jupyterapp; const w = app && app.shell.currentWidget;
    const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return Boolean(w && w.context && w.context.isReady && k && k.status === 'idle'); }"""
ALL_RUN = """() => { const w = window.jupyterapp.shell.currentWidget;
    const code = w.content.widgets.filter(c => c.model.type === 'code');
    return code.length > 0 && code.every(c => c.model.executionCount !== null)
        && w.sessionContext.session.kernel.status === 'idle'; }"""
ERRORS = """() => { const w = window.jupyterapp.shell.currentWidget; const found = [];
    w.content.widgets.forEach((c, i) => { if (c.model.type !== 'code') return; const outs = c.model.outputs;
        for (let j = 0; j < outs.length; j++) { const o = outs.get(j).toJSON();
            if (o.output_type === 'error') found.push(`cell ${i}: ${o.ename}: ${o.evalue}`); } });
    return found; }"""
IMAGE_SHOWN = """(i) => { const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
    cell.node.scrollIntoView();
    const img = cell.node.querySelector('.jp-OutputArea-output img');
    return Boolean(img && img.complete && img.naturalWidth > 0); }"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab started as `make lab` starts it, on a copy of notebooks/ (running the notebooks in
    the browser must not touch the committed ones), with the page's app object exposed to the test;
    yields (base URL, token, browser page factory)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (in requirements.lock)")
    browser_path = chromium_path()
    if browser_path is None:
        pytest.skip(NO_BROWSER)
    root = tmp_path_factory.mktemp("lab")
    notebooks = root / "notebooks"
    shutil.copytree(PROJECT_ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "tests").symlink_to(PROJECT_ROOT / "tests")  # the notebooks' relative paths (GDELT fixtures)
    (root / "downloads").mkdir()
    settings = root / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port, token = free_port(), secrets.token_hex(16)
    venv = Path(sys.prefix)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MPLBACKEND")}
    env.update(
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(root / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
    )
    command = [
        "make",
        "-s",
        "-o",
        str(venv / ".installed"),
        "lab",
        f"VENV={venv}",
        f"LAB_TOKEN={token}",
        f"LAB_DIR={notebooks}",
        f"LAB_ARGS=--port={port} --ServerApp.port_retries=0 --no-browser --LabApp.expose_app_in_browser=True",
    ]
    log = (root / "lab.log").open("w+")
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    pgid = os.getpgid(process.pid)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while get_status(f"http://127.0.0.1:{port}/api/status?token={token}") is None:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"JupyterLab did not start:\n{log.read()}")
            time.sleep(0.5)
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=BROWSER_ARGS)
            try:
                yield (
                    f"http://127.0.0.1:{port}",
                    token,
                    lambda: browser.new_page(viewport={"width": 1400, "height": 1000}),
                )
            finally:
                browser.close()
    finally:
        stop_group(process, pgid)
        log.close()


def open_and_run(page, base: str, token: str, name: str) -> None:
    """Open a notebook in JupyterLab, clear its saved outputs, run all its cells, wait for the kernel."""
    page.goto(f"{base}/lab/tree/{name}?token={token}&reset")
    page.wait_for_function(KERNEL_READY, timeout=START_TIMEOUT * 1000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_RUN, timeout=RUN_TIMEOUT)


def report_notebook_names() -> list[str]:
    from analysis.runs import report_notebooks

    return [p.name for p in report_notebooks(PROJECT_ROOT / "notebooks")]


@pytest.mark.parametrize("name", report_notebook_names())
def test_each_notebook_runs_in_jupyterlab_and_shows_its_key_figure(lab, name):
    import nbformat
    from conftest import SCREENSHOTS_DIR

    from analysis.execution import key_figure_cell

    base, token, new_page = lab
    key = key_figure_cell(nbformat.read(PROJECT_ROOT / "notebooks" / name, as_version=4))
    assert key is not None, f"{name} has no figure to look for"
    page = new_page()
    try:
        open_and_run(page, base, token, name)
        assert page.evaluate(ERRORS) == []
        page.wait_for_function(IMAGE_SHOWN, arg=key, timeout=30_000)  # the key figure, drawn in the page
        SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS_DIR / f"lab-{Path(name).stem}.png"))
    finally:
        page.close()


def test_the_explorer_follows_its_widgets_in_jupyterlab(lab):
    """Run the explorer, then change the actor and the window through its widgets: the heading (set
    last), the figure and the tables follow. Its screenshot is the README's (SCREENSHOTS_UPDATE=1
    copies it to docs/figures/explorer.png)."""
    from conftest import SCREENSHOTS_DIR

    base, token, new_page = lab
    page = new_page()
    heading = ".explorer-heading"
    try:
        open_and_run(page, base, token, "explore.ipynb")
        assert page.evaluate(ERRORS) == []
        page.wait_for_selector(heading, timeout=60_000)
        assert page.inner_text(heading).startswith("Russia (RUS): events network, 2023-10-07 to 2024-12-31")
        figure = page.get_attribute(".widget-image", "src")
        actor = page.locator(".widget-text input[list]")  # the searchable actor box (a combobox)
        actor.fill("United States (USA)")
        actor.press("Enter")
        page.wait_for_function(
            "(h) => document.querySelector(h).textContent.includes('United States (USA)')", arg=heading, timeout=60_000
        )
        assert "United States (USA)" in page.inner_text(".explorer-position")
        assert page.inner_text(".explorer-claims").count("USA") >= 7
        assert page.get_attribute(".widget-image", "src") != figure  # a new figure, titled with the new actor
        assert page.inner_text(".explorer-figure-title").startswith("United States (USA) and its neighbours")
        page.get_by_role("button", name="baseline").click()
        page.wait_for_function(
            "(h) => document.querySelector(h).textContent.includes('2023-01-01 to 2023-10-06')",
            arg=heading,
            timeout=60_000,
        )
        assert [d.input_value() for d in page.locator(".widget-datepicker input").all()] == ["2023-01-01", "2023-10-06"]
        page.get_by_role("button", name="war").click()  # back to the war, where it voted, for the screenshot
        page.wait_for_function(
            "(h) => document.querySelector(h).textContent.includes('2023-10-07 to 2024-12-31')",
            arg=heading,
            timeout=60_000,
        )
        page.evaluate("(h) => document.querySelector(h).scrollIntoView({block: 'start'})", heading)
        SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS_DIR / "lab-explore.png"
        page.screenshot(path=str(shot))
        if os.environ.get("SCREENSHOTS_UPDATE") == "1":
            shutil.copyfile(shot, PROJECT_ROOT / "docs" / "figures" / "explorer.png")
    finally:
        page.close()
