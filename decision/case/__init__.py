"""The case: loading a case folder, its parameters and scenarios, and evaluating them."""

# The case kinds other than the criteria model register their readers with loading.load_case.
from copilote.decision.case import table as _table  # noqa: F401
