"""Who may use a served dashboard: hashed credentials, roles, and the rule for public addresses.

The rule (issue #7): ``decision serve`` binds 127.0.0.1 by default. Binding any other address
needs authentication *and* a cookie secret; without them the server refuses to start with one
clear line (exit 2). :func:`check_serve_security` is that rule; :func:`serve_auth_options` gives
the keyword arguments for ``panel.serve`` (a Panel auth provider checking hashed passwords and the
cookie secret).

Credentials file: JSON ``{login: {"hash": hex, "salt": hex, "role": "member" | "facilitator"}}``,
passwords hashed with scrypt from the standard library (n=2**14, r=8, p=1, 32-byte key, 16-byte
random salt: the interactive-login parameters of RFC 7914 §2 / the ``hashlib`` documentation).
The file never holds a password. Add a user with::

    python -m copilote.decision.record.auth add-user CREDENTIALS.json LOGIN --role facilitator

(the password is read twice from the terminal, or once from standard input when piped).

Roles: a *member* sets and submits their own weights; a *facilitator* also sees every member's
weights and rankings and signs off the decision.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import ipaddress
import json
import os
import re
import secrets
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilote.decision.errors import InputError

ROLES: tuple[str, ...] = ("member", "facilitator")
#: Environment variables read when the command line gives no value.
CREDENTIALS_ENV = "DECISION_CREDENTIALS"
COOKIE_SECRET_ENV = "DECISION_COOKIE_SECRET"
#: Shortest cookie secret accepted [characters]; ``secrets.token_urlsafe(32)`` gives 43.
MIN_COOKIE_SECRET = 32
MIN_PASSWORD = 8

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_LOGIN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@\-]{0,63}$")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}

#: The credentials file of the running server, set by :func:`serve_auth_options` (one server
#: per process), so that the app can look up the role of ``pn.state.user``.
_active_credentials: Path | None = None


@dataclass(frozen=True)
class User:
    """A login and its role."""

    login: str
    role: str

    @property
    def is_facilitator(self) -> bool:
        """True for a facilitator."""
        return self.role == "facilitator"


def hash_password(password: str, salt: bytes | None = None) -> tuple[str, str]:
    """``(hash_hex, salt_hex)`` of ``password`` with scrypt and a random 16-byte salt."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return digest.hex(), salt.hex()


def check_login(login: str) -> str:
    """``login`` if valid (letters, digits, ``_.@-``, at most 64), else InputError."""
    if not _LOGIN_RE.match(login):
        raise InputError(
            f"login '{login[:40]}' is not valid: expected letters, digits, '_', '.', '@', '-'"
        )
    return login


def load_credentials(path: str | os.PathLike[str]) -> dict[str, dict[str, str]]:
    """The credentials file, validated; InputError naming the file and key otherwise."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"credentials file '{path}' does not exist") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"credentials file '{path}' cannot be read ({err})") from None
    except json.JSONDecodeError as err:
        raise InputError(
            f"credentials file '{path}', line {err.lineno}: not valid JSON ({err.msg})"
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"credentials file '{path}': expected an object {{login: {{...}}}}")
    for login, entry in data.items():
        check_login(str(login))
        if not isinstance(entry, dict):
            raise InputError(f"credentials file '{path}', user '{login}': expected an object")
        for key in ("hash", "salt", "role"):
            if not isinstance(entry.get(key), str):
                raise InputError(
                    f"credentials file '{path}', user '{login}': missing '{key}' (a string)"
                )
        if entry["role"] not in ROLES:
            raise InputError(
                f"credentials file '{path}', user '{login}': role '{entry['role']}', "
                f"expected one of {', '.join(ROLES)}"
            )
        try:
            bytes.fromhex(entry["hash"])
            bytes.fromhex(entry["salt"])
        except ValueError:
            raise InputError(
                f"credentials file '{path}', user '{login}': hash and salt must be hex"
            ) from None
    return data


def add_user(path: str | os.PathLike[str], login: str, password: str, role: str = "member") -> None:
    """Add (or replace) ``login`` in the credentials file at ``path``, created if missing.

    The file is written atomically (a temporary file renamed over it) with mode 600, so a crash
    never leaves it half written.
    """
    path = Path(path)
    check_login(login)
    if role not in ROLES:
        raise InputError(f"role '{role}': expected one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"password for '{login}' is too short: at least {MIN_PASSWORD} characters")
    data = load_credentials(path) if path.exists() else {}
    digest, salt = hash_password(password)
    data[login] = {"hash": digest, "salt": salt, "role": role}
    if not path.parent.exists():
        raise InputError(f"credentials file '{path}': folder '{path.parent}' does not exist")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".credentials-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def verify_password(
    credentials: dict[str, dict[str, str]] | str | os.PathLike[str], login: str, password: str
) -> User | None:
    """The :class:`User` if ``password`` is ``login``'s, else None (constant-time compare)."""
    data = credentials if isinstance(credentials, dict) else load_credentials(credentials)
    entry = data.get(login)
    if entry is None:
        # Hash anyway so that an unknown login takes as long as a wrong password.
        hash_password(password, b"\0" * 16)
        return None
    digest, _ = hash_password(password, bytes.fromhex(entry["salt"]))
    if hmac.compare_digest(digest, entry["hash"]):
        return User(login, entry["role"])
    return None


def role_of(login: str, credentials: str | os.PathLike[str] | None = None) -> str | None:
    """``login``'s role in ``credentials`` (default: the running server's file), None if none."""
    path = credentials if credentials is not None else _active_credentials
    if path is None:
        return None
    entry = load_credentials(path).get(login)
    return None if entry is None else entry["role"]


def active_credentials() -> Path | None:
    """The credentials file of the server running in this process, if auth is on."""
    return _active_credentials


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_serve_security(
    host: str,
    credentials_path: str | os.PathLike[str] | None,
    cookie_secret: str | None,
) -> None:
    """Refuse (InputError) to serve on a non-loopback ``host`` without authentication.

    On a loopback host nothing is required; if credentials are given they are still checked.
    Elsewhere (``0.0.0.0``, a LAN address, a host name) a valid credentials file with at least
    one facilitator and a cookie secret of at least 32 characters are required.
    """
    if credentials_path is not None:
        users = load_credentials(credentials_path)
        if not users:
            raise InputError(f"credentials file '{credentials_path}' has no users")
        if not any(u["role"] == "facilitator" for u in users.values()):
            raise InputError(
                f"credentials file '{credentials_path}' has no facilitator: add one with "
                "'python -m copilote.decision.record.auth add-user FILE LOGIN --role facilitator'"
            )
    if cookie_secret is not None and len(cookie_secret) < MIN_COOKIE_SECRET:
        raise InputError(
            f"cookie secret is {len(cookie_secret)} characters, at least {MIN_COOKIE_SECRET} "
            'expected (e.g. python -c "import secrets; print(secrets.token_urlsafe(32))")'
        )
    if is_loopback(host):
        if credentials_path is not None and cookie_secret is None:
            raise InputError("authentication needs a cookie secret (--cookie-secret)")
        return
    missing = [
        what
        for what, value in (
            ("a credentials file (--credentials)", credentials_path),
            ("a cookie secret (--cookie-secret)", cookie_secret),
        )
        if value is None
    ]
    if missing:
        raise InputError(
            f"refusing to serve on {host} without authentication: it is reachable from other "
            f"machines; give {' and '.join(missing)}, or serve on 127.0.0.1"
        )


def serve_auth_options(
    host: str,
    credentials_path: str | os.PathLike[str] | None,
    cookie_secret: str | None,
) -> dict[str, Any]:
    """Keyword arguments for ``panel.serve`` / ``panel.io.server.get_server``.

    Checks :func:`check_serve_security` first. Without credentials (loopback only) returns ``{}``;
    with them returns ``{"auth_provider": ..., "cookie_secret": ...}``: Panel passes the provider
    on to Bokeh's server, which then requires the login page before any page or websocket.
    """
    global _active_credentials
    check_serve_security(host, credentials_path, cookie_secret)
    if credentials_path is None:
        _active_credentials = None
        return {}
    _active_credentials = Path(credentials_path).resolve()
    return {
        "auth_provider": hashed_auth_provider(_active_credentials),
        "cookie_secret": cookie_secret,
    }


def hashed_auth_provider(credentials_path: str | os.PathLike[str]) -> Any:
    """A Panel ``BasicAuthProvider`` whose login page checks the hashed credentials file.

    Panel's own basic auth compares plaintext passwords; this subclass replaces only the check
    (``_validate``) of its tornado login handler, keeping Panel's login page, secure cookies and
    logout page (``BasicAuthProvider.login_handler`` must return a tornado ``RequestHandler``
    subclass: https://panel.holoviz.org/api/panel.auth.html; Panel 1.9 passes an
    ``auth_provider`` given to ``panel.serve`` on to Bokeh's server). The file is read at each
    login, so users added later can log in at once.
    """
    from panel.auth import BasicAuthProvider, BasicLoginHandler

    path = Path(credentials_path)
    load_credentials(path)  # fail now, not at the first login

    class HashedLoginHandler(BasicLoginHandler):
        def _validate(self, username: str, password: str) -> bool:
            try:
                return verify_password(path, username, password) is not None
            except InputError:
                return False

    class HashedAuthProvider(BasicAuthProvider):
        @property
        def login_handler(self) -> type:
            HashedLoginHandler._login_endpoint = self._login_endpoint
            HashedLoginHandler._login_template = self._login_template
            return HashedLoginHandler

    return HashedAuthProvider()


def new_cookie_secret() -> str:
    """A fresh random cookie secret (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


# -- command line: python -m decision.record.auth add-user FILE LOGIN --role ROLE --
def _read_password(login: str, ask: Callable[[str], str] = getpass.getpass) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = ask(f"Mot de passe pour {login} / password: ")
    if ask("Encore une fois / again: ") != first:
        raise InputError("the two passwords differ")
    return first


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m decision.record.auth add-user FILE LOGIN [--role member|facilitator]``."""
    parser = argparse.ArgumentParser(prog="python -m copilote.decision.record.auth")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add-user", help="add or replace a user in a credentials file")
    add.add_argument("credentials", help="credentials JSON file (created if missing)")
    add.add_argument("login")
    add.add_argument("--role", choices=ROLES, default="member")
    sub.add_parser("cookie-secret", help="print a fresh random cookie secret")
    args = parser.parse_args(argv)
    try:
        if args.command == "cookie-secret":
            print(new_cookie_secret())
            return 0
        add_user(args.credentials, args.login, _read_password(args.login), args.role)
    except InputError as err:
        print(f"decision: error: {err}", file=sys.stderr)
        return 2
    print(f"{args.login} ({args.role}) saved in {args.credentials}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
