"""Land take of an activity programme.

References
----------
.. [1] Reference-data.md §5: gross job densities, peripheral activity zones (ZAE) 20 (12–35)
   jobs/ha, mixed urban fabric 60 (35–100) jobs/ha; land take = jobs / density.
.. [2] Loi Climat et Résilience (22 August 2021): re-using an already artificialised site
   (a brownfield) does not count as new land take under the ZAN trajectory.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def land_need(jobs: ArrayLike, job_density: ArrayLike) -> Array:
    """Gross land a programme occupies [1]_.

    Parameters:
        jobs: jobs [-].
        job_density: gross job density [emplois/ha].

    Returns:
        land [ha].
    """
    return np.asarray(jobs, dtype=float) / np.asarray(job_density, dtype=float)


def new_land_take(need: ArrayLike, brownfield: ArrayLike) -> Array:
    """Newly artificialised land: what the programme needs beyond the brownfield it re-uses [2]_.

    A = max(0, need − brownfield)

    Parameters:
        need: gross land the programme occupies [ha].
        brownfield: already artificialised land available to it [ha].

    Returns:
        new land take [ha].
    """
    return np.maximum(0.0, np.asarray(need, dtype=float) - np.asarray(brownfield, dtype=float))
