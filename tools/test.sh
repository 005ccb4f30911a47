#!/usr/bin/env bash
# Install everything Copilote's tests need on a fresh Debian machine, then run them:
# system packages (Chromium for the browser tests, poppler for reading PDFs, Pango for
# WeasyPrint, jemalloc for the server's memory), a virtual environment with the project and
# its test extra, the linters, the tests, then the wheel installed in a fresh venv
# (tools/check_wheel.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
need=()
# the browser tests drive Debian's Chromium at this path (no browser download)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# ldconfig lives in /sbin, which is not on every user's PATH
/sbin/ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
# jemalloc: decision serve preloads it so that a meeting's memory goes back to the system
/sbin/ldconfig -p 2>/dev/null | grep -q libjemalloc.so.2 || need+=(libjemalloc2)
"$PY" -c "import ensurepip" 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing system packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

[ -d .venv ] || "$PY" -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate
echo "== installing Copilote and its test extra"
pip install -q --disable-pip-version-check --upgrade pip
pip install -q --disable-pip-version-check -e ".[test]"

echo "== ruff, mypy"
ruff check .
ruff format --check .
mypy

echo "== tests"
python -m pytest -p no:cacheprovider "$@"

# the distribution as a user installs it: sdist, wheel, fresh venv, commands from elsewhere
# (skipped when the tests were narrowed with arguments, e.g. bash tools/test.sh tests/decision)
if [ $# -eq 0 ]; then
  echo "== the wheel, installed outside the checkout"
  bash tools/check_wheel.sh
fi
