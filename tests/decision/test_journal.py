"""The meeting journal: entries, submissions saved as profile versions, sign-off, replay."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from copilote.decision.errors import InputError
from copilote.decision.record.journal import Journal, check_session_id, new_session_id, replay
from copilote.decision.record.store import Store

MEMO = hashlib.sha256(b"note de decision").hexdigest()


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "j.sqlite3")


def meeting(journal: Journal) -> None:
    journal.open_session("copil-1", "anne", title="COPIL réseau de chaleur", case="lens_lievin")
    journal.submit_weights("copil-1", "alice", {"energy": 2, "cost": 1}, comment="élus")
    journal.show_scenarios("copil-1", "anne", ["raccordement", "fusion"], "topsis")
    journal.submit_weights("copil-1", "bruno", {"energy": 1, "cost": 3})
    journal.submit_weights("copil-1", "alice", {"energy": 1, "cost": 1})
    journal.sign_off(
        "copil-1",
        "anne",
        "fusion",
        weights={"energy": 0.5, "cost": 0.5},
        aggregation="geometric",
        memo_sha256=MEMO,
        note="unanimité",
    )


def test_replay_rebuilds_the_meeting_step_by_step(journal: Journal) -> None:
    meeting(journal)
    states = journal.replay("copil-1")
    assert [s.kind for s in states] == [
        "session_opened",
        "weights_submitted",
        "scenarios_shown",
        "weights_submitted",
        "weights_submitted",
        "decision_signed",
    ]
    assert states[0].title == "COPIL réseau de chaleur" and states[0].members == {}
    assert states[1].members == {"alice": {"energy": 2.0, "cost": 1.0}}
    assert states[2].shown == ("raccordement", "fusion") and states[2].method == "topsis"
    assert states[4].members == {
        "alice": {"energy": 1.0, "cost": 1.0},
        "bruno": {"energy": 1.0, "cost": 3.0},
    }
    assert states[4].decision is None
    assert states[5].decision is not None and states[5].decision["memo_sha256"] == MEMO
    assert states[5].decision["scenario"] == "fusion"
    # earlier states are not changed by later entries
    assert states[1].members == {"alice": {"energy": 2.0, "cost": 1.0}}
    assert replay("copil-1", journal.store) == states


def test_submissions_are_profile_versions(journal: Journal) -> None:
    meeting(journal)
    versions = journal.store.versions("alice")
    assert [v.weights.entered() for v in versions] == [
        {"energy": 2.0, "cost": 1.0},
        {"energy": 1.0, "cost": 1.0},
    ]
    assert versions[0].comment == "élus" and versions[0].author == "alice"
    entry = journal.entries("copil-1")[-2]
    assert entry.payload["profile"] == "alice" and entry.payload["version"] == 2


def test_sessions_listing(journal: Journal) -> None:
    meeting(journal)
    journal.open_session("copil-2", "anne", title="suite")
    journal.open_session("copil-2", "anne", title="ouverte deux fois")  # recorded once
    first, second = journal.sessions()
    assert (first.session, first.entries, first.signed) == ("copil-1", 6, True)
    assert (second.session, second.title, second.entries, second.signed) == (
        "copil-2",
        "suite",
        1,
        False,
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda j: j.append("s", "gossip", "a", {}), "kind 'gossip'"),
        (lambda j: j.append("bad id!", "session_opened", "a", {}), "session id"),
        (lambda j: j.append("s", "session_opened", "a", {"x": float("nan")}), "finite"),
        (lambda j: j.submit_weights("s", "alice", {"energy": -1}), "negative"),
        (
            lambda j: j.sign_off(
                "s", "f", "a", weights={}, aggregation="geometric", memo_sha256="abc"
            ),
            "SHA-256",
        ),
        (lambda j: j.replay("nowhere"), "unknown session 'nowhere'"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(journal: Journal, call, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=message):
        call(journal)
    assert journal.entries() == []
    assert journal.store.profiles() == []


def test_session_ids() -> None:
    generated = new_session_id()
    assert check_session_id(generated) == generated
    with pytest.raises(InputError):
        check_session_id("../etc/passwd")


def test_journal_shares_the_store_across_instances(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"
    Journal(db).open_session("s1", "anne", title="t")
    assert [e.kind for e in Journal(Store(db)).entries("s1")] == ["session_opened"]


# -- finding 4 (issue 17): the hash chain -------------------------------------------------------
def run_journal(db: Path, *args: str) -> tuple[int, str, str]:
    """``decision journal --db DB ARGS`` in a subprocess: (exit status, stdout, stderr)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "copilote", "journal", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def raw(db: Path):  # type: ignore[no-untyped-def]
    import sqlite3

    return sqlite3.connect(db, isolation_level=None)


def test_an_untouched_journal_verifies(journal: Journal) -> None:
    meeting(journal)
    report = journal.verify()
    assert report.intact and report.entries == 6 and report.head == journal.head()
    status, out, err = run_journal(journal.store.path, "--verify")
    assert status == 0 and "chaîne intacte" in out and report.head in out, err


def test_the_sign_off_records_the_chain_head(journal: Journal) -> None:
    journal.open_session("s", "anne")
    journal.submit_weights("s", "alice", {"energy": 1, "cost": 1})
    before = journal.head()
    signed = journal.sign_off(
        "s", "anne", "fusion", weights={"energy": 1}, aggregation="median", memo_journal_head=before
    )
    assert signed.payload["journal_head"] == before == signed.payload["memo_journal_head"]
    assert journal.head() != before


def test_an_inserted_forged_sign_off_is_named(journal: Journal) -> None:
    meeting(journal)
    conn = raw(journal.store.path)
    conn.execute(
        "INSERT INTO journal (session, kind, actor, payload, created_at) VALUES "
        "('copil-1', 'decision_signed', 'anne', '{\"scenario\": \"statu_quo\"}', '2026-01-01')"
    )
    conn.close()
    assert journal.verify().bad_entry == 7
    for args in ((), ("--verify",), ("--session", "copil-1")):
        status, _, err = run_journal(journal.store.path, *args)
        assert status == 2, (args, err)
        assert "entry #7 breaks the hash chain" in err and "Traceback" not in err


def test_an_edit_around_the_trigger_is_named(journal: Journal) -> None:
    meeting(journal)
    conn = raw(journal.store.path)
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute('UPDATE journal SET payload = \'{"scenario": "statu_quo"}\' WHERE id = 6')
    conn.execute(
        "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal "
        "BEGIN SELECT RAISE(ABORT, 'journal is append-only: UPDATE refused'); END"
    )
    conn.close()
    status, out, err = run_journal(journal.store.path)
    assert status == 2 and "entry #6" in err
    assert "copil-1" in out  # the listing is still printed, before the verdict


def test_a_removed_entry_is_named(journal: Journal) -> None:
    meeting(journal)
    conn = raw(journal.store.path)
    conn.execute("DROP TRIGGER journal_no_delete")
    conn.execute("DELETE FROM journal WHERE id = 3")
    conn.close()
    report = journal.verify()
    assert not report.intact and report.bad_entry == 4


def test_a_rewritten_chain_no_longer_ends_in_the_memos_head(journal: Journal) -> None:
    """Someone recomputing every hash after an edit makes a chain that holds, but the sign-off's
    recorded head (printed in the memo) no longer matches it."""
    from copilote.decision.record import chain

    meeting(journal)
    conn = raw(journal.store.path)
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET actor = 'mallory' WHERE id = 2")
    prev = chain.GENESIS
    for row in conn.execute(
        "SELECT id, session, kind, actor, payload, created_at FROM journal ORDER BY id"
    ).fetchall():
        import json

        prev = chain.entry_hash(prev, row[0], row[1], row[2], row[3], json.loads(row[4]), row[5])
        conn.execute("UPDATE journal SET chain = ? WHERE id = ?", (prev, row[0]))
    conn.close()
    report = journal.verify()
    assert report.bad_entry == 6 and "journal head" in report.reason


def test_a_version_2_store_gets_its_chain_when_opened(tmp_path: Path) -> None:
    """Existing stores migrate: their entries are linked, the triggers stay."""
    import sqlite3

    from copilote.decision.record.store import migrate

    path = tmp_path / "v2.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, 0, 2)
    for i, kind in enumerate(("session_opened", "weights_submitted", "decision_signed")):
        conn.execute(
            "INSERT INTO journal (session, kind, actor, payload, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            ("old", kind, "anne", '{"scenario": "fusion"}', f"2025-01-0{i + 1}T00:00:00+00:00"),
        )
    conn.execute("COMMIT")
    conn.close()
    journal = Journal(path)
    report = journal.verify()
    assert report.intact and report.entries == 3
    journal.submit_weights("old", "alice", {"energy": 1})
    assert journal.verify().intact and journal.verify().entries == 4
    conn = raw(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE journal SET actor = 'x'")
    conn.close()


def test_the_memo_prints_the_journal_head(tmp_path: Path) -> None:
    from copilote.decision.memo import render_memo

    head = "ab" * 32
    text = render_memo(None, fmt="md", n=16, journal_head=head).decode("utf-8")
    assert "Tête du journal de séance (SHA-256)" in text and head in text


# -- finding 7 (issue 17): text limits on the server, nothing raw on the terminal ----------------
def test_long_texts_are_refused_by_the_server(journal: Journal) -> None:
    journal.open_session("s", "anne")
    with pytest.raises(InputError, match="at most 300"):
        journal.submit_weights("s", "alice", {"energy": 1}, comment="x" * 2_000_000)
    with pytest.raises(InputError, match="at most 120"):
        journal.open_session("t", "anne", title="t" * 121)
    with pytest.raises(InputError, match="at most 500"):
        journal.sign_off(
            "s", "anne", "fusion", weights={"e": 1}, aggregation="mean", note="n" * 501
        )
    with pytest.raises(InputError, match="actor"):
        journal.append("s", "scenarios_shown", "\x1b[2J" + "a" * 100, {"scenarios": []})
    assert [e.kind for e in journal.entries("s")] == ["session_opened"]


def test_terminal_output_has_no_control_characters(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    journal = Journal(db)
    evil = "\x1b]0;pwned\x07\x1b[2Jvu\r\nfaux"
    journal.open_session("s", "anne", title=evil)
    journal.submit_weights("s", "alice", {"energy": 1}, comment=evil)
    for args in ((), ("--session", "s")):
        status, out, err = run_journal(db, *args)
        assert status == 0, err
        assert "\x1b" not in out and "\x07" not in out and "\r" not in out
        assert "vu faux" in out
    import subprocess
    import sys

    listed = subprocess.run(
        [sys.executable, "-m", "copilote", "profile", "list", "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "\x1b" not in listed.stdout and "vu faux" in listed.stdout
