"""The group-session state, without a server: submissions, roles, sign-off, replay, escaping."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from copilote.dashboards.group_state import GroupSessionState
from copilote.decision.core.problem import Criterion, DecisionProblem, Indicator
from copilote.decision.record.group import analyse
from copilote.decision.record.journal import Journal
from copilote.decision.record.store import Store

CRITERIA = (
    Criterion("energy", "Énergie", "Energy"),
    Criterion("cost", "Coût", "Cost"),
    Criterion("air", "Qualité de l'air", "Air quality"),
)
PROBLEM = DecisionProblem(
    ("raccordement", "fusion", "statu_quo"),
    (
        Indicator("heat", "Chaleur livrée", "Heat delivered", "MWh/an", "max", "energy"),
        Indicator("capex", "Investissement", "Investment", "k€", "min", "cost"),
        Indicator("nox", "NOx", "NOx", "t/an", "min", "air"),
    ),
    np.array([[12000.0, 3500.0, 4.1], [15000.0, 6000.0, 3.2], [8000.0, 0.0, 6.5]]),
    np.ones(3),
    CRITERIA,
)


class AppState:
    """What the group tab reads of the dashboard's DecisionState."""

    base_problem = PROBLEM
    case = None
    lang = "fr"
    method = "topsis"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "group.sqlite3")


def person(store: Store, login: str, role: str = "member", **params) -> GroupSessionState:  # type: ignore[no-untyped-def]
    # English: the assertions read the messages in English; French has its own test
    return GroupSessionState(PROBLEM, store, login=login, role=role, **{"lang": "en", **params})


def test_members_submit_and_the_facilitator_sees_them(store: Store) -> None:
    anne = person(store, "anne", "facilitator")
    assert anne.open_session("COPIL Lens", session_id="copil-1"), anne.error
    alice = person(store, "alice")
    bruno = person(store, "bruno")
    assert alice.session_id == bruno.session_id == "copil-1"  # joined the open session
    alice.weights = {"energy": 80, "cost": 10, "air": 10}
    bruno.weights = {"energy": 10, "cost": 70, "air": 20}
    assert alice.submit() and bruno.submit(), (alice.error, bruno.error)
    assert anne.refresh() is True
    assert anne.refresh() is False  # nothing new: no recomputation
    assert set(anne.members) == {"alice", "bruno"}
    expected = analyse(PROBLEM, anne.members)
    assert anne.analysis is not None
    np.testing.assert_allclose(anne.analysis.group_weights, expected.group_weights)
    np.testing.assert_allclose(anne.analysis.member_ranks, expected.member_ranks)
    # a submission is a profile version
    assert store.profile("alice").weights.entered() == {"energy": 80.0, "cost": 10.0, "air": 10.0}
    alice.weights = {"energy": 50, "cost": 50, "air": 0}
    assert alice.submit() and alice.message == "alice v2"
    anne.refresh()
    assert anne.members["alice"] == {"energy": 50.0, "cost": 50.0, "air": 0.0}


def test_aggregation_switch_recomputes(store: Store) -> None:
    anne = person(store, "anne", "facilitator", aggregation="geometric")
    anne.open_session("t", session_id="s")
    for login, weights in [
        ("a", {"energy": 1, "cost": 0, "air": 1}),
        ("b", {"energy": 1, "cost": 2, "air": 1}),
    ]:
        other = person(store, login)
        other.weights = weights
        assert other.submit(), other.error
    anne.refresh()
    assert anne.analysis.group_weight_map["cost"] == 0.0  # geometric: a's 0 is a veto
    anne.aggregation = "median"
    assert anne.analysis.aggregation == "median"
    assert anne.analysis.group_weight_map["cost"] > 0.0


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda s: setattr(s, "login", ""), "enter your name"),
        (
            lambda s: setattr(s, "weights", {"energy": 0, "cost": 0, "air": 0}),
            "all weights are zero",
        ),
        (lambda s: setattr(s, "weights", {"energy": float("nan")}), "finite"),
    ],
)
def test_bad_submissions_are_reported_and_not_saved(store: Store, setup, message) -> None:  # type: ignore[no-untyped-def]
    Journal(store).open_session("s", "anne")
    member = person(store, "alice")
    setup(member)
    assert member.submit() is False
    assert message in member.error
    assert store.profiles() == []


def test_only_the_facilitator_signs_off(store: Store) -> None:
    anne = person(store, "anne", "facilitator")
    anne.open_session("t", session_id="s")
    alice = person(store, "alice")
    alice.submit()
    assert alice.sign_off("fusion") is False and "only the facilitator" in alice.error
    anne.refresh()
    memo = b"%PDF-1.7 la note"
    assert anne.sign_off("fusion", note="unanime", memo=memo), anne.error
    assert anne.decision["memo_sha256"] == hashlib.sha256(memo).hexdigest()
    assert anne.decision["weights"] == pytest.approx(anne.analysis.group_weight_map)
    assert anne.sign_off("fusion") is False and "already signed" in anne.error
    alice.refresh()
    assert alice.submit() is False and "already signed" in alice.error
    assert anne.sign_off("nowhere") is False


def test_no_sign_off_when_the_weights_moved_while_the_memo_was_made(store: Store) -> None:
    anne = person(store, "anne", "facilitator")
    anne.open_session("t", session_id="s")
    alice = person(store, "alice")
    alice.submit()
    anne.refresh()
    basis = anne.memo_basis()  # taken when the memo starts
    bob = person(store, "bob")
    bob.weights = {"energy": 1, "cost": 3, "air": 1}
    assert bob.submit(), bob.error
    anne.refresh()  # the poller brings bob's weights in while the memo is being made
    assert not anne.sign_off("fusion", memo=b"%PDF made before bob", basis=basis)
    assert "changed while the memo was being made" in anne.error and anne.decision is None
    assert anne.sign_off("fusion", memo=b"%PDF made again", basis=anne.memo_basis()), anne.error


def test_authenticated_member_cannot_open_sessions(store: Store) -> None:
    alice = person(store, "alice", authenticated=True)
    assert alice.open_session("t") is False and "only the facilitator" in alice.error


def test_sign_off_with_the_real_memo(store: Store) -> None:
    anne = person(store, "anne", "facilitator", memo_n=16)
    anne.open_session("t", session_id="s")
    alice = person(store, "alice")
    alice.submit()
    anne.refresh()
    memo = anne.render_memo()
    assert memo.startswith(b"%PDF")
    assert anne.sign_off("raccordement", memo=memo), anne.error
    entry = Journal(store).entries("s")[-1]
    assert entry.payload["memo_sha256"] == hashlib.sha256(memo).hexdigest()


def test_replay_steps_through_the_session(store: Store) -> None:
    anne = person(store, "anne", "facilitator")
    anne.open_session("t", session_id="s")
    for login in ("alice", "bruno"):
        p = person(store, login)
        p.weights = {"energy": 3 if login == "alice" else 1, "cost": 1, "air": 1}
        p.submit()
    assert anne.show_scenarios()
    viewer = person(store, "carole", "facilitator")
    assert viewer.load_replay("s")
    assert len(viewer.replay_states) == 4 and viewer.replay_step == 3
    assert viewer.replay_analysis().members == ("alice", "bruno")
    viewer.replay_step = 1
    assert set(viewer.replay_state.members) == {"alice"}
    viewer.replay_step = 0
    assert viewer.replay_analysis() is None
    assert viewer.load_replay("nope") is False and "unknown session" in viewer.error


def test_view_escapes_what_people_type(store: Store) -> None:
    from copilote.dashboards.group import group_view

    evil = "<script>alert('x')</script>"
    app_state = AppState()
    view = group_view(app_state, store)
    view.state.login = evil
    view.state.open_session(evil, session_id="s")
    view.state.weights = {"energy": 1, "cost": 1, "air": 1}
    view.state.comment = "<img src=x onerror=alert(1)> coût d'abord"
    assert view.state.submit(), view.state.error
    view.state.role = "facilitator"
    view.state.refresh(force=True)
    assert view.state.sign_off("fusion", note="<b onmouseover=alert(2)>vu</b>"), view.state.error
    html_out = view.dashboard.object + view.identity.object
    assert evil not in html_out and "<img" not in html_out and "<b onmouseover" not in html_out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html_out
    # the comment and the note are shown to the facilitator, escaped
    assert "&lt;img src=x onerror=alert(1)&gt; coût d&#x27;abord" in html_out
    assert "&lt;b onmouseover=alert(2)&gt;vu&lt;/b&gt;" in html_out
    assert group_view(app_state, store).state is view.state  # kept across rebuilds


def test_a_closed_sessions_group_state_is_freed(store: Store) -> None:
    """Nothing module-level keeps a session's objects alive (memory falls back after meetings)."""
    import gc
    import weakref

    from copilote.dashboards.group import group_view

    app_state = AppState()
    view = group_view(app_state, store)
    group_view(app_state, store)  # a rebuild (language switch) reuses the state
    ref = weakref.ref(view.state)
    del view, app_state
    gc.collect()
    assert ref() is None


def test_the_tabs_own_messages_are_in_french_on_a_french_page(store: Store) -> None:
    alice = person(store, "alice", lang="fr")
    assert alice.submit() is False
    assert alice.error == "aucune séance n'est encore ouverte"
    assert alice.sign_off("fusion") is False
    assert alice.error == "seul l'animateur peut valider une décision"


def test_only_the_facilitator_replays_a_session(store: Store) -> None:
    """Finding 1 (issue 17): a replay holds every member's weights; the server refuses it to a
    member (before, the hidden replay widgets of a member's page sent it all)."""
    anne = person(store, "anne", "facilitator", authenticated=True)
    anne.open_session("t", session_id="s")
    alice = person(store, "alice", authenticated=True)
    alice.weights = {"energy": 80, "cost": 10, "air": 10}
    assert alice.submit()
    bruno = person(store, "bruno", authenticated=True)
    assert not bruno.load_replay("s")
    assert bruno.replay_states == [] and "only the facilitator" in bruno.error
    assert bruno.replay_state is None and bruno.replay_analysis() is None
    assert not bruno.show_scenarios()
    bruno.role = "facilitator"  # what a crafted message from the page would try
    assert bruno.role == "member" and not bruno.load_replay("s")
    assert anne.load_replay("s") and anne.replay_state is not None
    assert anne.replay_state.members == {"alice": {"energy": 80.0, "cost": 10.0, "air": 10.0}}


# -- issue 14.6 --------------------------------------------------------------------------------
def test_a_member_who_arrived_early_joins_the_session_opened_later(store: Store) -> None:
    alice = person(store, "alice")
    assert alice.session_id == ""
    anne = person(store, "anne", "facilitator")
    assert anne.open_session("COPIL", session_id="copil-2")
    assert alice.follow_sessions() and alice.session_id == "copil-2"
    assert not alice.follow_sessions()  # nothing new
    alice.weights = {"energy": 80, "cost": 10, "air": 10}
    assert alice.submit(), alice.error
    # a later session does not pull away a member who has submitted in hers
    assert anne.open_session("autre", session_id="copil-3")
    assert not alice.follow_sessions() and alice.session_id == "copil-2"
    assert [s[0] for s in alice.sessions] == ["copil-3", "copil-2"]
    # the facilitator is never moved
    anne.session_id = "copil-2"
    assert anne.open_session("x", session_id="copil-4") and anne.session_id == "copil-4"
    anne.session_id = "copil-2"
    person(store, "bruno", "facilitator").open_session("y", session_id="copil-5")
    assert not anne.follow_sessions() and anne.session_id == "copil-2"


def test_sign_off_proposes_the_groups_first_and_mean_is_the_default(store: Store) -> None:
    anne = person(store, "anne", "facilitator")
    assert anne.aggregation == "mean"
    anne.open_session("t", session_id="s")
    for login, weights in [
        ("a", {"energy": 1, "cost": 0, "air": 1}),
        ("b", {"energy": 1, "cost": 1, "air": 1}),
    ]:
        other = person(store, login)
        other.weights = weights
        assert other.submit(), other.error
    anne.refresh()
    assert anne.analysis is not None and anne.analysis.aggregation == "mean"
    assert anne.analysis.group_weight_map["cost"] > 0.0  # one member's 0 is no veto
    expected = analyse(PROBLEM, anne.members, aggregation="mean")
    first = expected.alternatives[int(np.argmin(expected.group_ranks))]
    assert anne.group_first == first
    anne.weights = {}
    for login in ("c", "d", "e"):
        other = person(store, login)
        other.weights = {"energy": 0, "cost": 1, "air": 0}
        assert other.submit()
    anne.refresh()
    assert anne.group_first == "statu_quo"  # cheapest once cost dominates
