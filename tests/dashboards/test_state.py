"""The dashboard's state classes, driven without a server, on the bundled case.

Every number the state shows must be the one ``decision`` gives for the same choice; these tests
compare them, and check what the state itself adds (rescaling the other weights, relabelling).
"""

from __future__ import annotations

import numpy as np
import pytest

from copilote.dashboards.state import (
    ComparisonState,
    DecisionState,
    MemoState,
    StudyState,
    WeightingState,
)
from copilote.decision.analysis.explain import criterion_contributions
from copilote.decision.analysis.sensitivity import DEFAULT_N, run_study, stability_intervals
from copilote.decision.case.loading import load_case
from copilote.decision.core.mcda import evaluate
from copilote.decision.errors import InputError
from copilote.decision.record.store import Store


@pytest.fixture(scope="module")
def case():
    return load_case()


@pytest.fixture
def state(case):
    return DecisionState(case)


def test_ranking_is_decisions_for_equal_weights(state, case):
    expected = evaluate(case.problem({c.id: 1.0 for c in case.criteria}), "topsis")
    ranking = state.ranking.set_index("alternative")
    for alternative, score, rank in zip(
        case.problem().alternatives, expected.scores, expected.ranks, strict=True
    ):
        assert ranking.loc[alternative, "score"] == pytest.approx(score, abs=1e-12)
        assert ranking.loc[alternative, "rank"] == rank
    assert list(ranking["rank"]) == sorted(ranking["rank"])  # best first


def test_moving_a_weight_rescales_the_others_in_proportion(state):
    before = dict(state.criterion_weights)
    state.set_criterion_weight("cost", 0.6)
    after = state.criterion_weights
    assert after["cost"] == pytest.approx(0.6)
    assert sum(after.values()) == pytest.approx(1.0)
    others = [c for c in before if c != "cost"]
    # in proportion (0.4 / 0.75 of each), then to whole percentages summing to 100: the weights
    # used are exactly the percentages the sliders show (13.33 % -> 13 or 14 %)
    for c in others:
        assert after[c] == pytest.approx(before[c] * 0.4 / 0.75, abs=0.01)
    percents = [100 * v for v in after.values()]
    assert percents == pytest.approx([round(p) for p in percents], abs=1e-9)
    assert sum(round(p) for p in percents) == 100


def test_whole_percents_sum_to_100():
    from copilote.dashboards.state.decision_state import whole_percents

    assert whole_percents({"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}
    assert whole_percents({"a": 0.125, "b": 0.375, "c": 0.5}) == {"a": 13, "b": 37, "c": 50}
    assert sum(whole_percents({k: 1 / 7 for k in "abcdefg"}).values()) == 100
    assert whole_percents({"a": 0.0, "b": 0.0}) == {"a": 0, "b": 0}


def test_undo_and_back_to_the_agreed_weights(state):
    agreed = dict(state.criterion_weights)
    state.set_criterion_weight("cost", 0.6)
    moved = dict(state.criterion_weights)
    state._last_change = 0.0  # a later, separate gesture
    state.set_criterion_weight("air", 0.1)
    assert state.can_undo
    state.undo()
    assert state.criterion_weights == moved
    state.reset_weights()
    assert state.criterion_weights == agreed
    assert state.ranking_key == state.current_key
    state.undo()  # the reset itself can be taken back
    assert state.criterion_weights == moved
    state.undo()
    assert state.criterion_weights == agreed
    assert not state.can_undo


def test_ranking_follows_the_weights_as_decision_ranks_them(state, case):
    state.set_criterion_weight("energy", 0.7)
    expected = evaluate(case.problem(dict(state.criterion_weights)), "topsis")
    got = state.ranking.set_index("alternative").loc[list(case.problem().alternatives)]
    np.testing.assert_allclose(got["score"], expected.scores, atol=1e-12)


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_bad_weight_is_bad_input(state, bad):
    with pytest.raises(InputError, match="energy"):
        state.set_criterion_weight("energy", bad)


def test_unknown_criterion_is_bad_input(state):
    with pytest.raises(InputError, match="unknown criterion 'price'"):
        state.set_criterion_weight("price", 0.3)


def test_stepping_out_of_the_stability_interval_changes_the_first(state):
    """The interval under a slider says where the first stays first: check it either side."""
    state.refresh_slow()
    first = state.first
    moved = False
    for name, interval in zip(state.stability.weights, state.stability.intervals, strict=True):
        criterion = name.removeprefix("w:")
        lo, hi = interval.top
        for outside, inside in ((lo - 0.02, lo + 0.02), (hi + 0.02, hi - 0.02)):
            if not 0.0 <= outside <= 1.0:
                continue
            probe = DecisionState(state.case)
            probe.set_criterion_weight(criterion, inside)
            assert probe.first == first, (criterion, inside)
            probe.set_criterion_weight(criterion, outside)
            assert probe.first != first, (criterion, outside)
            moved = True
    assert moved, "no weight can change the first: the case would not test anything"


def test_slow_figures_are_decisions(state, case):
    state.set_criterion_weight("air", 0.4)
    assert state.slow_stale
    state.refresh_slow()
    assert not state.slow_stale
    expected = stability_intervals(state.problem, "topsis", level="criterion")
    assert state.stability.weights == tuple(expected) == tuple(f"w:{c.id}" for c in state.criteria)
    for name, interval in expected.items():
        assert state.stability.interval(name).top == pytest.approx(interval.top)
    # typed, labelled by the criteria, keyed by the ranking they bound
    assert state.stability.labels("en") == tuple(c.label_en for c in state.criteria)
    assert state.stability.inputs.method == "topsis"
    key = dict(state.stability.inputs.weights)
    assert list(key) == list(state.problem.indicator_ids)
    assert list(key.values()) == pytest.approx(list(state.problem.weights), abs=1e-12)
    # the badges are the rank-1 shares of the memo's own study: same N, seed and draws
    study = run_study(case, n=DEFAULT_N, seed=1, weights=state.engine_weights())
    shares = {a: s[0] for a, s in study.rank_acceptability.items()}
    assert state.robustness == pytest.approx(shares, abs=1e-12)
    assert sum(state.robustness.values()) == pytest.approx(1.0)
    assert state.slow_key == state.current_key == state.why_key


def test_stale_figures_are_not_stored_over_newer_weights(state):
    figures = state.compute_slow()
    state.set_criterion_weight("land", 0.05)
    assert state.apply_slow(figures) is False
    assert state.slow_stale


@pytest.mark.parametrize("method", ["topsis", "vikor", "spotis"])
def test_why_contributions_add_up_to_the_lead(state, method):
    state.method = method
    a, b = state.ranking["alternative"].iloc[0], state.ranking["alternative"].iloc[-1]
    state.compare_a, state.compare_b = a, b
    result = evaluate(state.problem, method)
    index = list(state.problem.alternatives)
    gap = result.scores[index.index(a)] - result.scores[index.index(b)]
    if result.lower_is_better:
        gap = -gap
    assert gap > 0
    why = state.why
    assert (why.a, why.b, why.method) == (a, b, method)
    assert sum(why.contributions) == pytest.approx(gap, rel=1e-9, abs=1e-12)
    assert why.lead == pytest.approx(gap, rel=1e-9, abs=1e-12)
    # the value keeps both languages: switching the page's language recomputes nothing
    assert why.labels("fr") == tuple(c.label_fr for c in state.criteria)
    assert why.names("en") == (state.case.scenario(a).name_en, state.case.scenario(b).name_en)


def test_why_gives_nothing_to_a_criterion_where_both_are_equal(case):
    problem = case.problem()
    land = [k for k, ind in enumerate(problem.indicators) if ind.criterion == "land"]
    equal = [
        (a, b)
        for i, a in enumerate(problem.alternatives)
        for j, b in enumerate(problem.alternatives)
        if i < j and np.allclose(problem.matrix[i, land], problem.matrix[j, land])
    ]
    assert equal, "the bundled case should have two scenarios with the same land take"
    a, b = equal[0]
    assert criterion_contributions(problem, a, b)["land"] == 0.0


def test_language_relabels_scenarios(state, case):
    scenario = case.scenarios[0]
    state.lang = "en"
    assert scenario.name_en in set(state.ranking["label"])
    state.lang = "fr"
    assert scenario.name_fr in set(state.ranking["label"])


def test_indicator_weights_split_into_criterion_and_local(state):
    ids = state.problem.indicator_ids
    weights = {i: float(k + 1) for k, i in enumerate(ids)}
    state.set_indicator_weights(weights)
    total = sum(weights.values())
    np.testing.assert_allclose(state.problem.weights, [weights[i] / total for i in ids])
    assert state.engine_weights() == pytest.approx({i: weights[i] / total for i in ids})


@pytest.mark.parametrize("method", ["swing", "ahp", "objective"])
def test_weighting_methods_propose_and_apply(state, method):
    weighting = WeightingState(state, method=method)
    if method == "objective":
        weighting.objective = "critic"
    if method == "swing":
        weighting.swing_points = {"energy": 100, "cost": 50, "air": 25, "land": 25}
    if method == "ahp":
        # energy three times as important as each other criterion: consistent (CR = 0)
        judgements = dict(weighting.ahp_judgements)
        judgements.update({"energy|cost": 3, "energy|air": 3, "energy|land": 3})
        weighting.ahp_judgements = judgements
    assert not weighting.error
    assert sum(weighting.proposal.values()) == pytest.approx(1.0)
    weighting.apply()
    if weighting.proposal_level == "criterion":
        assert state.criterion_weights == pytest.approx(weighting.proposal)
    else:
        np.testing.assert_allclose(
            state.problem.weights, [weighting.proposal[i] for i in state.problem.indicator_ids]
        )
    if method == "swing":
        assert state.criterion_weights["energy"] == pytest.approx(0.5)
    if method == "ahp":
        assert weighting.consistency_ratio == pytest.approx(0.0, abs=1e-9)
        assert state.criterion_weights["energy"] == pytest.approx(0.5)
        assert state.criterion_weights["cost"] == pytest.approx(1 / 6)


def test_undefined_objective_weights_are_reported_not_applied(state):
    """Entropy needs positive values; the bundled case has 0 ha of land take in places."""
    before = dict(state.criterion_weights)
    weighting = WeightingState(state, method="objective", objective="entropy")
    assert "entropy" in weighting.error
    weighting.apply()
    assert state.criterion_weights == before


def test_study_runs_and_reports_progress(state):
    study = StudyState(state, n=128)
    seen = []
    study.param.watch(lambda e: seen.append(e.new), "progress")
    result = study.run()
    assert study.error == ""
    assert result is not None
    assert {"outputs", "rank_acceptability", "verdict_fr", "verdict_en"} <= set(result.to_json())
    assert result.n == 128 and result.seed == 1
    assert result.stability_answer().labels("fr") == tuple(c.label_fr for c in state.criteria)
    assert seen[-1] == 1.0 and len(seen) >= 3
    assert seen == sorted(seen)
    assert not study.running


def test_study_with_nothing_to_vary_says_so(state):
    study = StudyState(state, over=[])
    assert study.run() is None
    assert study.error


def test_comparison_agrees_with_itself_and_lists_every_method(state):
    comparison = ComparisonState(state)
    table = comparison.refresh()
    from copilote.decision.core.methods import METHODS

    assert set(table["method"]) == set(METHODS)
    own = table.set_index("method").loc["topsis"]
    assert own["agreement"] == pytest.approx(1.0)
    vikor = evaluate(state.problem, "vikor").ranks
    row = table.set_index("method").loc["vikor"]
    assert [row[a] for a in state.problem.alternatives] == list(vikor)


def test_memo_of_current_state(state):
    state.set_criterion_weight("cost", 0.5)
    memo = MemoState(state, StudyState(state), fmt="md")
    text = memo.render().decode("utf-8")
    assert state.alternative_label(state.first) in text
    assert "50" in text  # the cost weight, in %


def test_profile_sets_weights(tmp_path, case):
    from copilote.dashboards.app import apply_profile

    db = tmp_path / "store.sqlite3"
    Store(db).add_profile("elus", {"energy": 1, "cost": 3}, owner="élus")
    state = DecisionState(case)
    apply_profile(state, "elus", str(db))
    assert state.criterion_weights == pytest.approx(
        {"energy": 0.25, "cost": 0.75, "air": 0.0, "land": 0.0}
    )
    assert state.weights_owner == "élus"


def test_language_switch_leaves_no_stale_view_watching(case):
    """Rebuilding the page in another language must not leave the old views subscribed."""
    from copilote.dashboards.views.shell import DashboardView, _watchers

    view = DashboardView(DecisionState(case))
    counts = [len(_watchers(view.state))]
    for lang in ("en", "fr", "en"):
        view.lang.value = lang
        counts.append(len(_watchers(view.state)))
    assert counts[1] == counts[2] == counts[3]
    assert view.state.lang == "en"


def test_robustness_badge_uses_the_chosen_normalisation(state, case):
    """The badge is decision.analysis.sensitivity.robustness under the session's normalisation,
    which
    gives other shares than the method's default one on the bundled case."""
    state.normalization = "max"
    state.refresh_slow()

    def first_shares(**kw):
        study = run_study(case, n=DEFAULT_N, seed=1, weights=state.engine_weights(), **kw)
        return {a: s[0] for a, s in study.rank_acceptability.items()}

    chosen, default = first_shares(normalization="max"), first_shares()
    assert chosen != pytest.approx(default)
    assert state.robustness == pytest.approx(chosen)


def test_method_switch_offers_only_what_ranks_the_case(state):
    """WSM's own sum normalisation is undefined on a 0 ha land take: the state moves to the
    first working one instead of keeping the TOPSIS ranking under an English error."""
    before = state.ranking_key
    state.method = "wsm"
    assert state.normalization == "minmax"
    assert state.error == ""
    assert state.ranking_key == state.current_key != before
    assert "sum" not in state.choices["wsm"] and None not in state.choices["wsm"]
    state.method = "copras"
    assert state.normalization == "default" and state.ranking_key == state.current_key


def test_slow_figures_of_other_inputs_are_never_stored(state):
    state.defer_why = True  # as on a served page: 'why' follows with the slow figures
    state.refresh_slow()
    old = state.compute_slow()
    assert state.slow_ready()
    state.method = "vikor"  # the badges, bands and 'why' of TOPSIS are now stale
    assert not state.slow_ready()
    assert state.why_key != state.current_key
    assert state.apply_slow(old) is False
    assert not state.slow_ready() and state.slow_key != state.current_key
    state.refresh_slow()
    assert state.slow_ready() and state.why_key == state.current_key
    assert state.study is not None and state.study.method == "vikor"
    # COPRAS ranks the nominal case, but some plausible draws give a scenario 0 on every
    # weighted cost: the study fails, and what is kept is the failure, not TOPSIS's figures
    state.method = "copras"
    state.refresh_slow()
    assert state.slow_ready() and "COPRAS" in state.slow_error
    assert state.robustness == {} and state.study is None and state.stability is None


def test_a_choice_that_cannot_be_ranked_leaves_no_ranking_on_screen(state):
    state.param.update(method="topsis")
    state.normalization = "sum"  # not offered on this case; set as a script could
    assert state.normalization == "default"  # put back on a working one
    state.choices = {**state.choices, "topsis": (None, "sum")}  # pretend it were offered
    state.normalization = "sum"
    assert state.error  # the engine's reason, for the analyst
    assert state.ranking_key != state.current_key  # the committee page must not draw it
    figures = state.compute_slow()
    assert figures["error"] == "ranking"
    assert state.apply_slow(figures) and state.slow_error


def test_screen_and_memo_give_the_same_percentages(state, case):
    """For the same state (weights, method, N, seed, draws) the badges on screen are the
    memo's «premier dans … %»: the memo, built on its own without the screen's study, finds
    the same share of first places for every scenario, written the same way."""
    from copilote.dashboards.i18n import fmt_percent
    from copilote.decision.memo import DEFAULT_N as MEMO_N
    from copilote.decision.memo import DEFAULT_SEED as MEMO_SEED
    from copilote.decision.memo import build_memo
    from copilote.decision.memo.text import format_share

    state.set_criterion_weight("cost", 0.4)
    state.refresh_slow()
    settings = {
        "weights": state.engine_weights(),
        "method": state.method,
        "normalization": state.normalization_or_none,
        "lang": "fr",
        "n": MEMO_N,
        "seed": MEMO_SEED,
    }
    memo = build_memo(case, **settings)
    memo_shares = {r.id: r.share_first for r in memo.ranking}
    assert memo_shares == pytest.approx(state.robustness, abs=1e-12)
    for alternative, share in state.robustness.items():
        assert fmt_percent(share, "fr") == format_share(memo_shares[alternative], "fr")
    # and the memo reuses the screen's study when handed it (no second run, same figures)
    asked = {
        "weights": state.engine_weights(),
        "method": state.method,
        "normalization": state.normalization_or_none,
        "n": MEMO_N,
        "seed": MEMO_SEED,
        "over": ("weights", "parameters"),
    }
    study = state.study_for(asked)
    assert study is not None
    handed = build_memo(case, **settings, study=study)
    assert handed.ranking == memo.ranking and handed.stability == memo.stability
    state.set_criterion_weight("cost", 0.3)  # another state: its study is not handed over
    assert state.study_for({**asked, "weights": state.engine_weights()}) is None


def test_guided_weighting_gives_swing_weights_and_is_journaled(state, tmp_path):
    """Answers in words -> swing points -> decision.core.weights.swing -> the committee's
    weights, in whole percentages, recorded in the journal like any submission."""
    from copilote.dashboards.state.guided import ANSWERS, GuidedWeighting
    from copilote.decision.core.weights import swing
    from copilote.decision.record.journal import Journal

    guided = GuidedWeighting(state)
    guided.most = "air"
    guided.answer("energy", "half")
    assert guided.proposal == {}  # not every question answered yet
    guided.answer("cost", "same")
    guided.answer("land", "hardly")
    points = [ANSWERS["half"], ANSWERS["same"], 100, ANSWERS["hardly"]]  # energy cost air land
    expected = swing(points, ["energy", "cost", "air", "land"])
    assert list(guided.proposal.values()) == pytest.approx(list(expected))
    db = str(tmp_path / "journal.sqlite3")
    entry = guided.apply(db)
    assert entry
    assert state.percents() == {"energy": 20, "cost": 39, "air": 39, "land": 2}
    assert sum(state.percents().values()) == 100
    assert state.agreed_weights == state.criterion_weights  # "back to agreed" returns here
    kinds = [e.kind for e in Journal(db).entries()]
    assert kinds == ["session_opened", "weights_submitted"]
    submitted = Journal(db).entries()[-1].payload["weights"]
    assert submitted == pytest.approx(state.criterion_weights)


def test_units_follow_the_language():
    from copilote.dashboards.i18n import fmt_value
    from copilote.decision.numbers import unit_label

    assert fmt_value(31170, "MWh/an", "fr") == "31\u202f170\u00a0MWh/an"
    assert fmt_value(31170, "MWh/an", "en") == "31,170\u00a0MWh/yr"
    assert unit_label("t CO2e/an", "en") == "t CO2e/yr"
    assert unit_label("ha", "en") == "ha"
