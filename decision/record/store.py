"""The store: weight profiles and the meeting journal, kept in one SQLite file.

Where: ``--db PATH``, else the ``DECISION_DB`` environment variable, else ``copilote.sqlite3`` in
the user's data directory (platformdirs, e.g. ``~/.local/share/copilote/`` on Linux).

How it stays safe when 40 laptops write at once or the server is killed:

- **WAL mode** (write-ahead log): readers never block the writer and a crash never leaves a
  half-written page in the database file; the log is replayed or ignored on the next open.
- **synchronous=FULL**: SQLite syncs the log to disk before a commit returns, so every write
  the store has acknowledged survives a killed process *and* a power cut. NORMAL would survive
  a killed process too (the log is in the OS cache) but may lose the last commits on a power cut;
  a committee's record is worth the few milliseconds.
- **busy_timeout** and ``BEGIN IMMEDIATE``: a writer takes the write lock at the start of its
  transaction and waits (up to ``timeout`` seconds) for another writer instead of failing; a
  deferred transaction that upgrades its lock late could fail with ``database is locked`` without
  waiting.
- **append-only**: triggers forbid UPDATE and DELETE on profile versions and the journal; an edit
  of a profile adds a version.
- **versioned schema**: ``PRAGMA user_version`` holds the schema version; :data:`MIGRATIONS` lists
  the steps from each version to the next and an old file is brought up to date when opened, in
  one transaction. A file made by a newer Copilote, a file that is not a database, or an SQLite
  database of another program is refused with one line and left untouched.

One connection per operation: connections are cheap in SQLite and this keeps the store safe to
share between threads (Panel sessions) and processes.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from copilote.decision.core.weighting import Weights
from copilote.decision.errors import InputError

#: Environment variable naming the store file.
DB_ENV = "DECISION_DB"
#: File name of the default store, in the user's data directory.
DB_FILENAME = "copilote.sqlite3"

OwnerKind = Literal["member", "group"]
OWNER_KINDS: tuple[str, ...] = ("member", "group")


def _chain_existing_journal(conn: sqlite3.Connection) -> None:
    """Migration 2 -> 3: give every journal entry already written its link in the hash chain.

    The append-only trigger is lifted for this one transaction (the only UPDATE the journal
    ever gets) and put back before it commits. Entries written before the chain are vouched for
    from here on: the chain proves nothing changed *after* the migration."""
    from copilote.decision.record.chain import GENESIS, entry_hash

    conn.execute("DROP TRIGGER journal_no_update")
    prev = GENESIS
    rows = conn.execute(
        "SELECT id, session, kind, actor, payload, created_at FROM journal ORDER BY id"
    ).fetchall()
    for entry_id, session, kind, actor, payload, created in rows:
        prev = entry_hash(prev, entry_id, session, kind, actor, json.loads(payload), created)
        conn.execute("UPDATE journal SET chain = ? WHERE id = ?", (prev, entry_id))
    conn.execute(_APPEND_ONLY.format(table="journal", verb="UPDATE", verb_lower="update"))


_APPEND_ONLY = """CREATE TRIGGER {table}_no_{verb_lower} BEFORE {verb} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} is append-only: {verb} refused'); END"""

#: A migration statement: SQL, or a function of the open connection for what SQL cannot say.
Statement = str | Callable[[sqlite3.Connection], None]

#: Migration steps: ``MIGRATIONS[i]`` takes the schema from version ``i`` to ``i + 1``.
#: Never edit a step that has shipped; append a new one.
MIGRATIONS: tuple[tuple[Statement, ...], ...] = (
    # 0 -> 1: profiles, their versions and the journal.
    (
        """CREATE TABLE profile (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            owner TEXT NOT NULL,
            owner_kind TEXT NOT NULL CHECK (owner_kind IN ('member', 'group')),
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE profile_version (
            id INTEGER PRIMARY KEY,
            profile_id INTEGER NOT NULL REFERENCES profile(id),
            version INTEGER NOT NULL CHECK (version >= 1),
            weights TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            UNIQUE (profile_id, version)
        )""",
        """CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            session TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
    ),
    # 1 -> 2: who saved each version; append-only enforced by triggers; journal by session.
    (
        "ALTER TABLE profile_version ADD COLUMN author TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX journal_session ON journal (session, id)",
        *(
            f"""CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} is append-only: {verb} refused'); END"""
            for table in ("profile", "profile_version", "journal")
            for verb in ("UPDATE", "DELETE")
        ),
    ),
    # 2 -> 3: the journal's hash chain (decision/record/chain.py), existing entries linked.
    (
        "ALTER TABLE journal ADD COLUMN chain TEXT NOT NULL DEFAULT ''",
        _chain_existing_journal,
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

#: Longest free texts accepted [characters], the same as the page's fields: checked here, on the
#: server, since a page's limits are only advice (a 2 MB comment used to be stored).
MAX_COMMENT = 300
MAX_TITLE = 120
MAX_NOTE = 500


def check_text(value: str, limit: int, what: str) -> str:
    """``value`` if a string of at most ``limit`` characters, else InputError."""
    if not isinstance(value, str):
        raise InputError(f"{what}: expected text")
    if len(value) > limit:
        raise InputError(f"{what} is {len(value):,} characters long, at most {limit} accepted")
    return value


_NAME_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,80}$")
#: What a weight's key may look like in the store (ids of criteria and indicators).
_KEY_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,63}$")


@dataclass(frozen=True)
class Profile:
    """One version of a named weight profile.

    Attributes:
        name: the profile's name (``elus``, ``alice``).
        version: 1 for the first, +1 for each edit.
        owner: the member or group it belongs to.
        weights: as entered (not rescaled): named criterion or indicator weights, or a plain
            list in order (:class:`~copilote.decision.core.weighting.Weights`, not yet bound
            to a problem).
        comment: why these weights (free text, shown escaped).
        created_at: when this version was saved, ISO 8601 UTC.
        owner_kind: ``member`` or ``group``.
        author: login of who saved this version (empty if unknown).
    """

    name: str
    version: int
    owner: str
    weights: Weights
    comment: str
    created_at: str
    owner_kind: str = "member"
    author: str = ""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "name": self.name,
            "version": self.version,
            "owner": self.owner,
            "owner_kind": self.owner_kind,
            "weights": self.weights.entered(),
            "comment": self.comment,
            "created_at": self.created_at,
            "author": self.author,
        }


@dataclass(frozen=True)
class ProfileSummary:
    """A profile as listed: its latest version and when it was first and last saved."""

    name: str
    owner: str
    owner_kind: str
    versions: int
    created_at: str
    updated_at: str
    comment: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "name": self.name,
            "owner": self.owner,
            "owner_kind": self.owner_kind,
            "versions": self.versions,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "comment": self.comment,
        }


def now_utc() -> str:
    """The current time, ISO 8601 UTC to the millisecond (``2026-11-22T10:03:04.123+00:00``)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_db_path() -> Path:
    """``copilote.sqlite3`` in the user's data directory."""
    import platformdirs

    return platformdirs.user_data_path("copilote", appauthor=False) / DB_FILENAME


def db_path(db: str | os.PathLike[str] | None = None) -> Path:
    """The store's path: ``db`` if given, else ``$DECISION_DB``, else :func:`default_db_path`."""
    if db is not None and str(db) != "":
        return Path(db).expanduser()
    env = os.environ.get(DB_ENV, "")
    if env:
        return Path(env).expanduser()
    return default_db_path()


def _check_name(value: str, what: str) -> str:
    value = value.strip()
    if not _NAME_RE.match(value):
        raise InputError(
            f"{what} '{value[:40]}' is not valid: expected 1 to 80 printable characters"
        )
    return value


class Store:
    """The SQLite store at ``path`` (see :func:`db_path`), opened and migrated on creation.

    Args:
        path: the file; None uses ``$DECISION_DB`` or the user's data directory.
        timeout: how long a writer waits for another one [s].
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, timeout: float = 30.0):
        self.path = db_path(path)
        self.timeout = timeout
        #: True when the file (or its folder) cannot be written: it can be read, never changed.
        self.read_only = False
        self._prepare_location(explicit=path is not None or bool(os.environ.get(DB_ENV)))
        try:
            self._open_and_migrate()
        except InputError:
            if not self._cannot_write():
                raise
            self.read_only = True
            self._open_read_only()
        self._refuse_damaged()

    # -- connections -----------------------------------------------------------------------
    def _prepare_location(self, explicit: bool) -> None:
        if self.path.is_dir():
            raise InputError(f"store '{self.path}' is a directory, expected a SQLite file")
        parent = self.path.parent
        if not parent.exists():
            if explicit:
                raise InputError(f"store '{self.path}': folder '{parent}' does not exist")
            parent.mkdir(parents=True, exist_ok=True)

    def _cannot_write(self) -> bool:
        """True when this process cannot write the file or its folder (a read-only mount, a
        copy on a CD, a file of another user): the store is then opened read-only."""
        if not self.path.exists():
            return False
        if not os.access(self.path, os.W_OK) or not os.access(self.path.parent, os.W_OK):
            return True
        try:  # os.access says yes to root even on a read-only mount: ask the file system
            return bool(os.statvfs(self.path).f_flag & os.ST_RDONLY)
        except OSError:
            return False

    def _open_read_only(self) -> None:
        """Open a store that cannot be written, for listing: its schema must be current."""
        with self.connect() as conn:
            version, tables = self._read_schema_state(conn)
        self._refuse_foreign(version, tables)
        if version != SCHEMA_VERSION:
            raise InputError(
                f"store '{self.path}' is read-only and has schema version {version}; this "
                f"Copilote reads version {SCHEMA_VERSION} and would need to update it: copy it "
                "somewhere writable first"
            )

    def _refuse_damaged(self) -> None:
        """Refuse a file with a damaged page (SQLite's quick check), before anything is written
        on top of it: a write could spread the damage, and a listing would be partial."""
        with self.connect() as conn:
            found = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
        if found != ["ok"]:
            raise InputError(
                f"store '{self.path}' is damaged ({'; '.join(found)[:200]}): nothing was written; "
                "restore a backup, or save what can be read with 'sqlite3 FILE .recover'"
            )

    def _raw_connect(self) -> sqlite3.Connection:
        try:
            if self.read_only:
                # immutable: no -shm/-wal to create in a folder that cannot be written
                uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
                conn = sqlite3.connect(
                    uri,
                    uri=True,
                    timeout=self.timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
                return conn
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as err:
            raise self._input_error(err) from None
        return conn

    def _input_error(self, err: sqlite3.Error) -> InputError:
        text = str(err)
        if "not a database" in text or "malformed" in text:
            return InputError(f"store '{self.path}' is not a readable Copilote database ({text})")
        if "locked" in text or "busy" in text:
            return InputError(
                f"store '{self.path}' is busy: another process held it for more than "
                f"{self.timeout:g} s ({text})"
            )
        if "readonly" in text or "unable to open" in text:
            return InputError(f"store '{self.path}' cannot be written ({text})")
        return InputError(f"store '{self.path}': {text}")

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A fresh connection (autocommit mode), closed on exit; SQLite errors become InputError."""
        conn = self._raw_connect()
        try:
            yield conn
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as err:
            raise self._input_error(err) from None
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``): committed on success, rolled back on error."""
        if self.read_only:
            raise InputError(
                f"store '{self.path}' is read-only: it can be listed, nothing can be saved in it"
            )
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _open_and_migrate(self) -> None:
        with self.connect() as conn:
            version, tables = self._read_schema_state(conn)
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"store '{self.path}' has schema version {version}, newer than this "
                    f"Copilote knows ({SCHEMA_VERSION}); upgrade Copilote"
                )
            if version == SCHEMA_VERSION:
                return
            self._refuse_foreign(version, tables)  # before WAL: leave another's file untouched
            self._set_wal(conn)
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the lock.
                version, tables = self._read_schema_state(conn)
                self._refuse_foreign(version, tables)
                migrate(conn, version, SCHEMA_VERSION)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _read_schema_state(self, conn: sqlite3.Connection) -> tuple[int, int]:
        """The schema version and the number of tables, read together.

        Why together: read one after the other, another writer creating the store may commit
        in between, and a brand-new Copilote store then looks like another program's file
        (version 0 with tables); 40 threads opening a new store at once did hit this.
        """
        version, tables = conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')"
        ).fetchone()
        return int(version), int(tables)

    def _refuse_foreign(self, version: int, tables: int) -> None:
        if version == 0 and tables:
            raise InputError(
                f"store '{self.path}' is an SQLite database of another program "
                "(it has tables but no Copilote schema); choose another --db"
            )

    def _read_version(self, conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def _set_wal(self, conn: sqlite3.Connection) -> None:
        # Switching to WAL needs a moment alone with the file; when 40 clients open a new store
        # at once some find it busy, so retry within the timeout.
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        if str(mode).lower() != "wal":
            raise InputError(f"store '{self.path}': cannot use WAL mode (got '{mode}')")

    # -- profiles ----------------------------------------------------------------------------
    def add_profile(
        self,
        name: str,
        weights: Weights | Mapping[str, float] | Sequence[float],
        *,
        owner: str | None = None,
        owner_kind: str = "member",
        comment: str = "",
        author: str = "",
    ) -> Profile:
        """Save a new version of profile ``name`` (version 1 if new) and return it.

        The owner is fixed by the first version; a later version naming another owner is refused.
        """
        clean = Weights.read(weights, where=f"profile '{name}'")
        for key in clean.names:
            if not _KEY_RE.match(key):
                raise InputError(
                    f"profile '{name}': '{key}' is not a criterion or indicator id "
                    "(expected letters, digits, '_', '.', '-', starting with a letter)"
                )
        with self.transaction() as conn:
            return self.insert_profile_version(
                conn,
                name,
                clean,
                owner=owner,
                owner_kind=owner_kind,
                comment=comment,
                author=author,
            )

    def insert_profile_version(
        self,
        conn: sqlite3.Connection,
        name: str,
        clean: Weights,
        *,
        owner: str | None,
        owner_kind: str,
        comment: str,
        author: str,
    ) -> Profile:
        """:meth:`add_profile`'s write, inside the caller's open transaction ``conn`` (so that
        a journal entry can be written in the same one); ``clean`` already validated."""
        name = _check_name(name, "profile name")
        owner = _check_name(owner, "owner") if owner else None
        check_text(comment, MAX_COMMENT, f"comment of profile '{name}'")
        if owner_kind not in OWNER_KINDS:
            raise InputError(f"owner kind '{owner_kind}': expected member or group")
        stored = clean.entered()
        created = now_utc()
        row = conn.execute(
            "SELECT id, owner, owner_kind FROM profile WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            owner = owner or author or name
            profile_id = conn.execute(
                "INSERT INTO profile (name, owner, owner_kind, created_at) VALUES (?, ?, ?, ?)",
                (name, owner, owner_kind, created),
            ).lastrowid
            version = 1
        else:
            profile_id, existing_owner, owner_kind = row
            if owner and owner != existing_owner:
                raise InputError(
                    f"profile '{name}' belongs to '{existing_owner}', not '{owner}'; "
                    "choose another name"
                )
            owner = existing_owner
            version = (
                1
                + conn.execute(
                    "SELECT max(version) FROM profile_version WHERE profile_id = ?",
                    (profile_id,),
                ).fetchone()[0]
            )
        conn.execute(
            "INSERT INTO profile_version (profile_id, version, weights, comment, created_at,"
            " author) VALUES (?, ?, ?, ?, ?, ?)",
            (profile_id, version, json.dumps(stored), comment, created, author),
        )
        assert owner is not None
        return Profile(name, version, owner, clean, comment, created, owner_kind, author)

    def profile(self, name: str, version: int | None = None) -> Profile:
        """Profile ``name`` at ``version`` (latest if None); unknown ones are bad input."""
        with self.connect() as conn:
            sql = (
                "SELECT p.name, v.version, p.owner, v.weights, v.comment, v.created_at,"
                " p.owner_kind, v.author FROM profile p JOIN profile_version v"
                " ON v.profile_id = p.id WHERE p.name = ?"
            )
            if version is None:
                row = conn.execute(sql + " ORDER BY v.version DESC LIMIT 1", (name,)).fetchone()
            else:
                row = conn.execute(sql + " AND v.version = ?", (name, version)).fetchone()
            if row is None:
                known = [r[0] for r in conn.execute("SELECT name FROM profile ORDER BY name")]
        if row is None:
            if name in known:
                raise InputError(f"profile '{name}' has no version {version}")
            hint = f"; known: {', '.join(known[:10])}" if known else "; the store has none yet"
            raise InputError(f"unknown profile '{name}' in store '{self.path}'{hint}")
        return _profile_from_row(row)

    def versions(self, name: str) -> list[Profile]:
        """Every version of profile ``name``, oldest first."""
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT p.name, v.version, p.owner, v.weights, v.comment, v.created_at,"
                " p.owner_kind, v.author FROM profile p JOIN profile_version v"
                " ON v.profile_id = p.id WHERE p.name = ? ORDER BY v.version",
                (name,),
            ).fetchall()
        if not rows:
            self.profile(name)  # raises the helpful error
        return [_profile_from_row(r) for r in rows]

    def profiles(self) -> list[ProfileSummary]:
        """Every profile with its number of versions and latest comment, by name."""
        with self.connect() as conn:
            rows = conn.execute(
                """SELECT p.name, p.owner, p.owner_kind, count(v.id), p.created_at,
                          max(v.created_at),
                          (SELECT comment FROM profile_version w WHERE w.profile_id = p.id
                           ORDER BY w.version DESC LIMIT 1)
                   FROM profile p JOIN profile_version v ON v.profile_id = p.id
                   GROUP BY p.id ORDER BY p.name"""
            ).fetchall()
        return [ProfileSummary(*r) for r in rows]

    def count_versions(self) -> int:
        """How many profile versions the store holds."""
        with self.connect() as conn:
            return int(conn.execute("SELECT count(*) FROM profile_version").fetchone()[0])

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check``: ``ok`` for a sound file."""
        with self.connect() as conn:
            return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))

    def schema_version(self) -> int:
        """The file's schema version (``PRAGMA user_version``)."""
        with self.connect() as conn:
            return self._read_version(conn)


def migrate(conn: sqlite3.Connection, current: int, target: int = SCHEMA_VERSION) -> None:
    """Apply :data:`MIGRATIONS` from ``current`` to ``target`` on ``conn`` (inside its
    transaction) and set ``PRAGMA user_version``."""
    for step in range(current, target):
        for statement in MIGRATIONS[step]:
            if callable(statement):
                statement(conn)
            else:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {step + 1}")


def _profile_from_row(row: Sequence[Any]) -> Profile:
    name, version, owner, weights_json, comment, created_at, owner_kind, author = row
    weights = Weights.read(json.loads(weights_json), where=f"profile '{name}' v{version}")
    return Profile(name, int(version), owner, weights, comment, created_at, owner_kind, author)


def resolve_profile(
    name: str, db: str | os.PathLike[str] | None = None, version: int | None = None
) -> Profile:
    """Profile ``name`` (latest version unless ``version``) from the store at ``db``.

    What ``rank``, ``sensitivity``, ``memo`` and the dashboard call for ``--profile NAME``; its
    :attr:`Profile.weights` are bound to a problem with :meth:`Weights.on`.
    """
    return Store(db).profile(name, version)
