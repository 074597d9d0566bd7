package config

import (
	"strings"

	"antrean/shared/voicepack"
)

// Voice is the [voice] section: the hall displays' shared voice.
type Voice struct {
	// Pack is a voice pack (folder, .zip or .tar.gz) the server hands to
	// every display; a relative path is beside the site file. "" = the
	// displays' built-in voice.
	Pack string
	// EnglishZones hear every call a second time in English (from the
	// pack's en/ clips), e.g. the immigration zone.
	EnglishZones []string
	// VolumeSchedule sets the announcement volume by time of day
	// (voicepack.ParseSchedule syntax).
	VolumeSchedule string
}

type voiceTOML struct {
	Pack           string   `toml:"pack"`
	EnglishZones   []string `toml:"english_zones"`
	VolumeSchedule string   `toml:"volume_schedule"`
}

func (v *voiceTOML) voice() Voice {
	if v == nil {
		return Voice{}
	}
	out := Voice{Pack: strings.TrimSpace(v.Pack), VolumeSchedule: strings.TrimSpace(v.VolumeSchedule)}
	for _, z := range v.EnglishZones {
		out.EnglishZones = append(out.EnglishZones, strings.TrimSpace(z))
	}
	return out
}

func (f *File) validateVoice() error {
	if _, err := voicepack.ParseSchedule(f.Voice.VolumeSchedule); err != nil {
		return bad("[voice]: volume_schedule: %v", err)
	}
	zones := map[string]bool{}
	for _, c := range f.Counters {
		zones[c.Zone] = true
	}
	for _, a := range f.Agencies {
		zones[a.Zone] = true
	}
	for _, z := range f.Voice.EnglishZones {
		if z == "" || !zones[z] {
			return bad("[voice]: english_zones: zone %q is not used by any counter or agency", z)
		}
	}
	if err := CheckText("[voice]: pack", f.Voice.Pack, MaxText); err != nil {
		return err
	}
	return nil
}
