#!/usr/bin/env bash
# Builds installable Linux packages (tar.xz with binary, .desktop file and
# icon) of the kiosk, display and counter with the fyne tool, into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
fyne=$(go env GOPATH)/bin/fyne
[ -x "$fyne" ] || GOFLAGS= go install fyne.io/tools/cmd/fyne@v1.7.4
mkdir -p dist
for app in kiosk display counter; do
  # fyne package bumps Build in FyneApp.toml: keep the committed one.
  cp "$app/FyneApp.toml" "$app/.FyneApp.toml.keep"
  (cd "$app" && "$fyne" package -os linux -release) || { mv "$app/.FyneApp.toml.keep" "$app/FyneApp.toml"; exit 1; }
  mv "$app/.FyneApp.toml.keep" "$app/FyneApp.toml"
  mv "$app"/*.tar.xz dist/
done
ls -l dist/
