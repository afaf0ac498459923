"""`make run` serves no debug pages (issue 18, finding 10), and its static files still load with DEBUG off."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local test server)
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.fixture
def site(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The site as scripts/run.sh starts it (runserver, default environment: no TUTOR_DEBUG)."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("TUTOR_DEBUG", "DJANGO_DEBUG")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "TUTOR_VAR_DIR": str(tmp_path)})
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            fetch(base + "/healthz")
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("the site did not start")
            time.sleep(0.3)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(15)


def test_run_serves_plain_error_pages_and_its_static_files_with_debug_off(site: str) -> None:
    status, _type, body = fetch(site + "/no-such-page/")
    assert status == 404 and b"Not found" in body
    assert b"URLconf" not in body and b"DEBUG = True" not in body
    status, content_type, body = fetch(site + "/api/no-such-thing/")
    assert status == 404 and content_type.startswith("application/json") and b'"code": "not_found"' in body.replace(b'":"', b'": "')
    status, content_type, body = fetch(site + "/static/css/site.css")
    assert status == 200 and "css" in content_type and body
    status, _type, body = fetch(site + "/accounts/login/")
    assert status == 200 and b"/static/css/site.css" in body


def test_a_static_file_edited_while_the_site_runs_is_served_whole(tmp_path: Path, settings, client) -> None:  # type: ignore[no-untyped-def]
    settings.STATICFILES_DIRS = [tmp_path]
    script = tmp_path / "edited.js"
    script.write_text("let a = 1;")
    first = client.get("/static/edited.js")
    assert b"".join(first.streaming_content) == b"let a = 1;"
    script.write_text("let a = 1; let b = 2;")
    second = client.get("/static/edited.js")
    body = b"".join(second.streaming_content)
    # Indexed at start, the file kept its first length: the browser read "let a = 1;" of the new script.
    assert body == b"let a = 1; let b = 2;" and int(second["Content-Length"]) == len(body)
