"""The SQLite store: profiles, versions, validation, append-only, schema migrations, bad files."""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copilote.decision.errors import InputError
from copilote.decision.record.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Store,
    db_path,
    migrate,
    resolve_profile,
)

WEIGHTS = {"energy": 0.4, "cost": 0.3, "air": 0.2, "land": 0.1}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.sqlite3")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_add_show_and_versions(store: Store) -> None:
    first = store.add_profile(
        "elus", WEIGHTS, owner="Élus de Lens", owner_kind="group", comment="priorité au coût"
    )
    second = store.add_profile("elus", {"energy": 1, "cost": 1}, comment="révisé")
    assert (first.version, second.version) == (1, 2)
    assert second.owner == "Élus de Lens" and second.owner_kind == "group"
    assert store.profile("elus").weights.entered() == {"energy": 1.0, "cost": 1.0}
    assert store.profile("elus", version=1).weights.entered() == WEIGHTS
    assert store.profile("elus", version=1).comment == "priorité au coût"
    assert [p.version for p in store.versions("elus")] == [1, 2]
    [summary] = store.profiles()
    assert (summary.name, summary.versions, summary.comment) == ("elus", 2, "révisé")


def test_plain_list_keeps_its_order(store: Store) -> None:
    profile = store.add_profile("liste", [0.1, 0.2, 0.7])
    again = store.profile("liste")
    assert again.weights.names == () and again.weights.entered() == [0.1, 0.2, 0.7]
    assert profile.weights.entered() == [0.1, 0.2, 0.7]
    assert again.to_json()["weights"] == [0.1, 0.2, 0.7]


def test_owner_is_fixed_by_the_first_version(store: Store) -> None:
    store.add_profile("bailleurs", WEIGHTS, owner="Maisons & Cités", owner_kind="group")
    with pytest.raises(InputError, match="belongs to 'Maisons & Cités'"):
        store.add_profile("bailleurs", WEIGHTS, owner="quelqu'un d'autre")
    assert len(store.versions("bailleurs")) == 1


def test_unknown_profile_and_version_name_what_exists(store: Store) -> None:
    with pytest.raises(InputError, match="has none yet"):
        store.profile("nope")
    store.add_profile("elus", WEIGHTS)
    with pytest.raises(InputError, match="known: elus"):
        store.profile("nope")
    with pytest.raises(InputError, match="no version 7"):
        store.profile("elus", version=7)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"energy": float("nan")}, "finite"),
        ({"energy": float("inf")}, "finite"),
        ({"energy": -0.1, "cost": 1}, "negative"),
        ({"energy": 0, "cost": 0}, "all weights are zero"),
        ({"énergie avec espace": 1}, "not a criterion or indicator id"),
        ({"energy": "abc"}, "not a number"),
        ({}, "no weights"),
        ([], "no weights"),
    ],
)
def test_bad_weights_are_refused_and_nothing_is_saved(
    store: Store, weights: dict[str, float], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        store.add_profile("p", weights)
    assert store.profiles() == []


@pytest.mark.parametrize("name", ["", " ", "x" * 81, "tab\there"])
def test_bad_profile_names(store: Store, name: str) -> None:
    with pytest.raises(InputError, match="profile name"):
        store.add_profile(name, WEIGHTS)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["energy", "cost", "air", "land", "final_energy", "pm10"]),
        st.floats(min_value=0, max_value=1e6, allow_nan=False),
        min_size=1,
    ).filter(lambda d: sum(d.values()) > 0)
)
def test_weights_round_trip_exactly(weights: dict[str, float]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "s.sqlite3")
        store.add_profile("p", weights)
        assert store.profile("p").weights.entered() == weights


def test_wal_and_synchronous_full(store: Store) -> None:
    with store.connect() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE profile_version SET weights = '{\"cost\": 1}'",
        "DELETE FROM profile_version",
        "UPDATE profile SET owner = 'pirate'",
        "DELETE FROM profile",
        "UPDATE journal SET actor = 'pirate'",
        "DELETE FROM journal",
    ],
)
def test_history_is_append_only(store: Store, statement: str) -> None:
    store.add_profile("elus", WEIGHTS, owner="Élus")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO journal (session, kind, actor, payload, created_at)"
            " VALUES ('s', 'session_opened', 'a', '{}', 'now')"
        )
    raw = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute(statement)
    raw.close()
    elus = store.profile("elus")
    assert elus.weights.entered() == WEIGHTS and elus.owner == "Élus"
    with store.connect() as conn:
        assert conn.execute("SELECT actor FROM journal").fetchall() == [("a",)]


def test_migrates_a_version_1_file_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, 0, 1)
    conn.execute(
        "INSERT INTO profile (name, owner, owner_kind, created_at) "
        "VALUES ('elus', 'Élus', 'group', '2025-01-01T00:00:00+00:00')"
    )
    conn.execute(
        "INSERT INTO profile_version (profile_id, version, weights, comment, created_at) "
        "VALUES (1, 1, '{\"energy\": 2, \"cost\": 1}', 'ancien', '2025-01-01T00:00:00+00:00')"
    )
    conn.execute("COMMIT")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()

    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
    old = store.profile("elus")
    assert (old.version, old.weights.entered(), old.comment, old.author) == (
        1,
        {"energy": 2.0, "cost": 1.0},
        "ancien",
        "",
    )
    assert store.add_profile("elus", WEIGHTS, author="alice").version == 2
    raw = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("DELETE FROM profile_version")
    raw.close()
    assert store.integrity_check() == "ok"


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    Store(path).add_profile("elus", WEIGHTS)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = digest(path)
    with pytest.raises(InputError, match="newer than this Copilote"):
        Store(path)
    assert digest(path) == before


def test_other_programs_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "autre.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE compta (montant REAL)")
    conn.execute("INSERT INTO compta VALUES (12.5)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(InputError, match="another program"):
        Store(path)
    assert digest(path) == before


def test_garbage_file_is_refused_in_one_line_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"Ceci n'est pas une base SQLite.\n" * 200)
    before = digest(path)
    with pytest.raises(InputError, match="not a readable Copilote database") as info:
        Store(path)
    assert "\n" not in str(info.value)
    assert digest(path) == before


def test_truncated_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.sqlite3"
    store = Store(path)
    for i in range(80):
        store.add_profile(f"p{i}", WEIGHTS, comment="x" * 300)
    with store.connect() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\xff" * 300 + data[400 : len(data) // 2])
    with pytest.raises(InputError):
        Store(path).profiles()


def test_bad_locations(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        Store(tmp_path)
    with pytest.raises(InputError, match="does not exist"):
        Store(tmp_path / "missing" / "s.sqlite3")


def test_path_from_option_then_environment_then_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DECISION_DB", str(tmp_path / "env.sqlite3"))
    assert db_path(tmp_path / "opt.sqlite3") == tmp_path / "opt.sqlite3"
    assert db_path() == tmp_path / "env.sqlite3"
    monkeypatch.delenv("DECISION_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store()  # the default folder is created on first use
    assert store.path == tmp_path / "data" / "copilote" / "copilote.sqlite3"
    assert store.path.exists()


def test_resolve_profile(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    Store(db).add_profile("elus", WEIGHTS, owner="Élus")
    Store(db).add_profile("elus", {"energy": 1})
    assert resolve_profile("elus", db=db).weights.entered() == {"energy": 1.0}
    profile = resolve_profile("elus", db=str(db), version=1)
    assert profile.version == 1 and profile.owner == "Élus" and profile.weights.entered() == WEIGHTS
    assert math.isclose(sum(profile.weights.normalized().values()), 1.0)


def test_profile_weights_accept_integers_and_keep_order(store: Store) -> None:
    store.add_profile("p", {"land": 1, "air": 0, "cost": 3})
    assert list(store.profile("p").weights.entered()) == ["land", "air", "cost"]


# -- finding 7 (issue 17): a damaged page refused; a read-only store listed ----------------------
def test_a_damaged_page_mid_file_is_refused_before_any_write(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    store = Store(path)
    for i in range(200):
        store.add_profile(f"p{i}", WEIGHTS, comment="x" * 200)
    with store.connect() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    assert pages > 8
    data = bytearray(path.read_bytes())
    middle = (pages // 2) * page
    data[middle + 8 : middle + page] = b"\x5a" * (page - 8)  # keep the header, scramble the cells
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(InputError, match="is damaged"):
        Store(path).add_profile("new", WEIGHTS)
    assert digest(path) == before


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """``folder`` seen read-only: a read-only bind mount for root (chmod does not stop root),
    the folder and its files made read-only for anyone else."""
    if os.geteuid() == 0:
        view = folder.parent / f"{folder.name}-ro"
        view.mkdir()
        subprocess.run(["mount", "--bind", str(folder), str(view)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
            yield view
        finally:
            subprocess.run(["umount", "--lazy", str(view)], check=True)
        return
    for f in folder.iterdir():
        f.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def test_a_read_only_store_can_be_listed(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    store = Store(folder / "s.sqlite3")
    store.add_profile("elus", WEIGHTS, comment="COPIL de mars")
    from copilote.decision.record.journal import Journal

    Journal(store).open_session("mars", "anne", title="COPIL de mars")
    with read_only_folder(folder) as view:
        assert not os.access(view / "x", os.F_OK)
        ro = Store(view / "s.sqlite3")
        assert ro.read_only
        assert [p.name for p in ro.profiles()] == ["elus"]
        assert ro.profile("elus").comment == "COPIL de mars"
        assert Journal(ro).verify().intact and Journal(ro).sessions()[0].title == "COPIL de mars"
        with pytest.raises(InputError, match="read-only: it can be listed"):
            ro.add_profile("elus", WEIGHTS)
