"""Decision memos: what the committee compared and decided, in PDF, HTML or Markdown.

A memo says what was compared, with which weights (and whose) and which method, what came
first, how robust that is, which data it rests on, and carries what is needed to reproduce every
number: the SHA-256 of the canonical inputs, N, the seed, the versions and the date.

Public API::

    render_memo(source, *, weights=None, method="topsis", normalization=None, fmt="pdf",
                lang="fr", n=1024, seed=1, weights_owner=None, types=None, study=None,
                progress=None) -> bytes

    build_memo(source, **same keywords but fmt) -> Memo     # the content, worded in `lang`
    render(memo, fmt) -> bytes                               # "pdf", "html" (UTF-8), "md" (UTF-8)
    inputs_digest(subject, *, method, normalization, n, seed) -> str   # hex SHA-256

``source`` is what the command line's ``load_source`` returns (``decision.cli.common.Source``),
a ``decision.case.loading.Case``, a ``DecisionProblem`` (a table), a path to a case or CSV file
(with
``types`` for a CSV), or None for the bundled case. ``weights`` are applied as ``--weights``
is: ``{criterion or indicator: weight}`` or a list in order, normalised; None keeps the source's
own. ``weights_owner`` names whose weights they are (a profile's owner); without it the memo says
"pondération saisie" (or the defaults). ``study`` may hand over a sensitivity result already
computed with the same N, seed and method (the dashboard's), so it is not run twice.

Reproducibility: the same inputs give the same numbers; with ``SOURCE_DATE_EPOCH`` set (the
date of the memo), the same bytes in every format.
"""

from __future__ import annotations

from typing import Any

from copilote.decision.errors import InputError
from copilote.decision.memo.content import (
    DEFAULT_N,
    DEFAULT_SEED,
    Memo,
    Subject,
    build_memo,
    inputs_digest,
    resolve_subject,
)

#: Formats by name -> file extension.
FORMATS = {"pdf": "pdf", "html": "html", "md": "md"}

__all__ = [
    "DEFAULT_N",
    "DEFAULT_SEED",
    "FORMATS",
    "Memo",
    "Subject",
    "build_memo",
    "inputs_digest",
    "render",
    "render_memo",
    "resolve_subject",
]


def render(memo: Memo, fmt: str = "pdf") -> bytes:
    """The memo in format ``fmt`` (``pdf``, ``html`` or ``md``) as bytes (UTF-8 for text)."""
    if fmt == "pdf":
        from copilote.decision.memo.render_pdf import render_pdf

        return render_pdf(memo)
    if fmt == "html":
        from copilote.decision.memo.render_html import render_html

        return render_html(memo).encode("utf-8")
    if fmt == "md":
        from copilote.decision.memo.render_md import render_markdown

        return render_markdown(memo).encode("utf-8")
    raise InputError(f"unknown memo format '{fmt}': expected one of {', '.join(FORMATS)}")


def render_memo(
    source: Any,
    *,
    weights: Any = None,
    method: str = "topsis",
    normalization: str | None = None,
    fmt: str = "pdf",
    lang: str = "fr",
    n: int = DEFAULT_N,
    seed: int = DEFAULT_SEED,
    weights_owner: str | None = None,
    types: str | None = None,
    study: Any = None,
    progress: Any = None,
    journal_head: str | None = None,
    red_lines: Any = None,
) -> bytes:
    """The decision memo for ``source`` under these settings, as bytes in format ``fmt``.

    This is what ``decision memo`` writes and what the dashboard's "Exporter la note de
    décision" button downloads. Bad input raises :class:`copilote.decision.errors.InputError`.
    ``journal_head``: the meeting journal's hash-chain head, printed in the provenance section
    of a memo made for a sign-off (the journal records it too: see decision/record/chain.py).
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown memo format '{fmt}': expected one of {', '.join(FORMATS)}")
    memo = build_memo(
        source,
        weights=weights,
        method=method,
        normalization=normalization,
        lang=lang,
        n=n,
        seed=seed,
        weights_owner=weights_owner,
        types=types,
        study=study,
        progress=progress,
        red_lines=red_lines,
    )
    if journal_head is not None:
        import dataclasses

        from copilote.decision.memo.text import t

        row = (t("prov_journal", lang), journal_head)
        provenance = dataclasses.replace(memo.provenance, rows=(*memo.provenance.rows, row))
        memo = dataclasses.replace(memo, provenance=provenance)
    return render(memo, fmt)
