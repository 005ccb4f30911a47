"""The dashboard's state: ``param.Parameterized`` classes that never import Panel.

Each class holds what a person has chosen (weights, method, study settings) and what ``decision``
computed from it (ranking, stability, robustness, Sobol indices). They can be driven and tested
without a server; the views in :mod:`dashboards.views` only render them.
"""

from dashboards.state.comparison import ComparisonState
from dashboards.state.decision_state import DecisionState
from dashboards.state.memo import MemoState
from dashboards.state.study import StudyState
from dashboards.state.weighting import WeightingState

__all__ = ["ComparisonState", "DecisionState", "MemoState", "StudyState", "WeightingState"]
