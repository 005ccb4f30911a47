"""Land take."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from copilote.criteria.land import land_need, new_land_take


def test_land_need_is_jobs_over_density() -> None:
    assert_allclose(land_need(np.array([260.0, 780.0]), 20.0), [13.0, 39.0])


def test_brownfield_is_not_new_land() -> None:
    need = np.array([4.0, 13.0, 20.0])
    assert_allclose(new_land_take(need, 13.0), [0.0, 0.0, 7.0])
    assert_allclose(new_land_take(need, 0.0), need)
