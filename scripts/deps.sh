#!/usr/bin/env bash
# Installs the Debian packages Antrean needs to build, test and run, only
# those missing. Fyne needs cgo + GL/X11 headers; Xvfb, xdotool and
# ImageMagick drive the apps headless; espeak-ng/aplay speak; chromium
# tests the phone status page.
set -euo pipefail
pkgs=(gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libasound2-dev alsa-utils espeak-ng
  xvfb xauth x11-utils xdotool imagemagick chromium)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v go >/dev/null || { echo "Go 1.26 is required (https://go.dev/dl): put it on PATH" >&2; exit 1; }
