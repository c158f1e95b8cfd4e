# shellcheck shell=bash
# Helpers for .ci/run (sourced, never executed). Needs bash, set -euo pipefail in the caller.

CI_T0=$(date +%s)
_PHASE_NAME=""
_PHASE_T0=$CI_T0
PHASE_REPORT=()

# phase NAME: closes the previous phase (prints its elapsed seconds) and opens NAME.
# `phase end` only closes the last one.
phase() {
  local now
  now=$(date +%s)
  if [[ -n $_PHASE_NAME ]]; then
    local d=$((now - _PHASE_T0))
    PHASE_REPORT+=("$(printf '%-10s %5d s' "$_PHASE_NAME" "$d")")
    echo "==> phase $_PHASE_NAME: ${d} s (total $((now - CI_T0)) s)"
  fi
  _PHASE_NAME=""
  if [[ $1 != end ]]; then
    _PHASE_NAME=$1
    _PHASE_T0=$now
    echo "==> phase $1 (at $((now - CI_T0)) s)"
  fi
}

phase_report() {
  local line
  echo "==> timings"
  for line in "${PHASE_REPORT[@]}"; do echo "    $line"; done
  echo "    total      $(($(date +%s) - CI_T0)) s"
}

die() {
  echo "ci: error: $*" >&2
  exit 1
}

# ---------------------------------------------------------------- system packages

have_postgres() {
  command -v initdb >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}
have_chromium() { [[ -x /usr/bin/chromium ]]; }
have_doc_readers() {
  command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 &&
    ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1
}
have_vi_font() {
  [[ -e /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ||
    -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]
}

# ensure_system_packages [pg] [browser] [docs]: installs only what is missing, with at most one
# `apt-get update` and one `apt-get install`. `docs`: the real readers the render crate's tests
# check our documents with (LibreOffice converts our DOCX and opens our XLSX, poppler reads
# both PDFs).
ensure_system_packages() {
  local want=" $* " missing=()
  if [[ $want == *" pg "* ]] && ! have_postgres; then missing+=(postgresql); fi
  if [[ $want == *" browser "* ]]; then
    have_chromium || missing+=(chromium)
    have_vi_font || missing+=(fonts-noto-core)
  fi
  if [[ $want == *" docs "* ]] && ! have_doc_readers; then
    missing+=(libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2)
  fi
  if ((${#missing[@]} == 0)); then
    echo "system packages: nothing to install"
    return 0
  fi
  [[ $(id -u) == 0 ]] || die "need root to install: ${missing[*]}"
  echo "system packages: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [[ $want == *" pg "* ]]; then have_postgres || die "postgresql did not install"; fi
  if [[ $want == *" browser "* ]]; then have_chromium || die "chromium did not install"; fi
  if [[ $want == *" docs "* ]]; then have_doc_readers || die "soffice/pdftotext did not install"; fi
}

# ---------------------------------------------------------------- throwaway PostgreSQL

PG_PORT=55432
PG_DIR=""
PGBIN=""

pg_start() {
  PGBIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [[ -x $PGBIN/initdb ]] || die "no initdb under /usr/lib/postgresql/*/bin"
  id postgres >/dev/null 2>&1 || die "no 'postgres' user (the postgresql package creates it)"
  if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; then
    die "something already listens on 127.0.0.1:$PG_PORT (a leftover cluster?); stop it first"
  fi
  PG_DIR=$(mktemp -d /tmp/chibo-pg.XXXXXX)
  chown postgres:postgres "$PG_DIR" # logs go outside data/
  if ! su postgres -s /bin/sh -c "$PGBIN/initdb -D $PG_DIR/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 >$PG_DIR/initdb.log 2>&1"; then
    cat "$PG_DIR/initdb.log" >&2
    die "initdb failed"
  fi
  # fsync/synchronous_commit/full_page_writes off: a throwaway cluster, tests go faster.
  if ! su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/server.log -w -t 60 -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start" >/dev/null; then
    cat "$PG_DIR/server.log" >&2 || true
    die "PostgreSQL did not start"
  fi
  export CHIBO_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') up in $PG_DIR; CHIBO_TEST_DATABASE_URL=$CHIBO_TEST_DATABASE_URL"
}

pg_stop() {
  [[ -n $PG_DIR && -d $PG_DIR/data ]] || return 0
  su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PG_DIR/data -m fast -w stop" >/dev/null 2>&1 ||
    echo "ci: warning: pg_ctl stop failed (log in $PG_DIR/server.log)" >&2
  rm -rf "$PG_DIR"
  PG_DIR=""
}

# ---------------------------------------------------------------- HTTP without curl

# http_status URL: prints the HTTP status code, or 000 when nothing answers.
http_status() {
  python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=2).status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print("000")
PY
}

# port_free PORT: true when nothing listens on 127.0.0.1:PORT.
port_free() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: TIME_WAIT is fine
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

# a_free_port: prints a free TCP port chosen by the kernel.
a_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
