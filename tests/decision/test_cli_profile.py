"""``decision profile`` and ``decision journal`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilote.decision.cli import main
from copilote.decision.record.journal import Journal


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DECISION_DB", str(path))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_add_list_show(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "profile",
        "add",
        "elus",
        "--weights",
        "energy=0.4,cost=0.3,air=0.2,land=0.1",
        "--owner",
        "Élus de Lens",
        "--owner-kind",
        "group",
        "--comment",
        "priorité au coût",
    )
    assert status == 0 and "version 1" in out
    status, out, _ = run(capsys, "profile", "add", "elus", "--weights", "0,25;0,25;0,25;0,25")
    assert status == 0 and "version 2" in out

    status, out, _ = run(capsys, "profile", "list", "--json")
    [listed] = json.loads(out)
    assert listed["name"] == "elus" and listed["versions"] == 2
    assert listed["owner"] == "Élus de Lens" and listed["owner_kind"] == "group"

    status, out, _ = run(capsys, "profile", "show", "elus", "--version", "1", "--json")
    shown = json.loads(out)
    assert shown["weights"] == {"energy": 0.4, "cost": 0.3, "air": 0.2, "land": 0.1}
    assert shown["comment"] == "priorité au coût"

    status, out, _ = run(capsys, "profile", "show", "elus")
    assert status == 0 and "elus v2" in out and "25.0%" in out
    status, out, _ = run(capsys, "profile", "list")
    assert "elus" in out and "v2" in out


def test_db_option_beats_environment(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.sqlite3"
    assert run(capsys, "profile", "add", "x", "--weights", "1,2,3,4", "--db", str(other))[0] == 0
    assert run(capsys, "profile", "list", "--json")[1].strip() == "[]"
    assert json.loads(run(capsys, "profile", "list", "--json", "--db", str(other))[1])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["profile", "add", "x", "--weights", "energy=-1"], "negative"),
        (["profile", "add", "x", "--weights", "energy=nan"], "finite"),
        (["profile", "add", "x", "--weights", "energy=0,cost=0"], "all weights are zero"),
        (["profile", "add", "x", "--weights", "energy=abc"], "not a number"),
        (["profile", "add", "x"], "--weights"),
        (["profile", "add", "p", "--weights", "nrj=1"], "profile 'p': unknown name 'nrj'"),
        (["profile", "add", "p", "--weights", "energy=1,ghg=1"], "not both"),
        (["profile", "add", "p", "--weights", "1,2"], "2 numbers; expected 4"),
        (["profile", "show", "nope"], "unknown profile 'nope'"),
        (["profile", "show", "x", "--version", "deux"], "invalid int"),
        (["profile", "list", "--db", "/nonexistent-folder/s.sqlite3"], "does not exist"),
        (["journal", "--session", "nowhere"], "unknown session 'nowhere'"),
        (["profile"], "ACTION"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, _out, err = run(capsys, *argv)
    assert status == 2
    assert err.startswith("decision: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_name_the_case_does_not_know_is_refused_before_saving(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = run(capsys, "profile", "add", "p", "--weights", "nrj=1")
    assert status == 2 and "unknown name 'nrj'; expected criteria (energy, cost" in err
    assert json.loads(run(capsys, "profile", "list", "--json")[1]) == []
    # An indicator of the case is a name it knows: saved, then used by rank as given.
    assert run(capsys, "profile", "add", "p", "--weights", "ghg=1")[0] == 0
    ranked = json.loads(run(capsys, "rank", "--profile", "p", "--json")[1])
    assert ranked["weights"][ranked["indicators"].index("ghg")] == pytest.approx(1.0)


def test_corrupt_store_is_reported_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"\x00garbage" * 1000)
    status, _, err = run(capsys, "profile", "list", "--db", str(path))
    assert status == 2 and "not a readable Copilote database" in err
    assert path.read_bytes() == b"\x00garbage" * 1000


def test_journal_listing_and_session(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "empty" in run(capsys, "journal")[1]
    journal = Journal(db)
    journal.open_session("copil-1", "anne", title="COPIL Lens")
    journal.submit_weights("copil-1", "alice", {"energy": 2, "cost": 1})
    journal.sign_off(
        "copil-1",
        "anne",
        "fusion",
        weights={"energy": 1},
        aggregation="geometric",
        memo_sha256="a" * 64,
    )
    status, out, _ = run(capsys, "journal")
    assert status == 0 and "copil-1" in out and "décision signée" in out and "COPIL Lens" in out
    status, out, _ = run(capsys, "journal", "--session", "copil-1")
    lines = out.strip().splitlines()
    assert len(lines) == 3 and "alice" in lines[1] and "a" * 64 in lines[2]
    entries = json.loads(run(capsys, "journal", "--session", "copil-1", "--json")[1])
    assert [e["kind"] for e in entries] == [
        "session_opened",
        "weights_submitted",
        "decision_signed",
    ]
    sessions = json.loads(run(capsys, "journal", "--json")[1])
    assert sessions[0]["session"] == "copil-1" and sessions[0]["signed"] is True


def test_rank_with_profiles_saved_as_names_or_as_a_list(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A profile entered as a plain list ranks like the same list given to --weights."""
    assert run(capsys, "profile", "add", "cost-first", "--weights", "1,4,1,1")[0] == 0
    assert (
        run(capsys, "profile", "add", "named", "--weights", "energy=1,cost=4,air=1,land=1")[0] == 0
    )
    status, by_list, err = run(capsys, "rank", "--profile", "cost-first", "--json")
    assert status == 0, err
    status, by_name, err = run(capsys, "rank", "--profile", "named", "--json")
    assert status == 0, err
    status, direct, _ = run(capsys, "rank", "--weights", "energy=1,cost=4,air=1,land=1", "--json")
    ranking = json.loads(direct)["alternatives"]
    assert json.loads(by_name)["alternatives"] == ranking
    assert json.loads(by_list)["alternatives"] == ranking
