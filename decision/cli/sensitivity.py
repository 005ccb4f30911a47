"""``decision sensitivity``: not written yet."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, help_text: str) -> None:  # type: ignore[type-arg]
    """Add the ``sensitivity`` sub-command."""
    parser = sub.add_parser("sensitivity", help=help_text)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Not written yet."""
    raise NotImplementedError("decision sensitivity")
