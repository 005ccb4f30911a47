"""40 simultaneous dashboard sessions against ``decision serve`` for several minutes.

What a COPIL with 40 laptops does to the server: every session is a real headless Chromium page
(Playwright, Debian's /usr/bin/chromium) on the served dashboard. Each one, at random moments
(seeded), moves a committee weight slider or submits the member's weights in the group-session
tab (a profile version and a journal entry in the store). The benchmark reports:

- errors: JavaScript errors and console errors in the pages, websockets closed while a session
  was live, actions that failed or timed out, and server log lines with a traceback or ERROR
  (none expected);
- the server's resident memory (RSS, from /proc) before any session, during (peak and mean),
  just after the pages close and once the server has dropped the closed sessions (``decision
  serve --session-minutes`` sets how long a closed session is kept for a reconnection; the
  benchmark uses 0.5 min so that it can see them go), each as a ratio to the "before" figure
  measured in the same run;
- the store afterwards: every acknowledged submission is in the journal, integrity ``ok``.

Only loopback traffic: the server binds 127.0.0.1.

Usage::

    python benchmarks/bench_sessions.py                 # 40 sessions, 3 minutes
    python benchmarks/bench_sessions.py --minutes 5
    python benchmarks/bench_sessions.py --quick         # 6 sessions, 20 s: a smoke run
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
SESSION = "bench-copil"


@dataclass
class Tally:
    """What happened in the pages."""

    actions: int = 0
    submissions: int = 0
    errors: list[str] = field(default_factory=list)
    load_seconds: list[float] = field(default_factory=list)
    external: dict[str, int] = field(default_factory=dict)
    external_urls: set[str] = field(default_factory=set)


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` [MB], from /proc/PID/status (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(tmp: Path, port: int) -> tuple[subprocess.Popen[bytes], Path]:
    log = tmp / "serve.log"
    env = {**os.environ, "DECISION_DB": str(tmp / "store.sqlite3"), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "decision",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--session-minutes",
                "0.5",
            ],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"decision serve exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10):
                return server, log
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"decision serve did not answer:\n{log.read_text()}")


async def open_page(
    k: int, browser: Any, url: str, tally: Tally, gate: asyncio.Semaphore, closing: asyncio.Event
) -> tuple[Any, Any]:
    """One laptop opens the dashboard; errors in its page are counted from now on."""
    context = await browser.new_context(viewport={"width": 1280, "height": 1000})

    async def loopback_only(route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            await route.continue_()
        else:  # the benchmark sends nothing off this machine; count what the page asked for
            tally.external[host] = tally.external.get(host, 0) + 1
            tally.external_urls.add(route.request.url)
            await route.abort()

    await context.route("**/*", loopback_only)
    page = await context.new_page()
    page.on(
        "requestfailed",
        lambda r: (
            None
            if urlsplit(r.url).hostname not in ("127.0.0.1", "localhost")
            else tally.errors.append(f"session {k}: request failed: {r.url[:100]} {r.failure}")
        ),
    )
    page.on("pageerror", lambda e: tally.errors.append(f"session {k}: page error: {e}"))
    page.on(
        "console",
        lambda m: (
            tally.errors.append(f"session {k}: console error: {m.text}")
            if m.type == "error"
            else None
        ),
    )

    def on_websocket(ws: Any) -> None:
        ws.on(
            "close",
            lambda _ws: (
                None
                if closing.is_set()
                else tally.errors.append(f"session {k}: websocket closed while live")
            ),
        )

    page.on("websocket", on_websocket)
    async with gate:  # do not let 40 pages ask for their first render at the same instant
        start = time.monotonic()
        await page.goto(url, timeout=600_000)
        await page.get_by_text("Séance de groupe").first.wait_for(timeout=600_000)
        tally.load_seconds.append(time.monotonic() - start)
    return context, page


async def act(
    k: int,
    page: Any,
    until: float,
    rng: np.random.Generator,
    tally: Tally,
    interval: float,
    member: str,
) -> None:
    """At random moments until ``until``: move a weight slider, or submit one's weights."""
    named = False
    submitted = 0
    while time.monotonic() < until:
        await asyncio.sleep(float(rng.uniform(0.5, 1.5)) * interval)
        if time.monotonic() >= until:
            break
        try:
            if rng.random() < 0.7:
                await page.locator(".bk-tab", has_text="Comité").click(timeout=30_000)
                handle = page.locator(".noUi-handle").nth(int(rng.integers(0, 4)))
                await handle.focus(timeout=30_000)
                await handle.press("ArrowRight" if rng.random() < 0.5 else "ArrowLeft")
            else:
                await page.locator(".bk-tab", has_text="Séance de groupe").click(timeout=30_000)
                if not named:
                    box = page.get_by_label("Votre nom")
                    await box.fill(member)
                    await box.press("Enter")
                    named = True
                await page.get_by_role("button", name="Soumettre mes poids").click(timeout=30_000)
                submitted += 1
                # the confirmation names this member's new profile version: v1, v2...
                await page.get_by_text(f"({member} v{submitted})").wait_for(timeout=30_000)
                tally.submissions += 1
            tally.actions += 1
        except Exception as err:  # counted and reported, the run goes on
            tally.errors.append(f"session {k}: action failed: {type(err).__name__}: {err}"[:300])


async def drive(
    url: str,
    sessions: int,
    seconds: float,
    interval: float,
    seed: int,
    server_pid: int,
    round_no: int,
    log: Path,
) -> tuple[Tally, list[float], float, float, tuple[int, int]]:
    from playwright.async_api import async_playwright

    tally = Tally()
    samples: list[float] = []
    loaded_rss: list[float] = []
    closing = asyncio.Event()
    rngs = [np.random.default_rng([seed, round_no, k]) for k in range(sessions)]

    async def sample() -> None:
        while not closing.is_set():
            samples.append(rss_mb(server_pid))
            await asyncio.sleep(2)

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        sampler = asyncio.create_task(sample())
        gate = asyncio.Semaphore(8)
        opened = await asyncio.gather(
            *(open_page(k, browser, url, tally, gate, closing) for k in range(sessions)),
            return_exceptions=True,
        )
        pages = {}
        for k, result in enumerate(opened):
            if isinstance(result, BaseException):
                tally.errors.append(
                    f"session {k}: did not open: {type(result).__name__}: {result}"[:300]
                )
            else:
                pages[k] = result
        loaded_rss.append(rss_mb(server_pid))
        print(
            f"{len(pages)} pages open (load median {statistics.median(tally.load_seconds):.1f}"
            f" s); acting for {seconds:.0f} s...",
            flush=True,
        )
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(
                act(k, page, until, rngs[k], tally, interval, f"membre-r{round_no}-{k:02d}")
                for k, (_, page) in pages.items()
            )
        )
        live_until = len(log.read_bytes())  # server log written while the pages were live
        closing.set()
        await sampler
        for context, _ in pages.values():
            await context.close()
        await browser.close()
    await asyncio.sleep(3)
    await asyncio.sleep(2)
    return tally, samples, loaded_rss[0], rss_mb(server_pid), (live_until, len(log.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--minutes", type=float, default=3.0, help="activity per round")
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="meetings one after the other on the same server (default 2): if memory after "
        "the second is where it was after the first, it is reused, not leaked",
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=5.0,
        help="mean seconds between two actions of one session (default 5)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=120.0,
        help="seconds to wait after closing for the server to drop sessions and give their "
        "memory back (default 120: kept 30 s for a reconnection, checked every 30 s, pages "
        "that closed a few seconds apart dropped one check apart, then collected 2 s after "
        "the last)",
    )
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--log",
        default=str(Path(tempfile.gettempdir()) / "copilote-bench-sessions-server.log"),
        help="where to keep the server's log",
    )
    parser.add_argument("--quick", action="store_true", help="6 sessions, 20 s, 1 round")
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.minutes, args.interval, args.rounds = 6, 1 / 3, 3.0, 1

    from copilote.decision.record.journal import Journal
    from copilote.decision.record.store import Store

    tallies: list[Tally] = []
    spans: list[tuple[int, int]] = []  # log bytes written while pages were live
    close_spans: list[tuple[int, int]] = []  # ... and while they were closing
    rows: list[tuple[float, float, float, float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="copilote-bench-") as tmp_name:
        tmp = Path(tmp_name)
        Journal(tmp / "store.sqlite3").open_session(SESSION, "bench", title="Banc de charge")
        port = free_port()
        server, log = start_server(tmp, port)
        started = time.monotonic()
        try:
            time.sleep(2)
            before = rss_mb(server.pid)
            print(
                f"server up (pid {server.pid}), RSS before any session: {before:.0f} MB", flush=True
            )
            live_start = 0
            for round_no in range(args.rounds):
                round_before = rss_mb(server.pid)
                print(
                    f"round {round_no + 1}: opening {args.sessions} Chromium sessions, then "
                    f"{args.minutes:g} min of activity...",
                    flush=True,
                )
                tally, samples, all_open, after_close, span = asyncio.run(
                    drive(
                        f"http://127.0.0.1:{port}/",
                        args.sessions,
                        args.minutes * 60,
                        args.interval,
                        args.seed,
                        server.pid,
                        round_no,
                        log,
                    )
                )
                print(
                    f"pages closed; waiting {args.settle:g} s for the server to drop them...",
                    flush=True,
                )
                time.sleep(args.settle)
                rows.append(
                    (
                        round_before,
                        all_open,
                        max(samples),
                        statistics.fmean(samples),
                        after_close,
                        rss_mb(server.pid),
                    )
                )
                tallies.append(tally)
                spans.append((live_start, span[0]))
                close_spans.append(span)
                live_start = span[1]
            alive = server.poll() is None
        finally:
            server.terminate()
            server.wait(timeout=30)
        ran = time.monotonic() - started
        log_bytes = log.read_bytes()
        Path(args.log).write_bytes(log_bytes)

        def log_errors(parts: list[tuple[int, int]]) -> list[str]:
            """One error per traceback, named by its last line, plus ERROR lines and failed
            callbacks."""
            lines = [
                x
                for a, b in parts
                for x in log_bytes[a:b].decode("utf-8", errors="replace").splitlines()
            ]
            # Panel logs a failed lifecycle callback (on_session_destroyed...) as a WARNING.
            failed = [x for x in lines if "failed with following error" in x]
            return (
                failed
                + [x for x in lines if "ERROR" in x and "Traceback" not in x]
                + [
                    next((x for x in lines[i + 1 :] if x and not x.startswith((" ", "Trace"))), "?")
                    for i, line in enumerate(lines)
                    if line.startswith("Traceback")
                ]
            )

        server_errors = log_errors(spans)
        closing_errors = log_errors(close_spans)
        store = Store(tmp / "store.sqlite3")
        journal = Journal(store)
        recorded = sum(1 for e in journal.entries(SESSION) if e.kind == "weights_submitted")
        integrity = store.integrity_check()

    errors = [e for t in tallies for e in t.errors]
    errors += [f"server log: {line}" for line in server_errors]
    # A failed session-end callback is ours, not a write to a closed websocket: it counts.
    errors += [f"server log: {x}" for x in closing_errors if "failed with following error" in x]
    if not alive:
        errors.append("server died during the run")
    loads = [x for t in tallies for x in t.load_seconds] or [float("nan")]
    actions = sum(t.actions for t in tallies)
    submissions = sum(t.submissions for t in tallies)
    external_hosts: dict[str, int] = {}
    for t in tallies:
        for host, n in t.external.items():
            external_hosts[host] = external_hosts.get(host, 0) + n
    print()
    print(
        f"sessions            {args.sessions} Chromium pages (one browser context each), "
        f"{args.rounds} round(s)"
    )
    print(f"wall time           {ran:.0f} s ({args.minutes * 60:.0f} s of activity a round)")
    print(
        f"page load           median {statistics.median(loads):.1f} s, max {max(loads):.1f} s "
        f"({len(loads)} pages, 8 opening at a time)"
    )
    print(
        f"actions             {actions} ({submissions} weight submissions confirmed in the "
        f"page, {actions - submissions} slider moves)"
    )
    print(
        f"store               {recorded} submissions in the journal (>= confirmed: "
        f"{recorded >= submissions}); integrity_check: {integrity}"
    )
    print(f"errors              {len(errors)} (server log kept in {args.log})")
    kinds: dict[str, list[str]] = {}
    for line in errors:
        kind = line.split(": ", 2)[1] if ": " in line else line
        kinds.setdefault(kind, []).append(line)
    for kind, lines in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(lines):5d} x {kind}, e.g.")
        for line in lines[:2]:
            print(f"          {line[:160]}")
    closing_kinds = sorted({line.split(":")[0] for line in closing_errors})
    print(
        f"server log while pages closed: {len(closing_errors)} lines (writes to websockets the "
        f"closed browsers had left: {', '.join(closing_kinds) or 'none'}); not counted above"
    )
    external = ", ".join(f"{h} ({n})" for h, n in sorted(external_hosts.items())) or "none"
    print(f"off-machine requests blocked (loopback only): {external}")
    for url in sorted({u for t in tallies for u in t.external_urls})[:5]:
        print(f"  {url[:150]}")
    print(
        "server RSS [MB]  round  before  all open   peak   mean   after close   after settle"
        "   given back"
    )
    for r, (rb, ao, pk, mn, ac, af) in enumerate(rows, start=1):
        # given back: the share of what this meeting added at its peak that the server returned
        back = 100 * (pk - af) / max(pk - rb, 1e-9)
        print(
            f"                 {r:5d} {rb:7.0f} {ao:9.0f} {pk:6.0f} {mn:6.0f} {ac:13.0f} {af:14.0f}"
            f" {back:11.0f} %"
        )
    print(f"ratio of each to the RSS before any session ({before:.0f} MB):")
    for r, row in enumerate(rows, start=1):
        print(
            "                 "
            + f"{r:5d} "
            + " ".join(
                f"{v / before:{w}.2f}" for v, w in zip(row, (7, 9, 6, 6, 13, 14), strict=True)
            )
        )
    peak = max(row[2] for row in rows)
    print(
        f"after the last round: {rows[-1][5]:.0f} MB, {rows[-1][5] - before:+.0f} MB on the RSS "
        f"before any session; {100 * (peak - rows[-1][5]) / max(peak - before, 1e-9):.0f} % of "
        "the highest peak given back (the first meeting also loads what every later one reuses)"
    )
    ok = not errors and recorded >= submissions and integrity == "ok"
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
