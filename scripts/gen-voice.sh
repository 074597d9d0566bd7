#!/usr/bin/env bash
# gen-voice.sh regenerates the hall-display sounds embedded by antrean/assets:
#   assets/sounds/id/<word>.wav  one clip per word of speech.Vocabulary()
#   assets/sounds/id/pause.wav   250 ms of silence (what a comma becomes)
#   assets/sounds/chime.wav      a three-tone "ding-dong" before each call
# Every file is 22050 Hz, mono, signed 16-bit PCM WAV.
# Needs: go, espeak-ng (Indonesian voice "id") and sox. Run from anywhere.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

for tool in go espeak-ng sox; do
	command -v "$tool" >/dev/null || { echo "gen-voice: $tool is required" >&2; exit 1; }
done

voice="${VOICE:-id}"   # espeak-ng voice
speed="${SPEED:-140}"  # words per minute: a little slow, for a big hall
out="assets/sounds/id"
fmt=(-r 22050 -c 1 -b 16 -e signed-integer)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mapfile -t words < <(go run ./scripts/vocab)
[ "${#words[@]}" -gt 0 ] || { echo "gen-voice: empty vocabulary" >&2; exit 1; }

mkdir -p "$out"
rm -f "$out"/*.wav # drop clips of words no longer in the vocabulary

for w in "${words[@]}"; do
	espeak-ng -v "$voice" -s "$speed" -w "$tmp/raw.wav" -- "$w"
	# Trim silence at both ends so clips join like one sentence, then leave
	# 40 ms so consecutive words do not run into each other.
	sox -D "$tmp/raw.wav" "${fmt[@]}" "$out/$w.wav" \
		silence 1 0.01 0.3% reverse silence 1 0.01 0.3% reverse \
		pad 0 0.04
done

sox -D -n "${fmt[@]}" "$out/pause.wav" trim 0 0.25

# Chime: three descending bell-like notes (G5, E5, C5) 0.3 s apart, each a
# fundamental plus a soft octave with a quick attack and a long decay,
# overlapping: 1.2 s in all, faded out at the end.
note() { # note <freq> <start seconds> <file>
	sox -D -n "${fmt[@]}" "$3" synth 0.6 sine "$1" sine "$(awk -v f="$1" 'BEGIN{print f*2}')" \
		remix 1v0.8,2v0.2 fade q 0.01 0.6 0.5 pad "$2" 0
}
note 783.99 0.00 "$tmp/n1.wav"
note 659.25 0.30 "$tmp/n2.wav"
note 523.25 0.60 "$tmp/n3.wav"
sox -D -m "$tmp/n1.wav" "$tmp/n2.wav" "$tmp/n3.wav" "${fmt[@]}" assets/sounds/chime.wav \
	trim 0 1.2 fade t 0 1.2 0.3 norm -3

echo "gen-voice: ${#words[@]} words + pause + chime"
du -ch "$out"/*.wav assets/sounds/chime.wav | tail -1
