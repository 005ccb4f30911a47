"""Copilote: multi-criteria decision support for territorial planning scenarios.

Everything Copilote installs lives under this one import name, so that it cannot clash with
other distributions (the package index has projects called ``decision``, ``criteria`` and
``scenarios``):

- :mod:`copilote.decision`: the engine (core, analysis, case, record, memo, command line);
- :mod:`copilote.criteria`: the criterion models;
- :mod:`copilote.scenarios`: scenario definitions;
- :mod:`copilote.dashboards`: the Panel dashboard;
- :mod:`copilote.data`: the bundled case's facts, with their sources.

In the repository these are the top-level folders of the design card; ``copilote/`` holds
links to them (so a checkout imports as the wheel does) and ``pyproject.toml`` maps them with
setuptools' ``package-dir`` when a wheel is built.
"""

from __future__ import annotations

__version__ = "0.2.0"
