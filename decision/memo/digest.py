"""The memo's name for the engine's hashing helpers (:mod:`copilote.decision.core.digest`)."""

from copilote.decision.core.digest import canonical_json, canonical_value, sha256_of

__all__ = ["canonical_json", "canonical_value", "sha256_of"]
