"""The journal's hash chain: each entry carries the hash of the one before (issue 17, finding 4).

The SQLite triggers refuse UPDATE and DELETE, but whoever holds the file can drop a trigger,
edit, and put it back, or insert a forged sign-off. The chain makes such edits visible:

    hash(entry) = SHA-256( canonical JSON of {"prev": hash(previous entry), "id", "session",
                                               "kind", "actor", "payload", "created_at"} )

over every entry of the store in id order, starting from :data:`GENESIS`. Canonical JSON: keys
sorted, no spaces, UTF-8, no NaN, so that the same entry always gives the same bytes. A changed,
removed or inserted entry breaks the link of the entry after it; :func:`verify` names the first
bad one.

What it does not do, said plainly: someone able to write the file can recompute the whole
chain after a forgery. That is why the sign-off records the chain's head (the hash of the entry
before it) and the decision memo prints it: a memo on paper or in an e-mail pins the journal as
it stood, and a rewritten journal no longer ends in the head the memo shows.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

#: The ``prev`` of the first entry.
GENESIS = "0" * 64


def canonical(value: Any) -> bytes:
    """``value`` as canonical JSON bytes (sorted keys, no spaces, UTF-8, finite numbers)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def entry_hash(
    prev: str,
    entry_id: int,
    session: str,
    kind: str,
    actor: str,
    payload: Any,
    created_at: str,
) -> str:
    """The chain hash (hex) of one entry, given the hash of the entry before it."""
    body = {
        "prev": prev,
        "id": entry_id,
        "session": session,
        "kind": kind,
        "actor": actor,
        "payload": payload,
        "created_at": created_at,
    }
    return hashlib.sha256(canonical(body)).hexdigest()


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """``(id, hash)`` of the journal's last entry, ``(0, GENESIS)`` when it is empty."""
    row = conn.execute("SELECT id, chain FROM journal ORDER BY id DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify` found.

    Attributes:
        entries: how many entries were checked.
        head: the hash of the last entry (what a sign-off made now would record).
        bad_entry: id of the first entry that does not match, None if the chain holds.
        reason: why it does not match (one line), "" if it holds.
    """

    entries: int
    head: str
    bad_entry: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        """True when every link holds."""
        return self.bad_entry is None


def verify(conn: sqlite3.Connection) -> ChainReport:
    """Recompute the chain over the whole journal; the first entry whose link fails, if any.

    Also checked: each sign-off's recorded ``journal_head`` is the hash of the entry just before
    it, and a ``memo_journal_head`` (the head printed in the signed memo) is one of the hashes
    that came before."""
    prev = GENESIS
    seen: set[str] = {GENESIS}
    count = 0
    rows = conn.execute(
        "SELECT id, session, kind, actor, payload, created_at, chain FROM journal ORDER BY id"
    )
    for entry_id, session, kind, actor, payload_text, created, stored in rows:
        count += 1
        try:
            payload = json.loads(payload_text)
        except (TypeError, ValueError):
            return ChainReport(count, prev, entry_id, "its payload is not JSON")
        expected = entry_hash(prev, entry_id, session, kind, actor, payload, created)
        if stored != expected:
            reason = (
                "it has no link (written around the journal's code)"
                if not stored
                else "it does not match its hash, or the entry before it was changed or removed"
            )
            return ChainReport(count, prev, entry_id, reason)
        if kind == "decision_signed" and isinstance(payload, dict):
            recorded = payload.get("journal_head")
            if recorded is not None and recorded != prev:
                return ChainReport(
                    count, prev, entry_id, "its recorded journal head is not the chain's"
                )
            memo_head = payload.get("memo_journal_head")
            if memo_head is not None and memo_head not in seen:
                return ChainReport(
                    count, prev, entry_id, "the journal head its memo printed is not in the chain"
                )
        prev = expected
        seen.add(prev)
    return ChainReport(count, prev)
