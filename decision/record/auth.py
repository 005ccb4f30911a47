"""Who may use a served dashboard: hashed credentials, roles, and the rule for public addresses.

The rule (issue #7): ``decision serve`` binds 127.0.0.1 by default. Binding any other address
needs authentication *and* a cookie secret; without them the server refuses to start with one
clear line (exit 2). :func:`check_serve_security` is that rule; the serving code
(:func:`copilote.decision.cli.serve.serve_auth_options`) gives the keyword arguments for
``panel.serve`` (a Panel auth provider checking hashed passwords, and the cookie secret): Panel is
the serving code's, not the record's.

Credentials file: JSON ``{login: {"hash": hex, "salt": hex, "role": "member" | "facilitator",
"n": int}}``, passwords hashed with scrypt from the standard library: n=2**17, r=8, p=1 (128 MiB,
OWASP Password Storage Cheat Sheet, "scrypt with a minimum CPU/memory cost parameter of (2^17), a
minimum block size of 8 (1024 bytes), and a parallelization parameter of 1"), 32-byte key, 16-byte
random salt. An entry without ``n`` was made before (n=2**14) and still verifies with it. The
file never holds a password. No login has a special meaning (``guest`` is a login like any other).
Add a user with::

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
import math
import os
import re
import secrets
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilote.decision.errors import InputError
from copilote.decision.record.login import (
    SESSION_COOKIE,
    SESSION_DAYS,
    Sessions,
)

ROLES: tuple[str, ...] = ("member", "facilitator")
#: Environment variables read when the command line gives no value.
CREDENTIALS_ENV = "DECISION_CREDENTIALS"
COOKIE_SECRET_ENV = "DECISION_COOKIE_SECRET"
#: Shortest cookie secret accepted [characters]; ``secrets.token_urlsafe(32)`` gives 43.
MIN_COOKIE_SECRET = 32
MIN_PASSWORD = 8

#: scrypt cost of new hashes (OWASP's current minimum, see the module docstring).
SCRYPT_N = 2**17
#: Cost of entries written before ``n`` was stored in the file.
LEGACY_SCRYPT_N = 2**14
_SCRYPT = {"r": 8, "p": 1, "dklen": 32}
#: Shortest cookie secret accepted, in estimated bits of entropy (length x the Shannon entropy
#: of its characters): 32 x "a" has 0; ``secrets.token_urlsafe(32)`` about 200.
MIN_SECRET_BITS = 128
_LOGIN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@\-]{0,63}$")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}

#: The credentials file of the running server, set by :func:`serve_auth_options` (one server
#: per process), so that the app can look up the role of ``pn.state.user``.
_active_credentials: Path | None = None
#: Its cookie secret and open sessions (see :func:`session_login`).
_active_secret: str | None = None
_active_sessions: Sessions | None = None


@dataclass(frozen=True)
class User:
    """A login and its role."""

    login: str
    role: str

    @property
    def is_facilitator(self) -> bool:
        """True for a facilitator."""
        return self.role == "facilitator"


def hash_password(password: str, salt: bytes | None = None, n: int = SCRYPT_N) -> tuple[str, str]:
    """``(hash_hex, salt_hex)`` of ``password`` with scrypt (cost ``n``), random 16-byte salt."""
    salt = secrets.token_bytes(16) if salt is None else salt
    # maxmem: scrypt needs 128 * r * n bytes (128 MiB at n = 2**17); hashlib's default is 32 MiB
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, maxmem=256 * 8 * n + 2**20, **_SCRYPT
    )
    return digest.hex(), salt.hex()


def check_login(login: str) -> str:
    """``login`` if valid (letters, digits, ``_.@-``, at most 64), else InputError."""
    if not _LOGIN_RE.match(login):
        raise InputError(
            f"login '{login[:40]}' is not valid: expected letters, digits, '_', '.', '@', '-'"
        )
    return login


def load_credentials(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
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
        cost = entry.get("n", LEGACY_SCRYPT_N)
        if not isinstance(cost, int) or cost < 2 or cost > 2**20 or cost & (cost - 1):
            raise InputError(
                f"credentials file '{path}', user '{login}': 'n' must be a power of 2 up to 2**20"
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


def add_user(
    path: str | os.PathLike[str],
    login: str,
    password: str,
    role: str = "member",
    *,
    n: int = SCRYPT_N,
) -> None:
    """Add (or replace) ``login`` in the credentials file at ``path``, created if missing.

    ``n`` is the scrypt cost (tests lower it to stay quick; the default is OWASP's).

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
    digest, salt = hash_password(password, n=n)
    data[login] = {"hash": digest, "salt": salt, "role": role, "n": n}
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
    credentials: dict[str, dict[str, Any]] | str | os.PathLike[str], login: str, password: str
) -> User | None:
    """The :class:`User` if ``password`` is ``login``'s, else None (constant-time compare)."""
    data = credentials if isinstance(credentials, dict) else load_credentials(credentials)
    entry = data.get(login)
    if entry is None:
        # Hash anyway, at the cost of a new entry, so that an unknown login takes as long as a
        # wrong password.
        hash_password(password, b"\0" * 16)
        return None
    cost = int(entry.get("n", LEGACY_SCRYPT_N))
    digest, _ = hash_password(password, bytes.fromhex(entry["salt"]), n=cost)
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


def secret_bits(secret: str) -> float:
    """Estimated entropy of ``secret`` [bits]: its length times the Shannon entropy of its
    characters (a lower bound's stand-in: 32 x "a" gives 0, a random 43-character token ~200)."""
    if not secret:
        return 0.0
    counts = Counter(secret)
    per_char = -sum(c / len(secret) * math.log2(c / len(secret)) for c in counts.values())
    return max(len(secret) * per_char, 0.0)


def check_cookie_secret(secret: str) -> str:
    """``secret`` if long and varied enough to sign cookies, else InputError."""
    if len(secret) < MIN_COOKIE_SECRET or secret_bits(secret) < MIN_SECRET_BITS:
        raise InputError(
            f"cookie secret is too weak ({len(secret)} characters, about "
            f"{secret_bits(secret):.0f} bits of entropy; at least {MIN_COOKIE_SECRET} characters "
            f"and {MIN_SECRET_BITS} bits expected): make one with "
            "'python -m copilote.decision.record.auth cookie-secret > FILE'"
        )
    return secret


def read_cookie_secret(path: str | os.PathLike[str] | None) -> str | None:
    """The cookie secret from file ``path`` (its first line), else ``$DECISION_COOKIE_SECRET``,
    else None. A file, not the command line: arguments show in ``ps`` to every local user."""
    if path is not None:
        from copilote.decision.files import read_bounded_text

        text = read_bounded_text(path, 4096, what="cookie secret file")
        secret = text.strip().splitlines()[0].strip() if text.strip() else ""
        if not secret:
            raise InputError(f"cookie secret file '{path}' is empty")
        return secret
    return os.environ.get(COOKIE_SECRET_ENV) or None


def check_serve_security(
    host: str,
    credentials_path: str | os.PathLike[str] | None,
    cookie_secret: str | None,
) -> None:
    """Refuse (InputError) to serve on a non-loopback ``host`` without authentication.

    On a loopback host nothing is required; if credentials are given they are still checked.
    Elsewhere (``0.0.0.0``, a LAN address, a host name) a valid credentials file with at least
    one facilitator and a cookie secret (:func:`check_cookie_secret`) are required.
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
    if cookie_secret is not None:
        check_cookie_secret(cookie_secret)
    if is_loopback(host):
        if credentials_path is not None and cookie_secret is None:
            raise InputError(
                "authentication needs a cookie secret "
                f"(--cookie-secret-file or ${COOKIE_SECRET_ENV})"
            )
        return
    missing = [
        what
        for what, value in (
            ("a credentials file (--credentials)", credentials_path),
            (f"a cookie secret (--cookie-secret-file or ${COOKIE_SECRET_ENV})", cookie_secret),
        )
        if value is None
    ]
    if missing:
        raise InputError(
            f"refusing to serve on {host} without authentication: it is reachable from other "
            f"machines; give {' and '.join(missing)}, or serve on 127.0.0.1"
        )


def set_active(
    credentials_path: str | os.PathLike[str] | None,
    cookie_secret: str | None = None,
    sessions: Sessions | None = None,
) -> None:
    """Record what the server running in this process checks logins with (None: auth is off):
    its credentials file, cookie secret and open sessions (:class:`Sessions`)."""
    global _active_credentials, _active_secret, _active_sessions
    if credentials_path is None:
        _active_credentials = _active_secret = _active_sessions = None
        return
    _active_credentials = Path(credentials_path).resolve()
    _active_secret = cookie_secret
    _active_sessions = sessions


def session_login(cookies: Mapping[str, Any]) -> str | None:
    """The login of the session whose signed cookie is in ``cookies`` (a page's
    ``pn.state.cookies``), if that session is still open; None otherwise."""
    from tornado.web import decode_signed_value

    raw = cookies.get(SESSION_COOKIE)
    if _active_sessions is None or _active_secret is None or not raw:
        return None
    sid = decode_signed_value(_active_secret, SESSION_COOKIE, str(raw), max_age_days=SESSION_DAYS)
    return None if sid is None else _active_sessions.login(sid.decode("utf-8"))


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
