"""Commuting distances."""

from __future__ import annotations

import numpy as np
import pytest

from copilote.criteria.mobility import commute_distance


def test_commute_distance_counts_both_ways() -> None:
    # 100 jobs, all by car, 15 km one way, 220 days: 100 x 2 x 15 x 220 = 660,000 km.
    assert commute_distance(100, 1.0, 15.0, 220) == pytest.approx(660_000.0)


def test_reduction_and_car_share_scale_linearly() -> None:
    base = commute_distance(100, 1.0, 15.0, 220)
    assert commute_distance(100, 0.5, 15.0, 220, reduction=0.2) == pytest.approx(base * 0.4)


def test_vectorised() -> None:
    out = commute_distance(np.array([100.0, 200.0]), 0.9, 15.0, 220)
    assert out.shape == (2,)
    assert out[1] == pytest.approx(2 * out[0])
