"""``python -m decision`` does what the ``decision`` command does."""

from decision.cli import main

raise SystemExit(main())
