"""``python -m copilote.decision`` does what the ``decision`` command does."""

from copilote.decision.cli import main

raise SystemExit(main())
