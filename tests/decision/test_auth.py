"""Credentials, the public-address rule, and the Panel login that checks hashed passwords."""

from __future__ import annotations

import http.client
import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
import time
import urllib.parse
from pathlib import Path

import pytest

from copilote.decision.errors import InputError
from copilote.decision.record.auth import (
    add_user,
    check_serve_security,
    hash_password,
    is_loopback,
    load_credentials,
    role_of,
    serve_auth_options,
    verify_password,
)

SECRET = "s" * 43


@pytest.fixture
def credentials(tmp_path: Path) -> Path:
    path = tmp_path / "credentials.json"
    add_user(path, "anne", "facilitatrice-1", "facilitator")
    add_user(path, "alice", "membre-alice", "member")
    return path


def test_file_holds_hashes_not_passwords(credentials: Path) -> None:
    text = credentials.read_text()
    assert "membre-alice" not in text and "facilitatrice-1" not in text
    data = json.loads(text)
    assert data["alice"]["role"] == "member" and len(data["alice"]["hash"]) == 64
    assert data["alice"]["salt"] != data["anne"]["salt"]
    assert stat.S_IMODE(os.stat(credentials).st_mode) == 0o600


def test_verify_password(credentials: Path) -> None:
    user = verify_password(credentials, "anne", "facilitatrice-1")
    assert user is not None and user.is_facilitator
    member = verify_password(credentials, "alice", "membre-alice")
    assert member is not None and member.role == "member" and not member.is_facilitator
    assert verify_password(credentials, "alice", "facilitatrice-1") is None
    assert verify_password(credentials, "mallory", "membre-alice") is None
    assert role_of("alice", credentials) == "member" and role_of("nobody", credentials) is None


def test_same_password_different_salt_gives_different_hash() -> None:
    assert hash_password("motdepasse")[0] != hash_password("motdepasse")[0]
    salt = bytes(range(16))
    assert hash_password("motdepasse", salt) == hash_password("motdepasse", salt)


def test_add_user_replaces_and_keeps_others(credentials: Path) -> None:
    add_user(credentials, "alice", "nouveau-mot", "facilitator")
    assert verify_password(credentials, "alice", "membre-alice") is None
    assert verify_password(credentials, "alice", "nouveau-mot") is not None
    assert verify_password(credentials, "anne", "facilitatrice-1") is not None


@pytest.mark.parametrize(
    ("login", "password", "role", "message"),
    [
        ("alice", "court", "member", "too short"),
        ("alice", "assez-long", "admin", "role 'admin'"),
        ("<script>", "assez-long", "member", "login"),
    ],
)
def test_add_user_refuses_bad_input(
    tmp_path: Path, login: str, password: str, role: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        add_user(tmp_path / "c.json", login, password, role)
    assert not (tmp_path / "c.json").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "line 1: not valid JSON"),
        ("[]", "expected an object"),
        ('{"alice": {"hash": "00", "salt": "00"}}', "missing 'role'"),
        ('{"alice": {"hash": "00", "salt": "00", "role": "king"}}', "role 'king'"),
        ('{"alice": {"hash": "zz", "salt": "00", "role": "member"}}', "hex"),
    ],
)
def test_malformed_credentials_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "c.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as info:
        load_credentials(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("copil.lens.fr", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_loopback_needs_nothing() -> None:
    check_serve_security("127.0.0.1", None, None)
    assert serve_auth_options("localhost", None, None) == {}


@pytest.mark.parametrize(
    ("host", "has_credentials", "secret", "message"),
    [
        ("0.0.0.0", False, None, "refusing to serve on 0.0.0.0 without authentication"),
        ("0.0.0.0", True, None, "cookie secret"),
        ("192.168.1.20", False, SECRET, "credentials file"),
        ("0.0.0.0", True, "court", "at least 32"),
        ("127.0.0.1", True, None, "needs a cookie secret"),
    ],
)
def test_public_address_without_auth_is_refused(
    credentials: Path, host: str, has_credentials: bool, secret: str | None, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        check_serve_security(host, credentials if has_credentials else None, secret)


def test_credentials_need_a_facilitator(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    add_user(path, "alice", "membre-alice", "member")
    with pytest.raises(InputError, match="no facilitator"):
        check_serve_security("0.0.0.0", path, SECRET)


def test_public_address_with_auth_gives_panel_options(credentials: Path) -> None:
    options = serve_auth_options("0.0.0.0", credentials, SECRET)
    assert options["cookie_secret"] == SECRET
    assert options["auth_provider"].login_url == "/login"
    handler = options["auth_provider"].login_handler
    assert handler._validate(None, "anne", "facilitatrice-1") is True
    assert handler._validate(None, "anne", "wrong-password") is False
    assert role_of("anne") == "facilitator"  # the running server's file
    serve_auth_options("127.0.0.1", None, None)
    assert role_of("anne") is None


def test_add_user_command_reads_the_password_from_stdin(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "copilote.decision.record.auth",
            "add-user",
            str(path),
            "anne",
            "--role",
            "facilitator",
        ],
        input="facilitatrice-1\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert verify_password(path, "anne", "facilitatrice-1") is not None
    short = subprocess.run(
        [sys.executable, "-m", "copilote.decision.record.auth", "add-user", str(path), "bob"],
        input="x\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert short.returncode == 2 and short.stderr.startswith("decision: error: password")


SERVER = textwrap.dedent(
    """
    import sys
    import panel as pn
    from copilote.decision.record.auth import serve_auth_options
    options = serve_auth_options("127.0.0.1", sys.argv[1], sys.argv[2])
    def app():
        return pn.pane.HTML(f"<p id='who'>bonjour {pn.state.user}</p>")
    pn.serve(app, address="127.0.0.1", port=int(sys.argv[3]), show=False,
             websocket_origin=f"127.0.0.1:{sys.argv[3]}", **options)
    """
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(port: int, method: str, path: str, body: str = "", cookie: str = ""):  # type: ignore[no-untyped-def]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def test_panel_login_checks_the_hashed_password(credentials: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(credentials), SECRET, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = request(port, "GET", "/")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert page.status == 302 and "login" in page.getheader("Location", "")

        wrong = request(
            port,
            "POST",
            "/login",
            urllib.parse.urlencode({"username": "anne", "password": "nope-nope"}),
        )
        assert wrong.status == 302 and "error" in wrong.getheader("Location", "")
        assert "user=" not in (wrong.getheader("Set-Cookie") or "")

        right = request(
            port,
            "POST",
            "/login",
            urllib.parse.urlencode({"username": "anne", "password": "facilitatrice-1"}),
        )
        assert right.status == 302
        cookies = [c.split(";")[0] for c in right.headers.get_all("Set-Cookie") or []]
        user_cookie = next(c for c in cookies if c.startswith("user="))
        assert "facilitatrice-1" not in user_cookie
        inside = request(port, "GET", "/", cookie="; ".join(cookies))
        assert inside.status == 200
    finally:
        server.terminate()
        server.communicate(timeout=20)


def test_serving_every_address_accepts_this_machines_names(credentials: Path) -> None:
    """Browsers on the network come by the machine's name; 0.0.0.0 is no origin they send."""
    import argparse
    import socket

    from copilote.decision.cli.serve import server_options

    args = argparse.Namespace(
        host="0.0.0.0",
        port=5006,
        session_minutes=30.0,
        cookie_secret=SECRET,
        credentials=str(credentials),
        allow_origin=["copil.example.org:443"],
        show=False,
    )
    origins = server_options(args)["websocket_origin"]
    assert f"{socket.gethostname()}:5006" in origins
    assert "0.0.0.0:5006" not in origins
    assert "copil.example.org:443" in origins
    serve_auth_options("127.0.0.1", None, None)  # leave no credentials for the next tests
