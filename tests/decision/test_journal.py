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
    assert [v.weights for v in versions] == [
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
