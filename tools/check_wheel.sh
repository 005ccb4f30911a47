#!/usr/bin/env bash
# The distribution as a user gets it: build the sdist, a wheel from that sdist (python -m build
# does both, so an sdist that lacks a file fails here), install the wheel in a fresh virtual
# environment outside the checkout, and from another folder run what a user runs first:
# evaluate, a small sensitivity study, an HTML memo, a PDF memo (printed by the child process
# the command starts: decision/memo/pdf_process.py), and the server (its page fetched, then
# stopped). Called by tools/test.sh; runs alone too: `bash tools/check_wheel.sh`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python}
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building the sdist, and the wheel from it"
# from a copy of the files git knows (tracked, or new and not ignored): setuptools' build/
# folder in the checkout may hold stale modules that would slip into the wheel
mkdir "$work/src"
git -C "$repo" ls-files -z --cached --others --exclude-standard \
  | (cd "$repo" && xargs -0 cp -P --parents -t "$work/src")
"$PY" -m build --sdist --wheel --outdir "$work/dist" "$work/src" >"$work/build.log" 2>&1 \
  || { tail -30 "$work/build.log"; exit 1; }
# python -m build with both flags builds the wheel from the tree; build it from the sdist too
"$PY" -m pip wheel -q --no-deps --wheel-dir "$work/from-sdist" "$work"/dist/copilote-*.tar.gz \
  >>"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
wheel=$(ls "$work"/dist/copilote-*.whl)
"$PY" - "$wheel" "$work"/from-sdist/copilote-*.whl <<'EOF'
import sys, zipfile
need = [
    "copilote/data/lens_lievin/case.toml",
    "copilote/data/lens_lievin/parameters.csv",
    "copilote/scenarios/lens_lievin/",
    "copilote/decision/memo/templates/",
    "copilote/decision/cli/__init__.py",
]
names = [set(zipfile.ZipFile(path).namelist()) for path in sys.argv[1:]]
for path, files in zip(sys.argv[1:], names):
    for item in need:
        if not any(f.startswith(item) for f in files):
            sys.exit(f"{path}: {item} missing from the wheel")
    stray = sorted({f.split("/")[0] for f in files} - {"copilote"} - {
        f.split("/")[0] for f in files if ".dist-info/" in f})
    if stray:
        sys.exit(f"{path}: top-level names other than copilote: {stray}")
if names[0] != names[1]:
    sys.exit(f"the wheel from the tree and the one from the sdist differ: {names[0] ^ names[1]}")
print(f"   {len(names[0])} files, the same from the tree and from the sdist")
EOF

echo "== installing the wheel in a fresh virtual environment"
"$PY" -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$wheel" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
mkdir "$work/elsewhere"
cd "$work/elsewhere"
decision="$work/venv/bin/decision"
export DECISION_DB="$work/elsewhere/store.sqlite"

echo "== decision evaluate, sensitivity --n 64, memo --format html (from $PWD)"
"$decision" --version
"$decision" evaluate --json >evaluate.json
"$decision" sensitivity --n 64 --seed 1 --json >sensitivity.json
"$decision" memo --format html --out memo.html
"$work/venv/bin/python" - <<'EOF'
import json
ev = json.load(open("evaluate.json"))
assert ev, "evaluate printed nothing"
sens = json.load(open("sensitivity.json"))
assert sens, "sensitivity printed nothing"
html = open("memo.html", encoding="utf-8").read()
assert "<html" in html and "Lens" in html, "the memo is not the bundled case's"
print("   evaluate, sensitivity and memo read back")
EOF

echo "== decision memo --format pdf, printed by its child process"
"$work/venv/bin/python" - <<'EOF'
import sys
from copilote.decision.cli import main
assert main(["memo", "--n", "64", "--out", "memo.pdf"]) == 0
with open("memo.pdf", "rb") as pdf:
    assert pdf.read(5) == b"%PDF-", "memo.pdf is not a PDF"
# the command's own process never imports WeasyPrint when its child prints the page
assert "weasyprint" not in sys.modules, "the PDF was printed in-process, not by the child"
print("   memo.pdf printed by the child process")
EOF

echo "== decision serve: start, fetch the page, stop"
port=$("$work/venv/bin/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
"$decision" serve --port "$port" >serve.log 2>&1 &
server_pid=$!
"$work/venv/bin/python" - "$port" "$server_pid" <<'EOF' || { echo "-- serve.log:"; cat serve.log; exit 1; }
import os, sys, time, urllib.error, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/"
deadline = time.monotonic() + 180
while True:
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            body = reply.read().decode("utf-8", "replace")
        assert "<html" in body.lower(), body[:200]
        print(f"   {url} answered {reply.status}, {len(body)} characters")
        break
    except urllib.error.HTTPError as err:
        sys.exit(f"{url} answered {err.code}")
    except OSError:
        try:
            os.kill(int(sys.argv[2]), 0)
        except ProcessLookupError:
            sys.exit("decision serve stopped before answering")
        if time.monotonic() > deadline:
            sys.exit(f"{url} did not answer within 180 s")
        time.sleep(0.5)
EOF
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
echo "== the installed wheel works from outside the checkout"
