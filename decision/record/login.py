"""The login of an authenticated ``decision serve``: password checks, backoff, revocable sessions.

Panel's basic login keeps the login in a signed ``user`` cookie valid for a day, checks the
password on the event loop and has no rate limit. This module replaces that part (issue 17,
finding 3):

- **off the event loop**: scrypt (about 128 MiB and up to a second at OWASP's cost) runs in a
  small thread pool of :data:`CHECK_WORKERS` threads; pages keep answering while people log in.
  At most :data:`MAX_PENDING` checks wait (a room of 40 logging in at the start of a meeting
  fits, waiting up to about half a minute); beyond that a login is refused at once with "server
  busy, try again", and that refusal is not counted as a failure.
- **backoff**, per account *and* per address: after :data:`FREE_FAILURES` failures in a row,
  each new attempt must wait 2, 4, 8... seconds (at most :data:`MAX_DELAY_S`) after the last
  failure; an attempt too early is refused without checking the password. A success clears the
  account's and the address's count. Unknown logins are counted like known ones, and answered
  the same (the password is hashed anyway), so the answers say nothing about who exists.
- **revocable sessions**: a successful login opens a server-side session, a random id kept in
  memory and sent as a signed cookie (:data:`SESSION_COOKIE`, ``HttpOnly``, ``SameSite=Lax``,
  ``Secure`` when the page came over HTTPS). Every request, page and websocket, looks the id up:
  logging out ends it, and removing a user from the credentials file ends all of theirs at their
  next request (the file is re-read when it changes). A server restart ends every session.

Panel-free: the tornado handlers that use this are in :mod:`copilote.decision.record.auth`.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Name of the signed cookie holding the session id.
SESSION_COOKIE = "copilote_session"
#: How long a session lasts without logging in again [days] (a long meeting day).
SESSION_DAYS = 1
#: Failures in a row allowed before the backoff starts.
FREE_FAILURES = 5
#: Longest wait imposed after failures [s].
MAX_DELAY_S = 900.0
#: Threads checking passwords (each scrypt holds 128 MiB while it runs).
CHECK_WORKERS = 2
#: Password checks allowed to wait for a thread; more are refused at once.
MAX_PENDING = 64
#: Accounts and addresses remembered by the backoff (the oldest are forgotten first), so that a
#: flood of invented logins cannot grow the server's memory without bound.
MAX_TRACKED = 10_000

_pool = ThreadPoolExecutor(max_workers=CHECK_WORKERS, thread_name_prefix="copilote-login")


def check_pool() -> ThreadPoolExecutor:
    """The thread pool password checks run in."""
    return _pool


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0


class Backoff:
    """Failed logins per key (``account:LOGIN``, ``address:IP``) and the wait they impose."""

    def __init__(self, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, _Failures] = OrderedDict()

    def wait(self, *keys: str) -> float:
        """Seconds left before any of ``keys`` may try again (0 when all may)."""
        now = self._clock()
        with self._lock:
            left = 0.0
            for key in keys:
                entry = self._seen.get(key)
                if entry is None or entry.count < FREE_FAILURES:
                    continue
                delay = min(2.0 ** (entry.count - FREE_FAILURES + 1), MAX_DELAY_S)
                left = max(left, entry.last + delay - now)
            return max(left, 0.0)

    def failed(self, *keys: str) -> None:
        """Count one failure for each of ``keys``."""
        now = self._clock()
        with self._lock:
            for key in keys:
                entry = self._seen.pop(key, None) or _Failures()
                entry.count += 1
                entry.last = now
                self._seen[key] = entry
            while len(self._seen) > MAX_TRACKED:
                self._seen.popitem(last=False)

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of ``keys``."""
        with self._lock:
            for key in keys:
                self._seen.pop(key, None)


class Sessions:
    """Logged-in sessions: random id -> login, checked against the credentials file.

    Args:
        users: a callable giving the set of logins currently in the credentials file.
    """

    def __init__(self, users: Any, clock: Any = time.time) -> None:
        self._users = users
        self._clock = clock
        self._lock = threading.Lock()
        self._open: dict[str, tuple[str, float]] = {}

    def open(self, login: str) -> str:
        """A new session for ``login``; its id (to send as a signed cookie)."""
        sid = secrets.token_urlsafe(32)
        with self._lock:
            self._open[sid] = (login, self._clock())
        return sid

    def login(self, sid: str | None) -> str | None:
        """The login of session ``sid`` if it is open, unexpired and its user still exists."""
        if not sid:
            return None
        with self._lock:
            found = self._open.get(sid)
        if found is None:
            return None
        login, opened = found
        if self._clock() - opened > SESSION_DAYS * 86_400 or login not in self._users():
            self.close(sid)
            return None
        return login

    def close(self, sid: str | None) -> None:
        """End session ``sid`` (logout)."""
        if sid:
            with self._lock:
                self._open.pop(sid, None)

    def count(self) -> int:
        """How many sessions are open."""
        with self._lock:
            return len(self._open)


class CredentialsWatch:
    """The logins of a credentials file, re-read when the file changes (size or time)."""

    def __init__(self, path: Path, load: Any) -> None:
        self.path = path
        self._load = load
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._data: dict[str, dict[str, Any]] = {}

    def data(self) -> dict[str, dict[str, Any]]:
        """The file's entries (empty if it cannot be read: nobody gets in)."""
        try:
            st = self.path.stat()
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)  # add-user renames a new file in
        except OSError:
            return {}
        with self._lock:
            if stamp != self._stamp:
                try:
                    self._data = self._load(self.path)
                except Exception:  # a file being rewritten by hand: nobody in until it is sound
                    self._data = {}
                self._stamp = stamp
            return self._data

    def users(self) -> set[str]:
        """The logins in the file now."""
        return set(self.data())
