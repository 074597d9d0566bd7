#!/usr/bin/env bash
# The one test command (README, CI): formatting, vet, static checks and
# short fuzz runs (scripts/checks.sh), every test with the race detector
# (the layout matrices again without it),
# Linux packages of the apps, then the end-to-end run of the real binaries
# under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
export CGO_ENABLED=1
bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$bad" ]; then echo "gofmt needed:"; echo "$bad"; exit 1; fi
go vet ./...
scripts/checks.sh   # go mod tidy, staticcheck, govulncheck, fuzz targets
go test -race -count=1 -timeout 20m ./...
# The layout matrices (every screen at every monitor size) skip themselves
# under -race, where they only get slower; here they run without it.
go test -count=1 -timeout 15m -run 'TestLayout' ./kiosk/ui/ ./display/ui/ ./counter/ui/
# The apps must still package (icons, FyneApp.toml) for the kiosk and TV boxes.
scripts/package.sh
scripts/e2e.sh
