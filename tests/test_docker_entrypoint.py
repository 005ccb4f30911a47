"""The container's entrypoint (docker/entrypoint.sh), run as the image runs it.

No container engine is needed: the script runs under /bin/sh with a stand-in ``decision`` first
on PATH that writes down its arguments and the cookie secret it was given, so what the script
hands to ``decision serve`` is checked exactly. tools/check_wheel.sh serves the real thing from
an installed wheel.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
SECRET = "s" * 40

_STAND_IN = """#!/bin/sh
python3 -c 'import json, os, sys
print(json.dumps({"argv": sys.argv[1:], "secret": os.environ.get("DECISION_COOKIE_SECRET"),
                  "db": os.environ.get("DECISION_DB")}))' "$@"
"""


@pytest.fixture
def box(tmp_path: Path) -> dict[str, Path]:
    """A stand-in ``decision``, a credentials file, a store folder."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "decision"
    fake.write_text(_STAND_IN)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    credentials = tmp_path / "credentials.json"
    credentials.write_text("{}")
    store = tmp_path / "store"
    store.mkdir()
    return {"bin": bin_dir, "credentials": credentials, "store": store, "tmp": tmp_path}


def _run(box: dict[str, Path], *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        "PATH": f"{box['bin']}{os.pathsep}{os.environ['PATH']}",
        "DECISION_CREDENTIALS_FILE": str(box["credentials"]),
        "DECISION_DB": str(box["store"] / "store.sqlite"),
        "DECISION_COOKIE_SECRET_FILE": str(box["tmp"] / "no-such-file"),
        **env,
    }
    return subprocess.run(
        ["/bin/sh", str(ENTRYPOINT), *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_serves_on_every_address_with_login_and_store(box: dict[str, Path]) -> None:
    done = _run(box, DECISION_COOKIE_SECRET=SECRET)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    argv = seen["argv"]
    assert argv[0] == "serve"
    assert argv[argv.index("--host") + 1] == "0.0.0.0"
    assert argv[argv.index("--port") + 1] == "5006"
    assert argv[argv.index("--credentials") + 1] == str(box["credentials"])
    assert argv[argv.index("--db") + 1] == str(box["store"] / "store.sqlite")
    assert seen["secret"] == SECRET
    assert SECRET not in argv  # a secret on the command line would show in ps


def test_cookie_secret_from_a_mounted_file(box: dict[str, Path]) -> None:
    """decision serve reads the file itself (--cookie-secret-file): one reader, one check."""
    secret_file = box["tmp"] / "cookie-secret"
    secret_file.write_text(SECRET + "\n")
    done = _run(box, DECISION_COOKIE_SECRET_FILE=str(secret_file))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["argv"][seen["argv"].index("--cookie-secret-file") + 1] == str(secret_file)
    assert seen["secret"] is None
    assert SECRET not in seen["argv"]


def test_the_environment_wins_over_the_file(box: dict[str, Path]) -> None:
    secret_file = box["tmp"] / "cookie-secret"
    secret_file.write_text("f" * 40)
    done = _run(box, DECISION_COOKIE_SECRET=SECRET, DECISION_COOKIE_SECRET_FILE=str(secret_file))
    seen = json.loads(done.stdout)
    assert seen["secret"] == SECRET and "--cookie-secret-file" not in seen["argv"]


def test_extra_options_and_origins_are_passed_on(box: dict[str, Path]) -> None:
    done = _run(
        box,
        "--lang",
        "en",
        DECISION_COOKIE_SECRET=SECRET,
        DECISION_PORT="8080",
        DECISION_ALLOW_ORIGIN="copil.lens.fr,copil.lens.fr:443",
    )
    argv = json.loads(done.stdout)["argv"]
    assert argv[argv.index("--port") + 1] == "8080"
    assert argv[-6:] == [
        "--lang",
        "en",
        "--allow-origin",
        "copil.lens.fr",
        "--allow-origin",
        "copil.lens.fr:443",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "no cookie secret"),
        ({"DECISION_CREDENTIALS_FILE": "/nonexistent/credentials.json"}, "credentials file"),
        ({"DECISION_DB": "/nonexistent/dir/store.sqlite"}, "store folder"),
    ],
)
def test_missing_settings_give_one_line_and_status_2(
    box: dict[str, Path], change: dict[str, str], expected: str
) -> None:
    env = {"DECISION_COOKIE_SECRET": SECRET} if expected != "no cookie secret" else {}
    done = _run(box, **{**env, **change})
    assert done.returncode == 2
    assert done.stdout == ""  # decision was not started
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], done.stderr


def test_empty_secret_file_is_refused(box: dict[str, Path]) -> None:
    secret_file = box["tmp"] / "cookie-secret"
    secret_file.write_text("\n")
    done = _run(box, DECISION_COOKIE_SECRET_FILE=str(secret_file))
    assert done.returncode == 2 and "is empty" in done.stderr


def test_healthcheck_fails_when_nothing_listens(box: dict[str, Path]) -> None:
    import socket

    with socket.socket() as s:  # a port that was free a moment ago
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = _run(box, "healthcheck", DECISION_PORT=str(port))
    assert done.returncode != 0
    assert f"not answering on port {port}" in done.stderr


def test_dockerfile_runs_the_entrypoint_as_a_user_with_a_volume_and_healthcheck() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim" in text
    for package in ("libjemalloc2", "libpango-1.0-0"):
        assert package in text
    assert "\nUSER copilote\n" in text
    assert "VOLUME /var/lib/copilote" in text
    assert 'CMD ["copilote-entrypoint", "healthcheck"]' in text
    assert "COPY docker/entrypoint.sh /usr/local/bin/copilote-entrypoint" in text
