"""Credentials, the public-address rule, and the Panel login that checks hashed passwords."""

from __future__ import annotations

import contextlib
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
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilote.decision.cli.serve import serve_auth_options
from copilote.decision.errors import InputError
from copilote.decision.record import auth as auth_module
from copilote.decision.record.auth import (
    add_user,
    check_serve_security,
    hash_password,
    is_loopback,
    load_credentials,
    role_of,
    verify_password,
)
from copilote.decision.record.login import Backoff, Sessions

SECRET = "6m3jB_DlsdM3s-lyWyhB1E0SwrUe5gVZcbYF76tYM1E"  # a random token, as cookie-secret prints
#: scrypt cost of the test users: quicker than the served default (the cost is stored per user)
QUICK = 2**14


@pytest.fixture
def credentials(tmp_path: Path) -> Path:
    path = tmp_path / "credentials.json"
    add_user(path, "anne", "facilitatrice-1", "facilitator", n=QUICK)
    add_user(path, "alice", "membre-alice", "member", n=QUICK)
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
    assert "user" in options["exclude_cookies"] and "Cookie" in options["exclude_headers"]
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
    from copilote.decision.cli.serve import serve_auth_options
    options = serve_auth_options("127.0.0.1", sys.argv[1], sys.argv[2])
    def app():
        return pn.pane.HTML("<p id='who'>bonjour</p>")
    pn.serve(app, address="127.0.0.1", port=int(sys.argv[3]), show=False, use_xheaders=True,
             websocket_origin=f"127.0.0.1:{sys.argv[3]}", **options)
    """
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(port: int, method: str, path: str, body: str = "", cookie: str = "", **extra: str):  # type: ignore[no-untyped-def]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded", **extra}
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


@contextlib.contextmanager
def login_server(credentials: Path) -> Iterator[int]:
    """The SERVER above on a free port, once it answers."""
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
                request(port, "GET", "/login")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.communicate(timeout=20)


def post_login(port: int, login: str, password: str, **headers: str):  # type: ignore[no-untyped-def]
    body = urllib.parse.urlencode({"username": login, "password": password})
    return request(port, "POST", "/login", body, **headers)


def page_token_payload(port: int, cookie: str) -> dict:  # type: ignore[type-arg]
    """The payload of the Bokeh session token embedded in the page at ``/``."""
    import re

    from bokeh.util.token import get_token_payload

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/", headers={"Cookie": cookie})
    body = conn.getresponse().read().decode("utf-8")
    conn.close()
    token = re.search(r'"token":\s*"([^"]+)"', body)
    assert token is not None, body[:500]
    return dict(get_token_payload(token.group(1)))


def set_cookies(response) -> list[str]:  # type: ignore[no-untyped-def]
    return response.headers.get_all("Set-Cookie") or []


def test_panel_login_checks_the_hashed_password(credentials: Path) -> None:
    with login_server(credentials) as port:
        page = request(port, "GET", "/")
        assert page.status == 302 and "login" in page.getheader("Location", "")

        wrong = post_login(port, "anne", "nope-nope")
        assert wrong.status == 302 and "error" in wrong.getheader("Location", "")
        assert not any("copilote_session" in c for c in set_cookies(wrong))

        right = post_login(port, "anne", "facilitatrice-1")
        assert right.status == 302
        [session] = [c for c in set_cookies(right) if c.startswith("copilote_session=")]
        assert "facilitatrice-1" not in session and "anne" not in session
        # HttpOnly and SameSite=Lax always; Secure only when the page came over HTTPS
        assert "HttpOnly" in session and "SameSite=Lax" in session and "Secure" not in session
        inside = request(port, "GET", "/", cookie=session.split(";")[0])
        assert inside.status == 200
        # no login cookie, no Cookie header in the page's Bokeh token (the token is in the HTML)
        payload = page_token_payload(port, session.split(";")[0] + "; user=anne-forged")
        assert set(payload["cookies"]) == {"copilote_session"}
        assert "Cookie" not in payload["headers"] and "cookie" not in payload["headers"]

        proxied = post_login(port, "anne", "facilitatrice-1", **{"X-Forwarded-Proto": "https"})
        [secure] = [c for c in set_cookies(proxied) if c.startswith("copilote_session=")]
        assert "Secure" in secure

        # logout ends the session: the same cookie no longer opens the page
        request(port, "GET", "/logout", cookie=session.split(";")[0])
        after = request(port, "GET", "/", cookie=session.split(";")[0])
        assert after.status == 302 and "login" in after.getheader("Location", "")


def test_wrong_passwords_back_off_per_account_and_address(credentials: Path) -> None:
    """Finding 3 (issue 17): 300 wrong guesses used to lock nothing out. After 5 failures the
    account waits: even the right password is refused, with the same answer; an unknown login
    gets the very same answer as a known one."""
    with login_server(credentials) as port:
        for _ in range(5):
            assert "error" in post_login(port, "alice", "wrong-guess").getheader("Location", "")
        locked = post_login(port, "alice", "membre-alice")
        assert "error" in locked.getheader("Location", "")
        assert not any("copilote_session" in c for c in set_cookies(locked))
        unknown = post_login(port, "mallory", "wrong-guess", **{"X-Forwarded-For": "10.0.0.9"})
        known = post_login(port, "anne", "wrong-guess", **{"X-Forwarded-For": "10.0.0.8"})
        assert unknown.getheader("Location") == known.getheader("Location")
        # another account from another address is not held up by alice's lock
        ok = post_login(port, "anne", "facilitatrice-1", **{"X-Forwarded-For": "10.0.0.7"})
        assert any(c.startswith("copilote_session=") for c in set_cookies(ok))


def test_password_checks_leave_pages_answering(credentials: Path) -> None:
    """Finding 3 (issue 17): scrypt ran on the event loop, so 32 clients posting wrong passwords
    took every page from 2 ms to 1.9 s. Checks now run in threads: a page fetched during a burst
    of 12 checks (each from its own address and account, so no backoff helps) stays quick."""
    import concurrent.futures

    with login_server(credentials) as port:
        quiet = min(_timed(port) for _ in range(3))

        def guess(i: int) -> None:
            post_login(port, f"user{i}", "wrong-guess", **{"X-Forwarded-For": f"10.1.0.{i}"})

        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            burst = [pool.submit(guess, i) for i in range(12)]
            time.sleep(0.3)
            during = [_timed(port) for _ in range(5)]
            for f in burst:
                f.result()
    # 12 checks of ~1 s each on the loop would hold a page for seconds; in threads it is not held
    assert max(during) < quiet + 0.5, (quiet, during)


def _timed(port: int) -> float:
    start = time.perf_counter()
    request(port, "GET", "/login")
    return time.perf_counter() - start


def test_new_hashes_use_owasp_scrypt_cost_and_old_ones_still_verify(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    add_user(path, "anne", "facilitatrice-1", "facilitator")
    assert load_credentials(path)["anne"]["n"] == 2**17 == auth_module.SCRYPT_N
    assert verify_password(path, "anne", "facilitatrice-1") is not None
    # an entry written before the cost was stored (n = 2**14) still verifies
    digest, salt = hash_password("membre-alice", n=2**14)
    data = json.loads(path.read_text())
    data["alice"] = {"hash": digest, "salt": salt, "role": "member"}
    path.write_text(json.dumps(data))
    assert verify_password(path, "alice", "membre-alice") is not None
    data["alice"]["n"] = 3
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match="'n' must be a power of 2"):
        load_credentials(path)


@pytest.mark.parametrize(
    ("secret", "ok"),
    [
        ("a" * 32, False),
        ("ab" * 40, False),  # 80 characters, 80 bits
        ("short-but-random-Xy7", False),
        (SECRET, True),
        ("0123456789abcdef" * 4, True),  # 64 hex digits, 256 bits
    ],
)
def test_cookie_secret_entropy_is_checked(secret: str, ok: bool) -> None:
    if ok:
        assert auth_module.check_cookie_secret(secret) == secret
    else:
        with pytest.raises(InputError, match="too weak"):
            auth_module.check_cookie_secret(secret)


def test_cookie_secret_comes_from_a_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from copilote.decision.cli import main

    path = tmp_path / "secret"
    path.write_text(SECRET + "\n")
    assert auth_module.read_cookie_secret(path) == SECRET
    monkeypatch.setenv("DECISION_COOKIE_SECRET", "from-env")
    assert auth_module.read_cookie_secret(None) == "from-env"
    with pytest.raises(InputError, match="not a regular file"):
        auth_module.read_cookie_secret("/dev/zero")
    # on the command line it would show in `ps`: refused with a pointer to the file
    assert main(["serve", "--cookie-secret", SECRET]) == 2


def test_backoff_grows_then_forgets_on_success() -> None:
    now = [1000.0]
    backoff = Backoff(clock=lambda: now[0])
    for _ in range(4):
        backoff.failed("account:a", "address:1")
        assert backoff.wait("account:a") == 0  # the first failures cost nothing
    backoff.failed("account:a", "address:1")
    assert backoff.wait("account:a") == backoff.wait("address:1") == pytest.approx(2.0)
    backoff.failed("account:a")
    assert backoff.wait("account:a") == pytest.approx(4.0)
    assert backoff.wait("address:9") == 0
    now[0] += 4.0
    assert backoff.wait("account:a") == 0
    for _ in range(30):
        backoff.failed("account:a")
    assert backoff.wait("account:a") == pytest.approx(900.0)  # capped at 15 min
    backoff.succeeded("account:a")
    assert backoff.wait("account:a") == 0


def test_sessions_end_at_logout_expiry_and_user_removal() -> None:
    users = {"anne", "alice"}
    now = [0.0]
    sessions = Sessions(lambda: users, clock=lambda: now[0])
    a, b = sessions.open("anne"), sessions.open("alice")
    assert a != b and sessions.login(a) == "anne" and sessions.login(b) == "alice"
    assert sessions.login("forged") is None and sessions.login(None) is None
    sessions.close(a)
    assert sessions.login(a) is None
    users.discard("alice")
    assert sessions.login(b) is None
    c = sessions.open("anne")
    now[0] += 86_401
    assert sessions.login(c) is None


def test_serving_every_address_accepts_this_machines_names(
    credentials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Browsers on the network come by the machine's name; 0.0.0.0 is no origin they send."""
    import argparse
    import socket

    from copilote.decision.cli.serve import server_options

    args = argparse.Namespace(
        host="0.0.0.0",
        port=5006,
        session_minutes=30.0,
        cookie_secret=None,
        cookie_secret_file=None,
        credentials=str(credentials),
        allow_origin=["copil.example.org:443"],
        show=False,
    )
    monkeypatch.setenv("DECISION_COOKIE_SECRET", SECRET)
    origins = server_options(args)["websocket_origin"]
    assert f"{socket.gethostname()}:5006" in origins
    assert "0.0.0.0:5006" not in origins
    assert "copil.example.org:443" in origins
    serve_auth_options("127.0.0.1", None, None)  # leave no credentials for the next tests


def test_unknown_logins_take_as_long_as_known_ones(tmp_path: Path) -> None:
    """Finding 3 (issue 17): the same answer and the same time for a login that does not
    exist, at the served cost (n = 2**17), so timing does not tell who has an account."""
    path = tmp_path / "c.json"
    add_user(path, "anne", "facilitatrice-1", "facilitator")
    data = load_credentials(path)

    def timed(login: str) -> float:
        start = time.perf_counter()
        assert verify_password(data, login, "wrong-guess") is None
        return time.perf_counter() - start

    known = min(timed("anne") for _ in range(2))
    unknown = min(timed("mallory") for _ in range(2))
    assert 0.5 < unknown / known < 2.0, (known, unknown)
