"""The download command, against a local HTTP server on 127.0.0.1 serving GDELT-style files and
lists made from the project's fixtures: never the network."""

from __future__ import annotations

import hashlib
import http.server
import socket
import threading
from pathlib import Path

import pytest

from analysis.fetch import FetchError, Remote, download, gdelt_files, main

FIXTURES = Path(__file__).parent / "fixtures" / "gdelt"


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; honours 'Range: bytes=N-' (as GDELT's server does); counts requests."""

    requests: list[str] = []
    honour_range = True

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        type(self).requests.append(self.path)
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        start = 0
        header = self.headers.get("Range")
        if header and self.honour_range:
            start = int(header.split("=")[1].rstrip("-"))
            if start >= len(data):  # as a real server does: nothing left to send from there
                self.send_error(416)
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        self.wfile.write(data[start:])


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    (root / "gdeltv2").mkdir(parents=True)
    (root / "events").mkdir()
    lines = []
    for name in ("20231010000000.export.CSV.zip", "20231010001500.export.CSV.zip"):
        data = (FIXTURES / name).read_bytes()
        (root / "gdeltv2" / name).write_bytes(data)
        lines.append(f"{len(data)} {hashlib.md5(data).hexdigest()} URL/gdeltv2/{name}")
    # a mentions file and a file of another day, which the command must leave alone
    lines.append(f"10 {'0' * 32} URL/gdeltv2/20231010000000.mentions.CSV.zip")
    lines.append(f"10 {'0' * 32} URL/gdeltv2/20231012000000.export.CSV.zip")
    daily = (FIXTURES / "20231011.export.CSV.zip").read_bytes()
    (root / "events" / "20231011.export.CSV.zip").write_bytes(daily)
    (root / "events" / "md5sums").write_text(
        f"{hashlib.md5(daily).hexdigest()}  20231011.export.CSV.zip\n{'1' * 32}  20231012.export.CSV.zip\n",
        encoding="utf-8",
    )
    Handler.requests, Handler.honour_range = [], True
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a, **k: Handler(*a, directory=str(root), **k))
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    (root / "gdeltv2" / "masterfilelist.txt").write_text("\n".join(lines).replace("URL", base) + "\n", encoding="utf-8")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base, root
    httpd.shutdown()


def test_gdelt2_window_downloads_and_checks(server, tmp_path):
    base, root = server
    cache = tmp_path / "cache"
    assert (
        main(
            [
                "gdelt",
                "--quiet",
                "--start",
                "2023-10-10",
                "--end",
                "2023-10-10",
                "--cache",
                str(cache),
                "--list-url",
                f"{base}/gdeltv2/masterfilelist.txt",
            ]
        )
        == 0
    )
    got = sorted(p.name for p in cache.iterdir())
    assert got == ["20231010000000.export.CSV.zip", "20231010001500.export.CSV.zip"]  # no mentions, no 12 Oct
    assert (cache / got[0]).read_bytes() == (FIXTURES / got[0]).read_bytes()
    # a second run finds the files with the right sums and downloads nothing
    before = len(Handler.requests)
    assert (
        main(
            [
                "gdelt",
                "--quiet",
                "--start",
                "2023-10-10",
                "--end",
                "2023-10-10",
                "--cache",
                str(cache),
                "--list-url",
                f"{base}/gdeltv2/masterfilelist.txt",
            ]
        )
        == 0
    )
    assert Handler.requests[before:] == ["/gdeltv2/masterfilelist.txt"]


def test_gdelt1_daily_files(server, tmp_path):
    base, _ = server
    remotes = gdelt_files(
        "2023-10-11", "2023-10-11", version=1, list_url=f"{base}/events/md5sums", base_url=f"{base}/events/"
    )
    assert [r.name for r in remotes] == ["20231011.export.CSV.zip"]
    path = download(remotes[0], tmp_path)
    assert path.read_bytes() == (FIXTURES / "20231011.export.CSV.zip").read_bytes()


@pytest.mark.parametrize("honour_range", [True, False])
def test_an_interrupted_download_resumes(server, tmp_path, honour_range):
    base, root = server
    Handler.honour_range = honour_range
    name = "20231010000000.export.CSV.zip"
    data = (root / "gdeltv2" / name).read_bytes()
    (tmp_path / (name + ".part")).write_bytes(data[:1000])  # what an interrupted run left
    path = download(Remote(f"{base}/gdeltv2/{name}", hashlib.md5(data).hexdigest()), tmp_path)
    assert path.read_bytes() == data and not (tmp_path / (name + ".part")).exists()


def test_a_wrong_checksum_keeps_nothing(server, tmp_path):
    base, _ = server
    bad = Remote(f"{base}/gdeltv2/20231010000000.export.CSV.zip", "0" * 32)
    with pytest.raises(FetchError, match="does not match the published 0000"):
        download(bad, tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []


def test_offline_is_said_plainly(tmp_path, capsys):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert (
        main(
            [
                "gdelt",
                "--quiet",
                "--start",
                "2023-10-10",
                "--end",
                "2023-10-10",
                "--cache",
                str(tmp_path),
                "--list-url",
                f"http://127.0.0.1:{port}/masterfilelist.txt",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "cannot reach 127.0.0.1" in err and "are you offline?" in err and "Traceback" not in err


def test_undl_export_and_missing_file(server, tmp_path, capsys):
    base, root = server
    (root / "export.csv").write_text("undl_id,ms_code\n1,RUS\n", encoding="utf-8")
    digest = hashlib.md5((root / "export.csv").read_bytes()).hexdigest()
    assert main(["undl", "--quiet", "--url", f"{base}/export.csv", "--md5", digest, "--cache", str(tmp_path)]) == 0
    assert (tmp_path / "export.csv").read_text(encoding="utf-8").startswith("undl_id")
    assert main(["undl", "--quiet", "--url", f"{base}/missing.csv", "--cache", str(tmp_path)]) == 2
    assert "the server answered 404" in capsys.readouterr().err
    assert (
        main(
            [
                "gdelt",
                "--quiet",
                "--start",
                "2023-10-12",
                "--end",
                "2023-10-10",
                "--cache",
                str(tmp_path),
                "--list-url",
                f"{base}/gdeltv2/masterfilelist.txt",
            ]
        )
        == 2
    )


def test_the_bigquery_query_is_printed_for_a_window(capsys):
    assert main(["bigquery", "--start", "2023-10-07", "--end", "2024-12-31", "--weight", "sources"]) == 0
    sql = capsys.readouterr().out
    assert "FROM `gdelt-bq.gdeltv2.events` WHERE CAST(SQLDATE AS INT64) >= 20231007" in sql
    assert "<= 20241231" in sql and "NumSources" in sql
    assert main(["bigquery", "--start", "2023-10-07", "--end", "2024-12-31", "--weight", "tone"]) == 2
    assert "--weight must be one of" in capsys.readouterr().err


def test_downloads_that_cannot_be_done_say_why(server, tmp_path, capsys):
    base, root = server
    # a URL that names no file
    assert main(["undl", "--quiet", "--url", f"{base}/", "--cache", str(tmp_path / "c1")]) == 2
    assert "the URL names no file" in capsys.readouterr().err
    # a query string is not part of the file name
    (root / "export.csv").write_text("undl_id\n1\n", encoding="utf-8")
    assert main(["undl", "--quiet", "--url", f"{base}/export.csv?ln=en", "--cache", str(tmp_path / "c2")]) == 0
    assert [p.name for p in (tmp_path / "c2").iterdir()] == ["export.csv"]
    # bad or reversed dates
    assert main(["gdelt", "--quiet", "--start", "2023-13-01", "--end", "2023-10-10", "--cache", str(tmp_path)]) == 2
    assert "must be dates YYYY-MM-DD" in capsys.readouterr().err
    assert main(["bigquery", "--start", "2023-10-12", "--end", "2023-10-10"]) == 2
    assert "is after --end" in capsys.readouterr().err


def test_a_complete_part_file_is_finished_without_the_network(tmp_path):
    data = (FIXTURES / "20231011.export.CSV.zip").read_bytes()
    (tmp_path / "20231011.export.CSV.zip.part").write_bytes(data)  # killed between the last write and the rename
    remote = Remote("http://127.0.0.1:9/20231011.export.CSV.zip", hashlib.md5(data).hexdigest())
    assert download(remote, tmp_path).read_bytes() == data


def test_a_part_file_the_server_cannot_continue_starts_again(server, tmp_path):
    base, root = server
    name = "20231010000000.export.CSV.zip"
    data = (root / "gdeltv2" / name).read_bytes()
    (tmp_path / (name + ".part")).write_bytes(b"x" * len(data))  # as long as the file, but wrong: the server says 416
    path = download(Remote(f"{base}/gdeltv2/{name}", hashlib.md5(data).hexdigest()), tmp_path)
    assert path.read_bytes() == data and not (tmp_path / (name + ".part")).exists()
