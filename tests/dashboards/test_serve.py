"""``decision serve``: the page answers over HTTP; unsafe or bad settings are refused."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.dashboards.serving import REPO


def test_serve_answers_with_the_dashboard_page(dashboard_server):
    with urllib.request.urlopen(dashboard_server.url, timeout=60) as response:
        page = response.read().decode("utf-8")
    assert response.status == 200
    assert "Copilote" in page  # the page title
    assert "bokeh" in page.lower()  # the app's scripts, i.e. a Panel page, not an error
    assert "decision: error" not in page


def test_the_server_runs_with_its_allocator_settings_under_its_own_process_id(dashboard_server):
    # decision serve re-runs itself with the allocator settings so that the memory of closed
    # sessions goes back to the system; the harness started it without them and still holds
    # the same process. CI installs jemalloc (tools/test.sh): there it must be loaded.
    from copilote.decision.cli.server_memory import allocator_settings, find_jemalloc

    pid = dashboard_server.process.pid
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    jemalloc = find_jemalloc()
    for key, value in allocator_settings(jemalloc).items():
        assert f"{key}={value}".encode() in environ
    if jemalloc or os.environ.get("CI"):
        assert "libjemalloc" in Path(f"/proc/{pid}/maps").read_text()


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "copilote", "serve", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20"])
def test_public_address_without_auth_is_refused(host):
    result = _serve("--host", host, "--port", "1")
    assert result.returncode == 2
    assert "refusing to serve" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "de"], "--lang"),
        (["--port", "0"], "--port"),
        (["/nonexistent/case"], "not found"),
        (["--session-minutes", "-5"], "--session-minutes"),
    ],
)
def test_bad_settings_are_bad_input(args, message):
    result = _serve(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_public_address_with_credentials_asks_to_log_in(tmp_path):
    import http.client
    import secrets

    from copilote.decision.record.auth import add_user
    from tests.dashboards.serving import start_server

    credentials = tmp_path / "credentials.json"
    add_user(credentials, "animatrice", "un-mot-de-passe-assez-long", role="facilitator")
    server = start_server(
        tmp_path,
        extra=["--host", "0.0.0.0", "--credentials", str(credentials)],
        env={"DECISION_COOKIE_SECRET": secrets.token_urlsafe(32)},
    )
    try:
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", "/")
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        assert response.status == 302
        assert "login" in response.getheader("Location", "")
    finally:
        server.stop()
