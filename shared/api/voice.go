package api

// VoiceSettings is the body of GET /v1/site/voice (display and admin
// tokens): the voice every hall display of the site speaks with, from the
// server's --voice flag or the site file's [voice] section.
type VoiceSettings struct {
	// Pack describes the site's voice pack, served by GET
	// /v1/site/voice/pack; nil = the displays' built-in voice.
	Pack *VoicePackInfo `json:"pack,omitempty"`
	// EnglishZones hear each call a second time in English.
	EnglishZones []string `json:"english_zones,omitempty"`
	// VolumeSchedule is the volume by time of day, e.g.
	// "07:00-16:00=100,16:00-07:00=60" (see shared/voicepack).
	VolumeSchedule string `json:"volume_schedule,omitempty"`
}

// VoicePackInfo identifies the pack archive: its ETag (quoted, as in the
// ETag header), size and kind ("zip" or "tar.gz").
type VoicePackInfo struct {
	ETag  string `json:"etag"`
	Bytes int64  `json:"bytes"`
	Kind  string `json:"kind"`
}
