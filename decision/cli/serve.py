"""``decision serve``: the COPIL dashboard in a browser.

Serves ``dashboards/app.py`` with Panel. Settings reach the app through environment variables
(``DECISION_CASE``, ``DECISION_LANG``, ``DECISION_PROFILE``, ``DECISION_DB``) because the engine
must not import the dashboard (architecture rule: nothing imports ``dashboards``); Panel runs the
app file itself, once per browser session.

Meeting-proof settings:

- a session whose browser is gone is kept for ``--session-minutes`` (30 by default), so a laptop
  that slept through a coffee break reconnects to its own weights (Panel's ``reconnect``), not to
  a fresh page; checked every 30 s;
- a websocket ping every 20 s keeps proxies and wifi access points from closing idle links;
- once a meeting's sessions are dropped, their memory goes back to the system: the server
  re-runs itself (same process id) with allocator settings (``copilote.decision.cli.server_memory``:
  jemalloc if installed) and collects after the last session of a burst ends
  (``dashboards/lifecycle.py``).

Security: 127.0.0.1 by default. Any other address needs ``--credentials`` (a file of hashed
passwords, ``python -m decision.record.auth add-user``) and a cookie secret, or it is refused
(``copilote.decision.record.auth.check_serve_security``).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import socket
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from copilote.decision.errors import InputError
from copilote.decision.record.auth import (
    User,
    check_serve_security,
    load_credentials,
    set_active,
    verify_password,
)
from copilote.decision.record.login import (
    MAX_PENDING,
    SESSION_COOKIE,
    SESSION_DAYS,
    Backoff,
    CredentialsWatch,
    Sessions,
    check_pool,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5006
SESSION_MINUTES = 30
#: Longest time a disconnected session may be kept [minutes].
MAX_SESSION_MINUTES = 24 * 60
CHECK_UNUSED_MS = 30_000
KEEP_ALIVE_MS = 20_000
COOKIE_SECRET_ENV = "DECISION_COOKIE_SECRET"


def register(sub: argparse._SubParsersAction, help_text: str) -> None:
    """Add the ``serve`` sub-command."""
    parser = sub.add_parser(
        "serve",
        help=help_text,
        description="Serve the COPIL dashboard (committee and analyst modes) in a browser.",
    )
    parser.add_argument(
        "case",
        nargs="?",
        default=None,
        help="a case folder or case.toml (default: the bundled Lens–Liévin case)",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 5006)")
    parser.add_argument(
        "--lang",
        default="fr",
        choices=("fr", "en"),
        help="language of the page at opening (default fr)",
    )
    parser.add_argument("--show", action="store_true", help="open the page in a browser")
    parser.add_argument("--profile", default=None, help="start from this stored weight profile")
    parser.add_argument(
        "--db",
        default=None,
        help="the store (SQLite); default $DECISION_DB or the user data folder",
    )
    parser.add_argument(
        "--credentials",
        default=None,
        help="file of hashed passwords (python -m copilote.decision.record.auth add-user)",
    )
    parser.add_argument(
        "--cookie-secret-file",
        default=None,
        metavar="FILE",
        help=f"file holding the secret signing login cookies (or ${COOKIE_SECRET_ENV}); needed "
        "with --credentials (python -m copilote.decision.record.auth cookie-secret > FILE)",
    )
    # Refused with a pointer to the file: a secret on the command line shows in `ps`.
    parser.add_argument("--cookie-secret", default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--behind-proxy",
        action="store_true",
        help="trust X-Forwarded-For/-Proto from a reverse proxy doing TLS (see docs/store.md)",
    )
    parser.add_argument(
        "--allow-origin",
        action="append",
        default=None,
        metavar="HOST[:PORT]",
        help="extra address the page may be opened from (behind a proxy); repeatable",
    )
    parser.add_argument(
        "--session-minutes",
        type=float,
        default=SESSION_MINUTES,
        help="minutes a disconnected session is kept for reconnection (default 30)",
    )
    parser.set_defaults(func=run)


def app_path() -> Path:
    """The app file, located without importing the dashboard package."""
    spec = find_spec("copilote.dashboards")  # the installed name, in a wheel as in the checkout
    if spec is None or not spec.submodule_search_locations:
        raise InputError("the dashboards package is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))) / "app.py"


def _own_names() -> list[str]:
    """This machine's host names and IPv4 addresses, as a browser on the network may use them
    (others, behind a proxy say, go in --allow-origin)."""
    host = socket.gethostname()
    names = {host, socket.getfqdn()}
    with contextlib.suppress(OSError):
        names.update(socket.gethostbyname_ex(host)[2])
    return sorted(n for n in names if n and not n.startswith("127."))


def server_options(args: argparse.Namespace) -> dict[str, object]:
    """Keyword arguments for ``panel.serve`` (checked: bad ones raise InputError)."""
    if not 0 < args.port < 65536:
        raise InputError(f"--port: {args.port} is not a port number (1-65535)")
    minutes = args.session_minutes
    if not math.isfinite(minutes) or not 0 < minutes <= MAX_SESSION_MINUTES:
        raise InputError(
            f"--session-minutes: {minutes:g} is not a number of minutes between 0 and "
            f"{MAX_SESSION_MINUTES} (one day)"
        )
    if getattr(args, "cookie_secret", None):
        raise InputError(
            "--cookie-secret: a secret on the command line shows in 'ps' to every user of this "
            f"machine; put it in a file (--cookie-secret-file) or ${COOKIE_SECRET_ENV}"
        )
    from copilote.decision.record.auth import read_cookie_secret

    cookie_secret = read_cookie_secret(getattr(args, "cookie_secret_file", None))
    lang = getattr(args, "lang", "fr")
    auth = serve_auth_options(args.host, args.credentials, cookie_secret, lang)
    origins = [f"localhost:{args.port}", f"127.0.0.1:{args.port}"]
    if args.host in ("0.0.0.0", "::"):
        # every address: browsers on the network come by this machine's name or addresses
        origins += [f"{name}:{args.port}" for name in _own_names()]
    elif args.host not in ("127.0.0.1", "localhost", "::1"):
        origins.append(f"{args.host}:{args.port}")
    origins += list(args.allow_origin or [])
    return {
        "port": args.port,
        "address": args.host,
        "websocket_origin": origins,
        "show": bool(args.show),
        "title": "Copilote — COPIL",
        "unused_session_lifetime_milliseconds": int(args.session_minutes * 60_000),
        "check_unused_sessions_milliseconds": CHECK_UNUSED_MS,
        "keep_alive_milliseconds": KEEP_ALIVE_MS,
        # build one session before listening: imports and caches are warm for the first user
        "warm": True,
        # behind a TLS proxy: the client's address (backoff) and https (Secure cookies)
        "use_xheaders": bool(getattr(args, "behind_proxy", False)),
        **auth,
    }


def _log_to_stderr() -> None:
    """The server's own events (``copilote.*`` loggers: memory given back after sessions close)
    on standard error, with the time, for whoever runs the meeting's server."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s", "%H:%M:%S"))
    logger = logging.getLogger("copilote")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # Bokeh may configure the root logger too: one line, not two


def run(args: argparse.Namespace) -> int:
    """Check the settings, then serve until interrupted."""
    from copilote.decision.cli.server_memory import allocator_command, find_jemalloc

    argv = getattr(args, "process_argv", None)
    rerun = allocator_command(argv, dict(os.environ), find_jemalloc())
    if rerun is not None:
        command, environ = rerun
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(command[0], command, environ)  # same process id: signals reach the server
    if args.case is not None and not Path(args.case).exists():
        raise InputError(f"case '{args.case}' not found: expected a case folder or case.toml")
    from copilote.decision.cli.offline import use_local_cdn

    use_local_cdn()  # before Panel is imported: nothing is fetched from another host
    options = server_options(args)
    # Fail now, with one line, rather than in every browser session.
    from copilote.decision.case.loading import load_case

    case = load_case(args.case)
    if args.profile:
        from copilote.decision.core.weighting import Weights
        from copilote.decision.record.store import resolve_profile

        stored = resolve_profile(args.profile, args.db)
        # a profile names criteria: one saved for another case would fail in every session
        where = f"profile '{args.profile}'"
        Weights.read(stored.weights, where).on(case.problem(), where)
    os.environ["DECISION_CASE"] = str(Path(args.case).resolve()) if args.case else ""
    os.environ["DECISION_LANG"] = args.lang
    os.environ["DECISION_PROFILE"] = args.profile or ""
    os.environ["DECISION_DB"] = args.db or os.environ.get("DECISION_DB", "")
    import panel as pn

    from copilote.decision.cli.offline import static_dirs

    shown_host = "localhost" if args.host in ("127.0.0.1", "::1") else args.host
    print(
        f"Copilote : tableau de bord sur http://{shown_host}:{args.port}/ (Ctrl+C pour arrêter)",
        file=sys.stderr,
        flush=True,
    )
    _log_to_stderr()
    pn.serve({"/": str(app_path())}, start=True, static_dirs=static_dirs(), **options)
    return 0


# -- authentication through Panel (the record keeps credentials and sessions; Panel is here) --
#: Cookies and headers never copied into a page's Bokeh session token (the token is in the
#: page's HTML): Panel's own login cookies and the raw Cookie header. The session cookie stays,
#: so that the page's session knows who it serves; it is revocable (logout, user removed).
TOKEN_EXCLUDED_COOKIES = ["user", "id_token", "access_token", "refresh_token", "is_guest"]
TOKEN_EXCLUDED_HEADERS = ["Cookie", "Authorization"]


def serve_auth_options(
    host: str,
    credentials_path: str | os.PathLike[str] | None,
    cookie_secret: str | None,
    lang: str = "fr",
) -> dict[str, Any]:
    """Keyword arguments for ``panel.serve`` / ``panel.io.server.get_server``.

    Checks :func:`check_serve_security` first. Without credentials (loopback only) returns ``{}``;
    with them ``{"auth_provider", "cookie_secret", "exclude_cookies", "exclude_headers"}``: Panel
    passes the provider on to Bokeh's server, which then requires the login page before any page
    or websocket. ``lang`` is the login page's language when the browser names neither French
    nor English (:mod:`copilote.decision.cli.login_page`).
    """
    check_serve_security(host, credentials_path, cookie_secret)
    if credentials_path is None:
        set_active(None)
        return {}
    provider = hashed_auth_provider(Path(credentials_path).resolve(), lang)
    set_active(credentials_path, cookie_secret, provider.sessions)
    return {
        "auth_provider": provider,
        "cookie_secret": cookie_secret,
        "exclude_cookies": list(TOKEN_EXCLUDED_COOKIES),
        "exclude_headers": list(TOKEN_EXCLUDED_HEADERS),
    }


def hashed_auth_provider(credentials_path: str | os.PathLike[str], lang: str = "fr") -> Any:
    """A Panel ``BasicAuthProvider`` checking the hashed credentials file (see
    :mod:`copilote.decision.record.login` for what it adds to Panel's).

    Panel's own basic auth compares plaintext passwords, on the event loop, and keeps the login
    in a day-long cookie; this subclass keeps Panel's login and logout pages and replaces the
    check (scrypt in a thread, backoff) and the cookie (a revocable server-side session), and
    serves its own login page (:mod:`copilote.decision.cli.login_page`: French first).
    ``BasicAuthProvider.login_handler`` must return a tornado ``RequestHandler`` subclass
    (https://panel.holoviz.org/api/panel.auth.html); Panel 1.9 passes an ``auth_provider``
    given to ``panel.serve`` on to Bokeh's server, whose handlers call ``get_user``.
    """
    import asyncio

    from panel.auth import BasicAuthProvider, BasicLoginHandler, LogoutHandler, _validate_next_url
    from panel.io.state import state

    from copilote.decision.cli import login_page

    path = Path(credentials_path)
    load_credentials(path)  # fail now, not at the first login
    watch = CredentialsWatch(path, load_credentials)
    sessions = Sessions(watch.users)
    backoff = Backoff()
    pending = [0]

    def cookie_options(handler: Any) -> dict[str, Any]:
        # Secure only over HTTPS (behind a proxy: X-Forwarded-Proto, with --behind-proxy),
        # or the browser would drop the cookie on plain HTTP on a LAN.
        return {
            "httponly": True,
            "samesite": "Lax",
            "secure": handler.request.protocol == "https",
            "path": "/",
        }

    class HashedLoginHandler(BasicLoginHandler):
        def get(self) -> None:
            # Panel's get, with our page: the error is a code, the language the browser's
            next_url = _validate_next_url(self.get_argument("next", state.base_url))
            if next_url:
                self.set_cookie("next_url", next_url)
            page_lang = login_page.page_language(self.request.headers.get("Accept-Language"), lang)
            self.set_header("Content-Language", page_lang)
            self.write(
                login_page.render(page_lang, self._login_endpoint, self.get_argument("error", ""))
            )

        async def post(self) -> None:
            login = self.get_argument("username", "")[:64]
            password = self.get_argument("password", "")[:1024]
            keys = (f"account:{login}", f"address:{self.request.remote_ip}")
            user: User | None = None
            if pending[0] >= MAX_PENDING:  # not the person's fault: no failure counted
                error = "?error=" + login_page.BUSY
                self.redirect(self._login_endpoint + error)
                return
            if backoff.wait(*keys) == 0:
                pending[0] += 1
                try:
                    user = await asyncio.get_running_loop().run_in_executor(
                        check_pool(), self._check, login, password
                    )
                finally:
                    pending[0] -= 1
                if user is None:
                    backoff.failed(*keys)
            if user is None:
                error = "?error=" + login_page.REFUSED
                self.redirect(self._login_endpoint + error)
                return
            backoff.succeeded(*keys)
            self.clear_cookie("user")
            self.clear_cookie("id_token")
            self.set_secure_cookie(
                SESSION_COOKIE,
                sessions.open(user.login),
                expires_days=SESSION_DAYS,
                **cookie_options(self),
            )
            self.redirect(_validate_next_url(self.get_cookie("next_url", "/")) or "/")

        def _validate(self, username: str, password: str) -> bool:
            # Panel's plaintext comparison, replaced (only post above calls a check)
            return HashedLoginHandler._check(username, password) is not None

        @staticmethod
        def _check(login: str, password: str) -> User | None:
            try:
                return verify_password(watch.data() or str(path), login, password)
            except InputError:
                return None

    class SessionLogoutHandler(LogoutHandler):
        def get(self) -> None:
            sid = self.get_secure_cookie(SESSION_COOKIE, max_age_days=SESSION_DAYS)
            sessions.close(sid.decode("utf-8") if sid else None)
            self.clear_cookie(SESSION_COOKIE, path="/")
            super().get()

    class HashedAuthProvider(BasicAuthProvider):
        def __init__(self) -> None:
            super().__init__()
            self.sessions = sessions
            self.backoff = backoff

        @property
        def get_user(self) -> Any:
            def get_user(handler: Any) -> str | None:
                sid = handler.get_secure_cookie(SESSION_COOKIE, max_age_days=SESSION_DAYS)
                return sessions.login(sid.decode("utf-8") if sid else None)

            return get_user

        @property
        def login_handler(self) -> type:
            HashedLoginHandler._login_endpoint = self._login_endpoint
            HashedLoginHandler._login_template = self._login_template
            return HashedLoginHandler

        @property
        def logout_handler(self) -> type:
            SessionLogoutHandler._logout_template = self._logout_template
            SessionLogoutHandler._login_endpoint = self._login_endpoint
            return SessionLogoutHandler

    return HashedAuthProvider()
