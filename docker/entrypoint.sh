#!/bin/sh
# The container's entrypoint: `decision serve` for a city's IT department, on every address of
# the container, behind a login, with the store on the volume. docs/deploy.md explains it.
#
#   copilote-entrypoint [EXTRA SERVE OPTIONS...]   serve (the default command)
#   copilote-entrypoint healthcheck                exit 0 if the page answers (HEALTHCHECK)
#
# Settings, from the environment (defaults in brackets):
#   DECISION_CREDENTIALS_FILE  hashed passwords, mounted read-only [/run/secrets/copilote-credentials.json]
#   DECISION_COOKIE_SECRET     secret signing login cookies, at least 32 characters; or
#   DECISION_COOKIE_SECRET_FILE  a mounted file holding it, handed to serve's --cookie-secret-file
#                              [/run/secrets/copilote-cookie-secret]
#   DECISION_DB                the SQLite store, on the volume [/var/lib/copilote/store.sqlite]
#   DECISION_PORT [5006], DECISION_HOST [0.0.0.0], DECISION_ALLOW_ORIGIN (host:port, comma-separated:
#   the address users type when a proxy stands in front)
set -eu

port=${DECISION_PORT:-5006}

if [ "${1:-}" = "healthcheck" ]; then
  # the page, fetched from inside the container (loopback); a login page counts as up
  exec python -c "import sys, urllib.request
try:
    urllib.request.urlopen('http://127.0.0.1:$port/', timeout=8)
except Exception as err:
    sys.exit(f'copilote: not answering on port $port: {err}')"
fi

fail() {
  echo "copilote-entrypoint: error: $*" >&2
  exit 2
}

credentials=${DECISION_CREDENTIALS_FILE:-/run/secrets/copilote-credentials.json}
secret_file=${DECISION_COOKIE_SECRET_FILE:-/run/secrets/copilote-cookie-secret}
[ -r "$credentials" ] || fail "credentials file '$credentials' cannot be read: mount it \
(python -m copilote.decision.record.auth add-user FILE LOGIN --role facilitator) or set \
DECISION_CREDENTIALS_FILE"
secret_option=""
if [ -z "${DECISION_COOKIE_SECRET:-}" ]; then
  [ -r "$secret_file" ] || fail "no cookie secret: set DECISION_COOKIE_SECRET or mount a file \
at '$secret_file' (python -m copilote.decision.record.auth cookie-secret > FILE)"
  [ -n "$(head -n 1 "$secret_file" | tr -d '\r\n')" ] || fail "cookie secret file '$secret_file' is empty"
  # decision serve reads the file itself (and checks the secret); never on the command line
  secret_option="--cookie-secret-file"
fi
export DECISION_DB=${DECISION_DB:-/var/lib/copilote/store.sqlite}
store_dir=$(dirname "$DECISION_DB")
[ -d "$store_dir" ] && [ -w "$store_dir" ] || fail "store folder '$store_dir' is not writable \
(mount a volume there, owned by uid $(id -u))"

if [ -n "$secret_option" ]; then
  set -- "$secret_option" "$secret_file" "$@"
fi
set -- --host "${DECISION_HOST:-0.0.0.0}" --port "$port" --credentials "$credentials" \
  --db "$DECISION_DB" "$@"
if [ -n "${DECISION_ALLOW_ORIGIN:-}" ]; then
  for origin in $(echo "$DECISION_ALLOW_ORIGIN" | tr ',' ' '); do
    set -- "$@" --allow-origin "$origin"
  done
fi
exec decision serve "$@"
