"""Hashing of inputs: SHA-256 of a canonical JSON of parsed values (memo, results, store).

The hash identifies *what was decided on*, not how the files were typed. It is computed from
parsed values, never from file bytes, so that

- reformatting a TOML or CSV file, reordering its keys or writing ``1`` for ``1.0`` leaves it
  unchanged;
- changing any value that reaches a number in the memo (a scenario lever, a parameter bound, a
  matrix cell, a weight, the method, the normalisation, the seed, N) changes it.

Canonical form: JSON with sorted keys, no spaces, UTF-8; every number (int or float, numpy or
not) written as a float rounded to 12 significant digits, so that ``0.1 + 0.2`` and ``0.3`` and
a weight typed ``0.4`` or computed as ``4 / 10`` hash alike; tuples and sets as lists (sets
sorted); dataclasses as dicts of their fields.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

#: Significant digits kept when a number enters the hash; beyond it, differences are noise of
#: floating-point arithmetic, not changes of input.
SIGNIFICANT_DIGITS = 12


def canonical_value(value: Any) -> Any:
    """``value`` turned into plain JSON types with numbers normalised (see module docstring)."""
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"cannot hash a non-finite number ({number})")
        rounded = float(f"{number:.{SIGNIFICANT_DIGITS}g}")
        return 0.0 if rounded == 0 else rounded  # -0.0 and 0.0 are the same input
    if isinstance(value, np.ndarray):
        return [canonical_value(v) for v in value.tolist()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return canonical_value({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if isinstance(value, Mapping):
        return {str(k): canonical_value(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((canonical_value(v) for v in value), key=_sort_key)
    if isinstance(value, list | tuple):
        return [canonical_value(v) for v in value]
    if hasattr(value, "__fspath__"):
        return str(value)
    raise TypeError(f"cannot hash a value of type {type(value).__name__}")


def canonical_json(value: Any) -> str:
    """The canonical JSON text of ``value``: sorted keys, compact, numbers normalised."""
    return json.dumps(
        canonical_value(value),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def sha256_of(value: Any) -> str:
    """Hex SHA-256 of the canonical JSON of ``value``."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
