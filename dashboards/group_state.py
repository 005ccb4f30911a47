"""State of a group session: who submitted which weights, what the group makes of them.

Panel-free (``param`` only), so it is driven and tested without a server. Every number comes
from :mod:`decision.record.group`; every record goes through
:class:`decision.record.journal.Journal` (the
store): a submission is a new version of the member's profile plus a journal entry, a sign-off is
a journal entry carrying the decision memo's SHA-256. Several browser sessions (the members'
laptops and the facilitator's) share one session id and see each other's submissions through the
store; :meth:`GroupSessionState.refresh` reads what is new.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import param

from copilote.decision.core.methods import METHODS
from copilote.decision.core.problem import DecisionProblem
from copilote.decision.errors import InputError
from copilote.decision.record.group import AGGREGATIONS, GroupAnalysis, analyse
from copilote.decision.record.journal import (
    Journal,
    SessionState,
    check_session_id,
    memo_digest,
    new_session_id,
)
from copilote.decision.record.store import Store

ROLES = ("member", "facilitator")
#: How each aggregation is named in the memo (French, English).
AGGREGATION_NAMES: dict[str, tuple[str, str]] = {
    "mean": ("moyenne arithmétique", "arithmetic mean"),
    "geometric": ("moyenne géométrique", "geometric mean"),
    "median": ("médiane", "median"),
}


#: This tab's own messages (French, English); the engine's errors stay as it words them.
MESSAGES: dict[str, tuple[str, str]] = {
    "only_facilitator_open": (
        "seul l'animateur peut ouvrir une séance",
        "only the facilitator can open a session",
    ),
    "name_before_open": (
        "indiquez votre nom avant d'ouvrir une séance",
        "enter your name before opening a session",
    ),
    "name_before_submit": (
        "indiquez votre nom avant de soumettre vos poids",
        "enter your name before submitting your weights",
    ),
    "no_session": (
        "aucune séance n'est encore ouverte",
        "no session is open yet",
    ),
    "already_signed": (
        "la décision de cette séance est déjà validée",
        "this session's decision is already signed off",
    ),
    "no_weights": (
        "aucun poids soumis : rien à décider pour l'instant",
        "no weights submitted yet: nothing to decide on",
    ),
    "only_facilitator_sign": (
        "seul l'animateur peut valider une décision",
        "only the facilitator can sign off a decision",
    ),
    "only_facilitator_replay": (
        "seul l'animateur peut rejouer une séance",
        "only the facilitator can replay a session",
    ),
    "only_facilitator_show": (
        "seul l'animateur peut afficher les scénarios pour la séance",
        "only the facilitator can put the scenarios on screen for the session",
    ),
    "weights_moved": (
        "les poids du groupe ont changé pendant que la note était produite : validez à nouveau",
        "the group weights changed while the memo was being made: sign off again",
    ),
}


class GroupSessionState(param.Parameterized):
    """One person's view of a group session.

    Args:
        problem: the decision problem (scenarios x indicators); members weigh its criteria.
        store: the store (a :class:`Store`, a path, or None for ``$DECISION_DB``/the default).
        memo_source: what :func:`copilote.decision.memo.render_memo` is given to write the memo at
            sign-off (the case); None uses ``problem``.
    """

    lang = param.Selector(default="fr", objects=["fr", "en"])
    login = param.String(default="", doc="Who this person is (their login, or a typed name).")
    role = param.Selector(default="member", objects=list(ROLES))
    authenticated = param.Boolean(
        default=False, doc="True when the login comes from the server's authentication."
    )
    session_id = param.String(default="", doc="The session everyone works in.")
    weights = param.Dict(default={}, doc="This person's draft: criterion id -> weight (>= 0).")
    comment = param.String(default="", doc="Why these weights (free text, shown escaped).")
    aggregation = param.Selector(default="mean", objects=list(AGGREGATIONS))
    method = param.Selector(default="topsis", objects=list(METHODS))
    normalization = param.String(default=None, allow_None=True)

    # -- read from the store / computed by decision (read-only for views) ----------------------
    sessions = param.List(default=[], doc="Known sessions, latest first: (id, title, signed).")
    members = param.Dict(default={}, doc="Member -> their latest weights in this session.")
    comments = param.Dict(default={}, doc="Member -> the comment of their latest submission.")
    analysis = param.Parameter(
        default=None, doc="copilote.decision.record.group.GroupAnalysis or None."
    )
    decision = param.Dict(default=None, allow_None=True, doc="The sign-off payload, if any.")
    last_entry = param.Integer(default=0, doc="Id of the last journal entry seen.")
    message = param.String(default="", doc="Last confirmation, one line.")
    error = param.String(default="", doc="Last bad input, one line.")
    memo_bytes = param.Parameter(default=None, doc="The memo signed off (PDF bytes).")
    replay_states = param.List(
        default=[], doc="copilote.decision.record.journal.SessionState of a past session."
    )
    replay_step = param.Integer(default=0, bounds=(0, None))
    memo_n = param.Integer(default=1024, bounds=(16, None), doc="Sobol N of the memo's study.")

    def __init__(
        self,
        problem: DecisionProblem,
        store: Store | str | None = None,
        memo_source: Any = None,
        **params: Any,
    ) -> None:
        self.problem = problem
        self.memo_source = memo_source
        self.journal = Journal(store)
        self._lock = threading.Lock()
        self._memo_journal_head: str | None = None
        if not params.get("weights"):
            params["weights"] = dict(problem.criterion_weights)
        super().__init__(**params)
        # With authentication the role comes from the credentials file, once: nothing the page
        # sends may change it (see _role_changed).
        self._fixed_role = self.role if self.authenticated else None
        self.refresh_sessions()
        if not self.session_id and self.sessions:
            open_ones = [s for s in self.sessions if not s[2]]
            self.session_id = (open_ones or self.sessions)[0][0]
        self.refresh(force=True)

    # -- identity ------------------------------------------------------------------------------
    @property
    def is_facilitator(self) -> bool:
        """True for the facilitator (sees everyone, signs off)."""
        return self.role == "facilitator"

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        """The criteria members weigh, in order."""
        return tuple(c.id for c in self.problem.criteria)

    # -- reading the store ---------------------------------------------------------------------
    def refresh_sessions(self) -> None:
        """The list of sessions in the journal, latest first (set only when it changed, so that
        a poll with nothing new redraws nothing)."""
        sessions = [(s.session, s.title, s.signed) for s in reversed(self.journal.sessions())]
        if sessions != self.sessions:
            self.sessions = sessions

    def follow_sessions(self) -> bool:
        """Re-read the session list; a member joins a session opened since they arrived.

        Issue 14.6: a member who opened the page before the facilitator opened the session
        stayed on the old one. A member moves to the newest session opened since the last look
        when they are in none, in one already signed off, or have not submitted in theirs yet
        (nothing of theirs is left behind). The facilitator chooses for themself. Returns True
        if this person moved."""
        before = {s[0] for s in self.sessions}
        self.refresh_sessions()
        opened = [s[0] for s in self.sessions if not s[2] and s[0] not in before]
        if self.is_facilitator or not opened or opened[0] == self.session_id:
            return False
        signed = any(sid == self.session_id and done for sid, _, done in self.sessions)
        if self.session_id and not signed and self.login.strip() in self.members:
            return False
        self.session_id = opened[0]
        return True

    @property
    def group_first(self) -> str | None:
        """The scenario the group's weights put first (what sign-off proposes), if any."""
        if self.analysis is None:
            return None
        best = int(np.argsort(self.analysis.group_ranks, kind="stable")[0])
        return str(self.analysis.alternatives[best])

    def refresh(self, force: bool = False) -> bool:
        """Read the session's entries; recompute the analysis if something new came in.

        Cheap when nothing changed (one indexed query), so views may call it every few seconds.
        Returns True if the state changed.
        """
        with self._lock:
            if not self.session_id:
                changed = bool(self.members) or self.analysis is not None
                self.param.update(
                    members={}, comments={}, analysis=None, decision=None, last_entry=0
                )
                return changed
            entries = self.journal.entries(self.session_id)
            last = entries[-1].id if entries else 0
            if not force and last == self.last_entry:
                return False
            members: dict[str, dict[str, float]] = {}
            comments: dict[str, str] = {}
            decision = None
            for e in entries:
                if e.kind == "weights_submitted":
                    members[e.actor] = dict(e.payload["weights"])
                    comments[e.actor] = str(e.payload.get("comment", ""))  # older entries: none
                elif e.kind == "decision_signed":
                    decision = dict(e.payload)
            self.param.update(
                members=members,
                comments=comments,
                decision=decision,
                last_entry=last,
                analysis=self._analyse(members),
            )
            return True

    def _analyse(self, members: Mapping[str, Mapping[str, float]]) -> GroupAnalysis | None:
        if not members:
            return None
        try:
            result = analyse(
                self.problem,
                members,
                aggregation=self.aggregation,
                method=self.method,
                normalization=self.normalization,
            )
        except InputError as err:
            self.error = str(err)
            return None
        self.error = ""
        return result

    @param.depends("aggregation", "method", "normalization", watch=True)
    def _settings_changed(self) -> None:
        self.analysis = self._analyse(self.members)

    @param.depends("role", watch=True)
    def _role_changed(self) -> None:
        if self._fixed_role is not None and self.role != self._fixed_role:
            self.role = self._fixed_role

    @param.depends("session_id", watch=True)
    def _session_changed(self) -> None:
        self.refresh(force=True)

    # -- actions -------------------------------------------------------------------------------
    def _say(self, key: str) -> str:
        """One of this tab's own messages, in the session's language."""
        fr, en = MESSAGES[key]
        return fr if self.lang == "fr" else en

    def _guard(self, action: Callable[[], str]) -> bool:
        """Run ``action``; its message or the bad input's one line ends up in the state."""
        try:
            message = action()
        except InputError as err:
            self.param.update(error=str(err), message="")
            return False
        self.param.update(error="", message=message)
        return True

    def open_session(self, title: str, session_id: str | None = None) -> bool:
        """Start a new session (facilitator, or anyone when the server has no authentication)."""

        def act() -> str:
            if self.authenticated and not self.is_facilitator:
                raise InputError(self._say("only_facilitator_open"))
            if not self.login.strip():
                raise InputError(self._say("name_before_open"))
            sid = check_session_id(session_id or new_session_id())
            self.journal.open_session(sid, self.login, title=title.strip())
            self.refresh_sessions()
            self.session_id = sid
            return sid

        return self._guard(act)

    def set_weight(self, criterion_id: str, value: float) -> None:
        """Change one criterion's weight in the draft (any value >= 0; shares are taken later)."""
        if criterion_id not in self.criterion_ids:
            raise InputError(f"unknown criterion '{criterion_id}'")
        value = float(value)
        if not np.isfinite(value) or value < 0:
            raise InputError(f"weight of '{criterion_id}' is {value}, expected >= 0")
        self.weights = {**self.weights, criterion_id: value}

    def submit(self) -> bool:
        """Submit the draft: a new version of this member's profile and a journal entry."""

        def act() -> str:
            login = self.login.strip()
            if not login:
                raise InputError(self._say("name_before_submit"))
            if not self.session_id:
                raise InputError(self._say("no_session"))
            if self.decision is not None:
                raise InputError(self._say("already_signed"))
            entry = self.journal.submit_weights(
                self.session_id, login, dict(self.weights), comment=self.comment
            )
            self.refresh()
            return f"{login} v{entry.payload['version']}"

        return self._guard(act)

    def show_scenarios(self) -> bool:
        """Record, for the journal, that the scenarios were put on screen with this method."""

        def act() -> str:
            if self.authenticated and not self.is_facilitator:
                raise InputError(self._say("only_facilitator_show"))
            if not self.session_id:
                raise InputError(self._say("no_session"))
            self.journal.show_scenarios(
                self.session_id, self.login or "?", list(self.problem.alternatives), self.method
            )
            self.refresh()
            return "ok"

        return self._guard(act)

    def record_red_line(self, line: Any) -> bool:
        """Record in the journal a red line set during this session (issue #16)."""

        def act() -> str:
            if not self.session_id:
                raise InputError(self._say("no_session"))
            self.journal.set_red_line(self.session_id, self.login or "?", line.to_json())
            self.refresh()
            return "ok"

        return self._guard(act)

    def render_memo(self) -> bytes:
        """The decision memo (PDF) under the group's weights, from :mod:`copilote.decision.memo`."""
        from copilote.decision.memo import render_memo

        if self.analysis is None:
            raise InputError(self._say("no_weights"))
        fr, en = AGGREGATION_NAMES[self.aggregation]
        label = fr if self.lang == "fr" else en
        owner = (
            f"{'groupe' if self.lang == 'fr' else 'group'} ({len(self.analysis.members)}, {label})"
        )
        # The memo prints the journal's head; the sign-off records which head that was.
        self._memo_journal_head = self.journal.head()
        return render_memo(
            self.memo_source if self.memo_source is not None else self.problem,
            weights=self.analysis.group_weight_map,
            method=self.method,
            normalization=self.normalization,
            fmt="pdf",
            lang=self.lang,
            n=self.memo_n,
            weights_owner=owner,
            journal_head=self._memo_journal_head,
        )

    def memo_basis(self) -> tuple[str, tuple[tuple[str, float], ...]] | None:
        """What a memo made now rests on: the aggregation and the group weights."""
        if self.analysis is None:
            return None
        return self.aggregation, tuple(sorted(self.analysis.group_weight_map.items()))

    def sign_off(
        self,
        scenario: str,
        note: str = "",
        memo: bytes | None = None,
        basis: tuple[str, tuple[tuple[str, float], ...]] | None = None,
    ) -> bool:
        """Facilitator only: record the decision with the group weights and the memo's hash.

        ``memo`` is the memo's bytes (see :meth:`render_memo`); its SHA-256 goes in the journal.
        ``basis`` is :meth:`memo_basis` taken before the memo was made: if a submission or the
        aggregation changed the group weights meanwhile, nothing is signed (the journal would
        otherwise pair these weights with a memo made from others).
        """

        def act() -> str:
            if memo is not None and basis is not None and basis != self.memo_basis():
                raise InputError(self._say("weights_moved"))
            if not self.is_facilitator:
                raise InputError(self._say("only_facilitator_sign"))
            if self.analysis is None:
                raise InputError(self._say("no_weights"))
            if scenario not in self.problem.alternatives:
                raise InputError(
                    f"unknown scenario '{scenario}': expected one of "
                    f"{', '.join(self.problem.alternatives)}"
                )
            if self.decision is not None:
                raise InputError(self._say("already_signed"))
            digest = memo_digest(memo) if memo is not None else None
            self.journal.sign_off(
                self.session_id,
                self.login,
                scenario,
                weights=self.analysis.group_weight_map,
                aggregation=self.aggregation,
                memo_sha256=digest,
                note=note,
                memo_journal_head=self._memo_journal_head if memo is not None else None,
            )
            self.memo_bytes = memo
            self.refresh()
            self.refresh_sessions()
            return digest or ""

        return self._guard(act)

    # -- replay --------------------------------------------------------------------------------
    def load_replay(self, session_id: str) -> bool:
        """Facilitator only: load a past session's states, one per journal entry, at the last
        step. A replay holds every member's individual weights, which a member never receives
        (the check is here, on the server: hiding the widgets in a member's page is not enough)."""

        def act() -> str:
            if not self.is_facilitator:
                raise InputError(self._say("only_facilitator_replay"))
            states = self.journal.replay(session_id)
            self.param.update(replay_states=states, replay_step=len(states) - 1)
            return session_id

        return self._guard(act)

    @property
    def replay_state(self) -> SessionState | None:
        """The replayed session's state at ``replay_step`` (None unless facilitator)."""
        if not self.replay_states or not self.is_facilitator:
            return None
        return self.replay_states[min(self.replay_step, len(self.replay_states) - 1)]

    def replay_analysis(self) -> GroupAnalysis | None:
        """The group analysis as it stood at the replayed step."""
        state = self.replay_state
        if state is None or not state.members or not self.is_facilitator:
            return None
        aggregation = (state.decision or {}).get("aggregation", self.aggregation)
        try:
            return analyse(
                self.problem,
                state.members,
                aggregation=aggregation,
                method=state.method or self.method,
            )
        except InputError as err:
            self.error = str(err)
            return None
