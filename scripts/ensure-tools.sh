#!/usr/bin/env bash
# Installs what Maestro needs on this machine, only where it is missing:
#   npm dependencies (when package-lock.json changed),
#   redis-server (Debian package), FerretDB 1.24.2 (built with Go) unless mongod is on the PATH,
#   moto (the AWS APIs for discovery tests, by pip into .tools/moto) unless moto_server is on the PATH,
#   with --browser, Chromium (Debian package) for the browser tests,
#   and with --ansible, ansible-core (by pip into .tools/ansible) unless ansible-inventory is on the PATH,
#   for the tests that read the Ansible inventory exports back.
# Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_ansible=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --ansible) want_ansible=1 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[maestro]\033[0m %s\n' "$*" >&2; }

# --- npm dependencies --------------------------------------------------------
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.maestro-installed ] || [ "$(cat node_modules/.maestro-installed)" != "$lock_sum" ]; then
  # `npm install` rather than `npm ci`: the lock file cannot list the optional
  # native packages of other platforms when the registry does not serve them,
  # and `npm ci` refuses such a lock. With a lock present, install follows it.
  say "installing npm dependencies"
  npm install --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.maestro-installed
fi

# --- Debian packages ---------------------------------------------------------
apt_updated=0
apt_install() {
  if [ "$(id -u)" != "0" ]; then
    echo "need root to install $* with apt-get (or install it yourself)" >&2
    exit 1
  fi
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
  say "installing $* (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v redis-server >/dev/null 2>&1 || apt_install redis-server
if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

# --- MongoDB-compatible server -----------------------------------------------
FERRETDB_VERSION=v1.24.2
if ! command -v mongod >/dev/null 2>&1; then
  gobin="$(go env GOPATH)/bin"
  ferretdb="${FERRETDB_BIN:-$gobin/ferretdb}"
  # grep reads the whole output (no -q): an early exit would break the pipe, and pipefail would call it a mismatch.
  if [ ! -x "$ferretdb" ] || ! "$ferretdb" --version 2>/dev/null | grep "version: $FERRETDB_VERSION" >/dev/null; then
    say "building FerretDB $FERRETDB_VERSION with Go (about a minute)"
    # `go install ...@version` also asks the module proxy for the module's
    # version list, which the proxy here refuses; and FerretDB's release check
    # wants build/version/version.txt, which the module archive lacks. So the
    # exact released module is downloaded, stamped with its version, and built.
    src=$(cd /tmp && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
      | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cp -r "$src" "$work/src"
    chmod -R u+w "$work/src"
    echo "$FERRETDB_VERSION" > "$work/src/build/version/version.txt"
    mkdir -p "$(dirname "$ferretdb")"
    (cd "$work/src" && go build -buildvcs=false -trimpath -o "$ferretdb" ./cmd/ferretdb)
    "$ferretdb" --version | sed -n 1p >&2
  fi
fi

# --- moto: the AWS APIs discovery tests talk to ------------------------------
# Into a virtual environment of the project's own (.tools/moto), never into
# the system's Python. scripts/lib/services.ts looks there first.
moto_venv=.tools/moto
if [ ! -x "$moto_venv/bin/moto_server" ] && ! command -v moto_server >/dev/null 2>&1; then
  # Debian's python3 leaves venv (and its pip) to a package of its own.
  python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' >/dev/null 2>&1 || apt_install python3-venv
  say "installing moto into $moto_venv (pip)"
  rm -rf "$moto_venv"
  python3 -m venv "$moto_venv"
  "$moto_venv/bin/pip" install --quiet --disable-pip-version-check 'moto[server]'
  "$moto_venv/bin/moto_server" --help >/dev/null
fi

# --- ansible-core: reads the Ansible inventory exports back in tests ---------
# Into a virtual environment of the project's own (.tools/ansible), as moto;
# the tests look there first, then on the PATH.
ansible_venv=.tools/ansible
if [ "$want_ansible" = 1 ] && [ ! -x "$ansible_venv/bin/ansible-inventory" ] && ! command -v ansible-inventory >/dev/null 2>&1; then
  python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' >/dev/null 2>&1 || apt_install python3-venv
  say "installing ansible-core into $ansible_venv (pip)"
  rm -rf "$ansible_venv"
  python3 -m venv "$ansible_venv"
  "$ansible_venv/bin/pip" install --quiet --disable-pip-version-check ansible-core
  "$ansible_venv/bin/ansible-inventory" --version >/dev/null
fi
