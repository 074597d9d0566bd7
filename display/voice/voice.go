// Package voice chooses the voice a hall display speaks with: a pack on
// the PC (--voice), or the pack the server hands every display of the
// site, kept in the display's cache so it still speaks the same offline.
// Whatever fails, the display keeps a voice: the built-in clips.
package voice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"antrean/display/audio"
	"antrean/shared/api"
	"antrean/shared/voicepack"
)

// Source is the server's side (satisfied by *client.Client).
type Source interface {
	VoiceSettings(ctx context.Context) (api.VoiceSettings, error)
	VoicePack(ctx context.Context, etag string) (data []byte, newETag string, notModified bool, err error)
}

// Config says where the voice comes from.
type Config struct {
	// Local is a pack on this PC (--voice); "" = the server's.
	Local string
	// CacheDir keeps the server's pack and settings for offline starts.
	CacheDir string
	Source   Source
	// EnglishZones and Volume override the site's settings when set
	// (display flags).
	EnglishZones []string
	Volume       *voicepack.Schedule
	Logf         func(format string, args ...any)
}

// Resolver resolves the voice at start and again later, loading a pack
// only when it changed.
type Resolver struct {
	cfg       Config
	localDone bool
	local     *voicepack.Pack // loaded once
	etag      string          // of the server pack now in use
	pack      *voicepack.Pack // the server pack now in use
	last      string          // what the last Resolve gave, to log changes only
	lastErr   string          // the last failure to reach the server, logged once
}

// NewResolver makes a Resolver.
func NewResolver(c Config) *Resolver {
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	return &Resolver{cfg: c}
}

const (
	settingsFile = "voice-settings.json"
	packPrefix   = "voice-pack."
)

// Resolve gives the voice to use now. It logs what it chose when that
// changed since the last call: the pack and every word it lacks (those
// are said with the built-in clips), or why the built-in voice is used.
func (r *Resolver) Resolve(ctx context.Context) audio.Voice {
	settings, pack, origin := r.resolve(ctx)
	v := audio.Voice{Pack: pack, EnglishZones: settings.EnglishZones}
	if r.cfg.EnglishZones != nil {
		v.EnglishZones = r.cfg.EnglishZones
	}
	if r.cfg.Volume != nil {
		v.Volume = *r.cfg.Volume
	} else if sc, err := voicepack.ParseSchedule(settings.VolumeSchedule); err != nil {
		r.cfg.Logf("display: the site's volume schedule is not usable, full volume: %v", err)
	} else {
		v.Volume = sc
	}
	key := fmt.Sprintf("%s|%p|%v|%s", origin, pack, v.EnglishZones, v.Volume.String())
	if key != r.last {
		r.last = key
		r.cfg.Logf("display: %s", Describe(pack, origin))
		if len(v.EnglishZones) > 0 {
			if pack.English() == nil {
				r.cfg.Logf("display: English repeat for zones %s skipped: the voice pack has no English clips (en/)", strings.Join(v.EnglishZones, ", "))
			} else {
				r.cfg.Logf("display: English repeat for zones %s", strings.Join(v.EnglishZones, ", "))
			}
		}
		if s := v.Volume.String(); s != "" {
			r.cfg.Logf("display: volume schedule %s", s)
		}
	}
	return v
}

// resolve picks the settings and pack: the local pack if given (the
// server's settings still apply), else the server's pack, else the cached
// one when the server cannot be reached.
func (r *Resolver) resolve(ctx context.Context) (api.VoiceSettings, *voicepack.Pack, string) {
	settings, online := r.settings(ctx)
	if r.cfg.Local != "" {
		if !r.localDone {
			r.localDone = true
			p, err := voicepack.Load(r.cfg.Local)
			if err != nil {
				r.cfg.Logf("display: voice pack %s is not usable, the built-in voice speaks: %v", r.cfg.Local, err)
			}
			r.local = p
		}
		if r.local == nil {
			return settings, nil, "builtin"
		}
		return settings, r.local, "local"
	}
	if settings.Pack == nil {
		if online {
			r.dropCachedPack()
		}
		return settings, nil, "builtin"
	}
	path := r.packPath(settings.Pack.Kind)
	if online && r.cfg.Source != nil {
		if err := r.download(ctx, settings.Pack, path); err != nil {
			r.cfg.Logf("display: voice pack download failed, trying the cached copy: %v", err)
		}
	}
	b, err := os.ReadFile(path + ".etag")
	cached := string(b)
	if err != nil {
		r.cfg.Logf("display: the site's voice pack is not in the cache yet, the built-in voice speaks")
		return settings, nil, "builtin"
	}
	if cached != settings.Pack.ETag {
		r.cfg.Logf("display: using an older cached copy of the site's voice pack (%s, the site has %s)", cached, settings.Pack.ETag)
	}
	if r.pack != nil && r.etag == cached {
		return settings, r.pack, r.origin(online)
	}
	p, err := voicepack.Load(path)
	if err != nil {
		r.cfg.Logf("display: the cached voice pack %s is not usable, the built-in voice speaks: %v", path, err)
		return settings, nil, "builtin"
	}
	r.pack, r.etag = p, cached
	return settings, p, r.origin(online)
}

func (r *Resolver) origin(online bool) string {
	if online {
		return "server"
	}
	return "cache"
}

// settings asks the server, and keeps the answer in the cache; when the
// server cannot be reached, the cached answer stands.
func (r *Resolver) settings(ctx context.Context) (api.VoiceSettings, bool) {
	var s api.VoiceSettings
	if r.cfg.Source != nil {
		ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		var err error
		if s, err = r.cfg.Source.VoiceSettings(ctx); err == nil {
			r.lastErr = ""
			if b, err := json.Marshal(s); err == nil {
				if err := r.write(settingsFile, b); err != nil {
					r.cfg.Logf("display: voice cache: %v", err)
				}
			}
			return s, true
		}
		if msg := err.Error(); msg != r.lastErr {
			r.lastErr = msg
			r.cfg.Logf("display: voice settings from the server: %v (using the cached ones)", err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(r.cfg.CacheDir, settingsFile)); err == nil {
		if err := json.Unmarshal(b, &s); err != nil {
			r.cfg.Logf("display: cached voice settings unreadable: %v", err)
			s = api.VoiceSettings{}
		}
	}
	return s, false
}

func (r *Resolver) packPath(kind string) string {
	if kind != "zip" {
		kind = "tar.gz"
	}
	return filepath.Join(r.cfg.CacheDir, packPrefix+kind)
}

// download fetches the pack unless the cache holds this ETag already
// (then the server answers 304). The archive is written before its ETag,
// each atomically, so a power cut never leaves a half file named current.
func (r *Resolver) download(ctx context.Context, info *api.VoicePackInfo, path string) error {
	have, _ := os.ReadFile(path + ".etag")
	if _, err := os.Stat(path); err != nil {
		have = nil
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	data, etag, notModified, err := r.cfg.Source.VoicePack(ctx, string(have))
	if err != nil {
		return err
	}
	if notModified {
		return nil
	}
	if etag == "" {
		etag = info.ETag
	}
	name := filepath.Base(path)
	if err := r.write(name, data); err != nil {
		return err
	}
	return r.write(name+".etag", []byte(etag))
}

// dropCachedPack forgets a pack the site no longer has.
func (r *Resolver) dropCachedPack() {
	for _, k := range []string{"zip", "tar.gz"} {
		p := r.packPath(k)
		os.Remove(p)
		os.Remove(p + ".etag")
	}
	r.pack, r.etag = nil, ""
}

// write replaces a cache file atomically.
func (r *Resolver) write(name string, b []byte) error {
	if r.cfg.CacheDir == "" {
		return errors.New("no cache folder")
	}
	if err := os.MkdirAll(r.cfg.CacheDir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(r.cfg.CacheDir, name+".tmp*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return werr
	}
	return os.Rename(tmp.Name(), filepath.Join(r.cfg.CacheDir, name))
}

// Describe is the start-up line about a voice: the pack, how much of the
// vocabulary it says and every word the built-in voice says instead.
func Describe(p *voicepack.Pack, origin string) string {
	if p == nil {
		return "voice: built-in"
	}
	voc := voicepack.Vocabulary()
	miss := p.MissingFrom(voc)
	from := map[string]string{"local": "", "server": " from the server", "cache": " cached from the server (offline)"}[origin]
	s := fmt.Sprintf("voice pack %s%s: %d of %d words recorded", p.Name(), from, len(voc)-len(miss), len(voc))
	if len(miss) > 0 {
		s += "; built-in voice for: " + strings.Join(miss, " ")
	}
	if en := p.English(); en != nil {
		s += fmt.Sprintf("; English: %d words", len(en.Words()))
	}
	return s
}
