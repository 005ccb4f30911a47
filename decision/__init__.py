"""Copilote's decision engine: decision problems, MCDA methods, sensitivity, memos, store."""

from __future__ import annotations

__version__ = "0.1.0"
