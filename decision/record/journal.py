"""The meeting journal: an append-only record of a group session, and its replay.

Each entry has a session id, a kind, the actor (login) and a JSON payload:

- ``session_opened`` ``{"title": str, "case": str}``;
- ``weights_submitted`` ``{"profile": str, "version": int, "weights": {id: w}}`` (the member's
  weights are also saved as a version of their profile, so the journal and the profiles agree);
- ``scenarios_shown`` ``{"scenarios": [id, ...], "method": str}``;
- ``decision_signed`` ``{"scenario": str, "memo_sha256": str | None, "weights": {id: w},
  "aggregation": str, "note": str}``.

Entries cannot be changed or deleted (SQLite triggers, see :mod:`decision.record.store`), and
each carries the hash of the one before (:mod:`decision.record.chain`), so that an edit made
around the triggers shows; a sign-off also records the chain's head (``journal_head``) and the
head its memo printed (``memo_journal_head``).
:func:`replay`
rebuilds the session's state after each entry, which the dashboard steps through.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from copilote.decision.core.weighting import Weights
from copilote.decision.errors import InputError
from copilote.decision.record import chain
from copilote.decision.record.store import (
    MAX_NOTE,
    MAX_TITLE,
    Store,
    _check_name,
    check_text,
    now_utc,
)

KINDS: tuple[str, ...] = (
    "session_opened",
    "weights_submitted",
    "scenarios_shown",
    "decision_signed",
    "red_line_set",
)
_SESSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class JournalEntry:
    """One line of the journal."""

    id: int
    session: str
    kind: str
    actor: str
    payload: dict[str, Any]
    created_at: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.id,
            "session": self.session,
            "kind": self.kind,
            "actor": self.actor,
            "payload": self.payload,
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class SessionState:
    """What the session looked like just after entry ``entry_id``.

    Attributes:
        members: each member's latest submitted weights.
        shown: the scenarios last shown and the method.
        decision: the sign-off payload, once there is one.
    """

    session: str
    entry_id: int
    at: str
    kind: str
    actor: str
    title: str = ""
    members: dict[str, dict[str, float]] = field(default_factory=dict)
    shown: tuple[str, ...] = ()
    method: str = ""
    decision: dict[str, Any] | None = None


@dataclass(frozen=True)
class SessionSummary:
    """A session as listed by ``decision journal``."""

    session: str
    title: str
    entries: int
    started_at: str
    last_at: str
    signed: bool


def memo_digest(memo: bytes) -> str:
    """The SHA-256 (hex) of a memo's bytes, as recorded at sign-off: whoever holds the file
    can check it is the one the committee signed (``sha256sum note.pdf``)."""
    return hashlib.sha256(memo).hexdigest()


def new_session_id() -> str:
    """A fresh session id: the UTC date and time and 4 random hex digits."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


def check_session_id(session: str) -> str:
    """``session`` if it is a valid id (letters, digits, ``_.-``, at most 64), else InputError."""
    if not _SESSION_RE.match(session):
        raise InputError(
            f"session id '{session[:40]}' is not valid: expected letters, digits, '_', '.', '-'"
        )
    return session


class Journal:
    """The journal of the store at ``db`` (a path, None for the default, or a :class:`Store`)."""

    def __init__(self, db: Store | str | os.PathLike[str] | None = None):
        self.store = db if isinstance(db, Store) else Store(db)

    # -- writing ---------------------------------------------------------------------------
    def append(
        self, session: str, kind: str, actor: str, payload: Mapping[str, Any]
    ) -> JournalEntry:
        """Append one entry and return it (with its id)."""
        with self.store.transaction() as conn:
            return self._insert(conn, session, kind, actor, payload)

    def _insert(
        self,
        conn: sqlite3.Connection,
        session: str,
        kind: str,
        actor: str,
        payload: Mapping[str, Any],
    ) -> JournalEntry:
        """:meth:`append` inside the caller's open transaction ``conn``."""
        check_session_id(session)
        actor = _check_name(actor, "actor")
        if kind not in KINDS:
            raise InputError(f"journal entry kind '{kind}': expected one of {', '.join(KINDS)}")
        try:
            text = json.dumps(dict(payload), ensure_ascii=False, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError) as err:
            raise InputError(
                f"journal entry '{kind}': payload must be JSON with finite numbers ({err})"
            ) from None
        created = now_utc()
        # The caller's transaction is BEGIN IMMEDIATE: no other writer can slip an entry in
        # between reading the head and writing the next link.
        last_id, prev = chain.head(conn)
        data = json.loads(text)
        if kind == "decision_signed":
            data["journal_head"] = prev  # the sign-off pins the journal as it stood
            text = json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False)
        entry_id = last_id + 1
        link = chain.entry_hash(prev, entry_id, session, kind, actor, data, created)
        conn.execute(
            "INSERT INTO journal (id, session, kind, actor, payload, created_at, chain)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entry_id, session, kind, actor, text, created, link),
        )
        return JournalEntry(entry_id, session, kind, actor, data, created)

    def open_session(self, session: str, actor: str, title: str = "", case: str = "") -> None:
        """Record that ``actor`` opened ``session`` (idempotent: opened once, even when two
        laptops open it at the same moment: the check and the write share one transaction)."""
        check_session_id(session)
        check_text(title, MAX_TITLE, "session title")
        with self.store.transaction() as conn:
            opened = conn.execute(
                "SELECT 1 FROM journal WHERE session = ? AND kind = 'session_opened' LIMIT 1",
                (session,),
            ).fetchone()
            if opened is None:
                self._insert(conn, session, "session_opened", actor, {"title": title, "case": case})

    def submit_weights(
        self,
        session: str,
        member: str,
        weights: Mapping[str, float],
        comment: str = "",
    ) -> JournalEntry:
        """Save ``member``'s weights as a new version of their profile (named after them) and
        record the submission in the journal."""
        clean = Weights.read(weights, where=f"weights of '{member}'")
        # One transaction: a crash cannot leave a profile version the journal never recorded.
        with self.store.transaction() as conn:
            profile = self.store.insert_profile_version(
                conn,
                member,
                clean,
                owner=member,
                owner_kind="member",
                comment=comment,
                author=member,
            )
            return self._insert(
                conn,
                session,
                "weights_submitted",
                member,
                {
                    "profile": profile.name,
                    "version": profile.version,
                    "weights": clean.entered(),
                    "comment": comment,
                },
            )

    def show_scenarios(
        self, session: str, actor: str, scenarios: list[str], method: str
    ) -> JournalEntry:
        """Record which scenarios were put on the screen and with which method."""
        return self.append(
            session, "scenarios_shown", actor, {"scenarios": list(scenarios), "method": method}
        )

    def set_red_line(self, session: str, actor: str, line: Mapping[str, Any]) -> JournalEntry:
        """Record a red line set during the session (``RedLine.to_json()``: line, source...)."""
        return self.append(session, "red_line_set", actor, dict(line))

    def sign_off(
        self,
        session: str,
        facilitator: str,
        scenario: str,
        *,
        weights: Mapping[str, float],
        aggregation: str,
        memo_sha256: str | None = None,
        note: str = "",
        memo_journal_head: str | None = None,
    ) -> JournalEntry:
        """Record the decision: the scenario chosen, the group weights, the memo's SHA-256 and
        the journal head the memo printed (``memo_journal_head``); the entry also records the
        chain's head just before it (``journal_head``)."""
        check_text(note, MAX_NOTE, "decision note")
        for what, digest in (("memo hash", memo_sha256), ("journal head", memo_journal_head)):
            if digest is not None and not _SHA256_RE.match(digest):
                raise InputError(f"{what} '{digest[:20]}' is not a SHA-256 hex digest")
        payload: dict[str, Any] = {
            "scenario": scenario,
            "weights": dict(weights),
            "aggregation": aggregation,
            "memo_sha256": memo_sha256,
            "note": note,
        }
        if memo_journal_head is not None:
            payload["memo_journal_head"] = memo_journal_head
        return self.append(session, "decision_signed", facilitator, payload)

    # -- the hash chain --------------------------------------------------------------------
    def head(self) -> str:
        """The hash of the journal's last entry (what a memo made now prints)."""
        with self.store.connect() as conn:
            return chain.head(conn)[1]

    def verify(self) -> chain.ChainReport:
        """Recompute the hash chain (see :mod:`copilote.decision.record.chain`)."""
        with self.store.connect() as conn:
            return chain.verify(conn)

    def check(self) -> chain.ChainReport:
        """:meth:`verify`, raising InputError naming the first bad entry if the chain breaks."""
        report = self.verify()
        if not report.intact:
            raise InputError(
                f"the journal of '{self.store.path}' was altered: entry #{report.bad_entry} "
                f"breaks the hash chain ({report.reason}); entries from #{report.bad_entry} on "
                "cannot be trusted"
            )
        return report

    # -- reading ---------------------------------------------------------------------------
    def entries(self, session: str | None = None) -> list[JournalEntry]:
        """Entries of ``session`` (all sessions if None), in the order they were written."""
        with self.store.connect() as conn:
            if session is None:
                rows = conn.execute(
                    "SELECT id, session, kind, actor, payload, created_at FROM journal ORDER BY id"
                ).fetchall()
            else:
                rows = conn.execute(
                    "SELECT id, session, kind, actor, payload, created_at FROM journal"
                    " WHERE session = ? ORDER BY id",
                    (session,),
                ).fetchall()
        return [JournalEntry(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in rows]

    def sessions(self) -> list[SessionSummary]:
        """Every session with its title, number of entries and whether it was signed off."""
        with self.store.connect() as conn:
            rows = conn.execute(
                """SELECT session, count(*), min(created_at), max(created_at),
                          max(kind = 'decision_signed'),
                          (SELECT payload FROM journal j2 WHERE j2.session = j.session
                           AND j2.kind = 'session_opened' ORDER BY id LIMIT 1)
                   FROM journal j GROUP BY session ORDER BY min(id)"""
            ).fetchall()
        return [
            SessionSummary(
                session=r[0],
                title=json.loads(r[5]).get("title", "") if r[5] else "",
                entries=int(r[1]),
                started_at=r[2],
                last_at=r[3],
                signed=bool(r[4]),
            )
            for r in rows
        ]

    def replay(self, session: str) -> list[SessionState]:
        """The session's state after each of its entries, oldest first."""
        entries = self.entries(session)
        if not entries:
            known = [s.session for s in self.sessions()]
            hint = f"; known: {', '.join(known[-10:])}" if known else "; the journal is empty"
            raise InputError(f"unknown session '{session}'{hint}")
        states: list[SessionState] = []
        title = ""
        members: dict[str, dict[str, float]] = {}
        shown: tuple[str, ...] = ()
        method = ""
        decision: dict[str, Any] | None = None
        for e in entries:
            if e.kind == "session_opened":
                title = str(e.payload.get("title", ""))
            elif e.kind == "weights_submitted":
                members = {**members, e.actor: dict(e.payload["weights"])}
            elif e.kind == "scenarios_shown":
                shown = tuple(e.payload.get("scenarios", ()))
                method = str(e.payload.get("method", ""))
            elif e.kind == "decision_signed":
                decision = dict(e.payload)
            states.append(
                SessionState(
                    session=session,
                    entry_id=e.id,
                    at=e.created_at,
                    kind=e.kind,
                    actor=e.actor,
                    title=title,
                    members=members,
                    shown=shown,
                    method=method,
                    decision=decision,
                )
            )
        return states


def replay(session_id: str, db: Store | str | os.PathLike[str] | None = None) -> list[SessionState]:
    """The states of past session ``session_id``, one after each journal entry."""
    return Journal(db).replay(session_id)
