#!/usr/bin/env bash
# gen-fixtures.sh remakes the voice packs the voicepack tests use.
#   pack-sample/  six words recorded with espeak-ng at a higher pitch and a
#                 faster pace than the built-in voice (so a test can hear,
#                 by the bytes, which voice spoke), in the built-in format.
#   pack-bad/     clips the checker must reject: silakan.wav near-silent,
#                 loket.wav too long (8 kHz 8-bit, also exercises
#                 conversion), satu.wav too short, nomer.wav a misspelt
#                 name, readme.txt not a clip.
# Needs espeak-ng and sox (scripts/deps.sh installs espeak-ng; apt-get
# install sox). Run from anywhere; the output is committed.
set -euo pipefail
cd "$(dirname "$0")"
fmt=(-r 22050 -c 1 -b 16 -e signed-integer)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

rm -rf pack-sample pack-bad
mkdir -p pack-sample pack-bad
for w in nomor antrean silakan menuju loket tiga; do
	espeak-ng -v id -p 70 -s 160 -w "$tmp/raw.wav" -- "$w"
	sox -D "$tmp/raw.wav" "${fmt[@]}" "pack-sample/$w.wav" \
		silence 1 0.01 0.3% reverse silence 1 0.01 0.3% reverse pad 0 0.04
done

# Near-silent: hiss 78 dB below full scale.
sox -D -n "${fmt[@]}" pack-bad/silakan.wav synth 0.6 whitenoise vol 0.0001
# Too long: the word, then a recorder left running (4 s in all).
espeak-ng -v id -p 70 -s 160 -w "$tmp/raw.wav" -- loket
sox -D "$tmp/raw.wav" -r 8000 -c 1 -b 8 -e unsigned-integer pack-bad/loket.wav pad 0 3.5 trim 0 4
# Too short: a 40 ms blip.
sox -D -n "${fmt[@]}" pack-bad/satu.wav synth 0.04 sine 440 vol 0.5
# A typo for nomor.wav.
sox -D -n "${fmt[@]}" pack-bad/nomer.wav synth 0.2 sine 440 vol 0.5
echo "not a clip" > pack-bad/readme.txt
du -ch pack-sample/*.wav pack-bad/* | tail -1
