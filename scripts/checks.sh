#!/usr/bin/env bash
# Static checks of the test command: go.mod/go.sum tidy, staticcheck,
# govulncheck against a vulnerability database built locally (the public
# one is not reachable from CI), and a short run of each fuzz target.
# Tools are installed with `go install` from the module proxy into a cache
# that survives between runs; a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

STATICCHECK=v0.8.2                            # honnef.co/go/tools, for Go 1.26
GOVULNCHECK=v1.9.0                            # golang.org/x/vuln
VULNDB=v0.0.0-20261105234957-e22db6528018     # golang.org/x/vulndb: its data/osv is the database
# Fuzz budgets are counts, not durations: with a duration, Go 1.26's fuzz
# coordinator can fail a target with "context deadline exceeded" and no
# crasher when the time runs out under load (go.dev/issue/75804, fixed in
# Go 1.27). Each count took 2–11 s on this 2-core machine; FUZZTIME (e.g.
# 30s or 1000000x) overrides them all.
FUZZTIME=${FUZZTIME:-}

tools=${ANTREAN_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/antrean-tools}
mkdir -p "$tools/bin"

# tool NAME VERSION PACKAGE: install PACKAGE@VERSION once per version.
tool() {
  local bin="$tools/bin/$1-$2"
  if [ ! -x "$bin" ]; then
    echo "installing $3@$2" >&2
    local tmp; tmp=$(mktemp -d)
    (cd "$tools" && GOBIN="$tmp" GOFLAGS= go install "$3@$2") >&2
    mv "$tmp/$1" "$bin"; rm -rf "$tmp"
  fi
  echo "$bin"
}

echo "== go mod tidy"
if ! go mod tidy -diff; then
  echo "go.mod/go.sum are not tidy: run go mod tidy" >&2; exit 1
fi

echo "== staticcheck"
"$(tool staticcheck $STATICCHECK honnef.co/go/tools/cmd/staticcheck)" ./...

echo "== govulncheck"
db="$tools/vulndb-$VULNDB"
if [ ! -f "$db/index/modules.json" ]; then
  # Outside the module, so go.mod and go.sum stay as they are.
  src=$(cd "$tools" && GOFLAGS= go mod download -json "golang.org/x/vulndb@$VULNDB" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -d "$src/data/osv" ] || { echo "no data/osv in golang.org/x/vulndb@$VULNDB" >&2; exit 1; }
  rm -rf "$db.tmp"
  "$(tool indexdb $VULNDB golang.org/x/vulndb/cmd/indexdb)" -vulns "$src/data/osv" -out "$db.tmp"
  mv "$db.tmp" "$db"
fi
# Called third-party vulnerabilities fail; standard-library ones are listed
# (they need a newer Go than the machines can fetch; see vulngate).
"$(tool govulncheck $GOVULNCHECK golang.org/x/vuln/cmd/govulncheck)" -db "file://$db" -format json ./... >"$tools/govulncheck.json"
go run ./scripts/vulngate <"$tools/govulncheck.json"

echo "== fuzz (${FUZZTIME:-a fixed number of inputs} each)"
fuzz() { go test -run '^$' -fuzz "^$2\$" -fuzztime "${FUZZTIME:-$3}" "$1"; }
fuzz ./server/httpapi FuzzRequestBodies 2000x
fuzz ./server/config FuzzParse 10000x
fuzz ./shared/stream FuzzParser 10000x
fuzz ./kiosk/printer FuzzEncode 20000x
