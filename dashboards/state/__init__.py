"""The dashboard's state: ``param.Parameterized`` classes that never import Panel.

Each class holds what a person has chosen (weights, method, study settings) and what ``decision``
computed from it (ranking, stability, robustness, Sobol indices). They can be driven and tested
without a server; the views in :mod:`copilote.dashboards.views` only render them.
"""

from copilote.dashboards.state.comparison import ComparisonState
from copilote.dashboards.state.decision_state import DecisionState
from copilote.dashboards.state.memo import MemoState
from copilote.dashboards.state.study import StudyState
from copilote.dashboards.state.weighting import WeightingState

__all__ = ["ComparisonState", "DecisionState", "MemoState", "StudyState", "WeightingState"]
