"""Commuting to an activity programme.

References
----------
.. [1] INSEE Première n° 1605 (2016): median home–work distance 15 km (2013).
.. [2] Reference-data.md §5: car share of commutes, peripheral activity zone 85–95 % versus mixed
   urban fabric 55–75 % (unverified priors); commute reduction in a mixed fabric 0–40 %.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def commute_distance(
    jobs: ArrayLike,
    car_share: ArrayLike,
    one_way_distance: ArrayLike,
    working_days: ArrayLike,
    reduction: ArrayLike = 0.0,
) -> Array:
    """Car-kilometres driven by the employees of a programme each year [1]_ [2]_.

    D = N · s_car · 2 · d · (1 − r) · n_days

    Parameters:
        jobs: jobs N [-].
        car_share: share of commutes made by car s_car [-].
        one_way_distance: home–work distance d [km].
        working_days: commuting days per year n_days [j/an].
        reduction: relative reduction of the distance r [-].

    Returns:
        car distance [km/an].
    """
    return (
        np.asarray(jobs, dtype=float)
        * np.asarray(car_share, dtype=float)
        * 2.0
        * np.asarray(one_way_distance, dtype=float)
        * (1.0 - np.asarray(reduction, dtype=float))
        * np.asarray(working_days, dtype=float)
    )
