"""``decision journal``: the meeting journal, session by session.

::

    decision journal                     # the sessions, one a line
    decision journal --session ID        # that session's entries
    decision journal [--session ID] --json
    decision journal --verify            # the hash chain only: intact, or the first bad entry

Every form checks the journal's hash chain (decision/record/chain.py): a broken chain prints
one line naming the first altered entry and exits with status 2, after what was asked for (so
the record can still be read, knowing from where it cannot be trusted). What people typed is
printed without control characters.
"""

from __future__ import annotations

import argparse
import json

from copilote.decision.cli.terminal import printable
from copilote.decision.record.journal import Journal, JournalEntry


def register(sub: argparse._SubParsersAction, help_text: str) -> None:
    """Add the ``journal`` sub-command."""
    parser = sub.add_parser("journal", help=help_text, description=help_text)
    parser.add_argument("--session", help="show this session's entries")
    parser.add_argument("--json", action="store_true", help="JSON on stdout")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="check the hash chain only (exit 2 naming the first altered entry)",
    )
    parser.add_argument(
        "--db", help="the store (SQLite file); default $DECISION_DB or the user data folder"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the sessions, or one session's entries; then the chain's verdict."""
    journal = Journal(args.db)
    report = journal.verify()
    if args.verify:
        journal.check()
        print(
            f"journal de {journal.store.path} : {report.entries} entrées, chaîne intacte, "
            f"tête {report.head}"
        )
        return 0
    _list(journal, args)
    journal.check()  # after the listing: one line naming the first bad entry, exit 2
    return 0


def _list(journal: Journal, args: argparse.Namespace) -> None:
    if args.session is None:
        sessions = journal.sessions()
        if args.json:
            print(json.dumps([s.__dict__ for s in sessions], ensure_ascii=False, indent=2))
        elif not sessions:
            print(f"the journal of {journal.store.path} is empty")
        for s in [] if args.json else sessions:
            signed = "décision signée" if s.signed else "sans décision"
            print(
                f"{s.session}  {s.started_at[:16].replace('T', ' ')}  {s.entries:>3} entrées  "
                f"{signed}  {printable(s.title)}"
            )
        return
    journal.replay(args.session)  # an unknown session is bad input, named with the known ones
    entries = journal.entries(args.session)
    if args.json:
        print(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2))
        return
    for entry in entries:
        print(printable(_describe(entry)))


def _describe(entry: JournalEntry) -> str:
    at = entry.created_at[:19].replace("T", " ")
    p = entry.payload
    if entry.kind == "weights_submitted":
        weights = ", ".join(f"{k}={v:g}" for k, v in p["weights"].items())
        what = f"poids soumis ({p['profile']} v{p['version']}): {weights}"
    elif entry.kind == "scenarios_shown":
        what = f"scénarios affichés ({p.get('method', '')}): {', '.join(p['scenarios'])}"
    elif entry.kind == "decision_signed":
        memo = p.get("memo_sha256") or "pas de note"
        what = f"décision signée: {p['scenario']} (note sha256 {memo}) {p.get('note', '')}"
    elif entry.kind == "session_opened":
        what = f"séance ouverte: {p.get('title', '')}"
    elif entry.kind == "red_line_set":
        what = f"ligne rouge fixée: {p.get('line', '')} ({p.get('set_by', '')})"
    else:
        what = json.dumps(p, ensure_ascii=False)
    return f"#{entry.id}  {at} UTC  {entry.actor}: {what}"
