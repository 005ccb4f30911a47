"""Copilote's decision engine, by layer (each a subpackage, imported in this order):

- ``core``: decision problems, MCDA methods and batched kernels, weights, tables;
- ``analysis``: sensitivity (Sobol), acceptability, stability, tipping points, verdict, explanation;
- ``case``: loading a case, its parameters and scenarios, evaluating them;
- ``record``: the SQLite store, the meeting journal, group sessions, authentication;
- ``memo``: the decision memo (Markdown, HTML, PDF);
- ``cli``: the ``decision`` command, the only front-end inside the engine.

A layer imports only the layers above it; ``tests/test_architecture.py`` holds the rules.
"""
