"""Red lines in the dashboard (issue #16), without a server: the analyst's lines rank
inadmissible scenarios last, the committee reads the line crossed in plain French, and a line
set during a group session goes into the meeting journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilote.dashboards.group_state import GroupSessionState
from copilote.dashboards.state import DecisionState
from copilote.dashboards.state.red_lines import GROUP_STATE_ATTR, RedLineState
from copilote.decision.case.loading import load_case
from copilote.decision.record.journal import Journal
from copilote.decision.record.store import Store


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return load_case()


def test_the_cases_line_is_in_force_and_zoning_is_apart(case) -> None:  # type: ignore[no-untyped-def]
    decision = DecisionState(case)
    decision.set_weights({"cost": 1.0})  # zoning would come near the top on cost alone
    ranking = decision.ranking
    assert ranking["alternative"].iloc[-1] == "zoning"
    assert not ranking["admissible"].iloc[-1] and ranking["admissible"].iloc[:-1].all()
    (crossing,) = RedLineState(decision).crossings()
    assert crossing[0] == "zoning" and crossing[1] == "Zone d'activités en périphérie"
    assert crossing[2][0].startswith("prend 13,0\u00a0ha de terres nouvelles : au-delà de la ligne")


def test_without_lines_zoning_ranks_on_its_score(case) -> None:  # type: ignore[no-untyped-def]
    decision = DecisionState(case, red_lines=[])
    decision.set_weights({"cost": 1.0})
    assert decision.ranking["alternative"].iloc[-1] != "zoning"
    assert RedLineState(decision).crossings() == []


def test_analyst_adds_and_removes_a_line(case) -> None:  # type: ignore[no-untyped-def]
    decision = DecisionState(case)
    lines = RedLineState(decision, set_by="Élus de Lens")
    assert lines.add("nox<=reference")
    assert [line.text for line in decision.red_lines] == ["land_take<=0 ha", "nox<=reference"]
    assert decision.red_lines[1].set_by == "Élus de Lens"
    nox = case.performance()["nox"]
    above = set(nox.index[nox > nox["reference"]])
    apart = {alt for alt, _, _ in lines.crossings()}
    assert apart == above | {"zoning"}
    ranking = decision.ranking
    assert set(ranking["alternative"].iloc[-len(apart) :]) == apart
    lines.remove("nox<=reference")
    assert {alt for alt, _, _ in lines.crossings()} == {"zoning"}


def test_bad_line_is_one_line_and_changes_nothing(case) -> None:  # type: ignore[no-untyped-def]
    decision = DecisionState(case)
    lines = RedLineState(decision)
    assert not lines.add("nox<=refrence")
    assert "did you mean 'reference'" in lines.error and "\n" not in lines.error
    assert [line.text for line in decision.red_lines] == ["land_take<=0 ha"]


def test_line_set_in_a_group_session_is_journalled(case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "group.sqlite3")
    decision = DecisionState(case)
    group = GroupSessionState(decision.base_problem, store, login="anne", role="facilitator")
    assert group.open_session("COPIL 3")
    setattr(decision, GROUP_STATE_ATTR, group)
    lines = RedLineState(decision)
    assert lines.add("investment<=40000 k€")
    entries = Journal(store).entries(group.session_id)
    (entry,) = [e for e in entries if e.kind == "red_line_set"]
    assert entry.actor == "anne" and entry.payload["line"] == "investment<=40000 k€"
    assert lines.recorded == 1


def test_group_attribute_name_is_the_group_tabs() -> None:
    from copilote.dashboards import group

    assert group._STATE_ATTR == GROUP_STATE_ATTR
