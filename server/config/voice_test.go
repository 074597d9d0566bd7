package config

import (
	"strings"
	"testing"
)

func TestVoiceSection(t *testing.T) {
	f, err := Parse([]byte(base + `
[voice]
pack = "suara/mpp.zip"
english_zones = ["A"]
volume_schedule = "07:00-16:00=100,16:00-07:00=-12dB"
`))
	if err != nil {
		t.Fatal(err)
	}
	if f.Voice.Pack != "suara/mpp.zip" || len(f.Voice.EnglishZones) != 1 || f.Voice.EnglishZones[0] != "A" ||
		f.Voice.VolumeSchedule != "07:00-16:00=100,16:00-07:00=-12dB" {
		t.Fatalf("voice %+v", f.Voice)
	}
	if f, err := Parse([]byte(base)); err != nil || f.Voice.Pack != "" || f.Voice.EnglishZones != nil {
		t.Fatalf("no [voice]: %+v %v", f.Voice, err)
	}
	for _, tc := range []struct{ toml, want string }{
		{`english_zones = ["Z"]`, `zone "Z" is not used`},
		{`volume_schedule = "07:00-16:00=120"`, "volume_schedule"},
		{`volume_schedule = "7-16=50"`, "volume_schedule"},
		{`packs = "x"`, "unknown key"},
	} {
		_, err := Parse([]byte(base + "\n[voice]\n" + tc.toml + "\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.toml, err, tc.want)
		}
	}
}
