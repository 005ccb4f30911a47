"""``decision rank``: not written yet."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, help_text: str) -> None:  # type: ignore[type-arg]
    """Add the ``rank`` sub-command."""
    parser = sub.add_parser("rank", help=help_text)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Not written yet."""
    raise NotImplementedError("decision rank")
