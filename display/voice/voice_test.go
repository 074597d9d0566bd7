package voice

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"antrean/server/config"
	"antrean/server/serve"
	"antrean/server/servertest"
	"antrean/server/voicepub"
	"antrean/shared/voicepack"
)

const samplePack = "../../shared/voicepack/testdata/pack-sample"

type logs struct {
	mu    sync.Mutex
	lines []string
}

func (l *logs) logf(f string, a ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(f, a...))
	l.mu.Unlock()
}

func (l *logs) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, x := range l.lines {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// counting counts pack downloads that sent bytes.
type counting struct {
	Source
	downloads, notModified int
}

func (c *counting) VoicePack(ctx context.Context, etag string) ([]byte, string, bool, error) {
	b, e, nm, err := c.Source.VoicePack(ctx, etag)
	if err == nil && nm {
		c.notModified++
	} else if err == nil {
		c.downloads++
	}
	return b, e, nm, err
}

// The display downloads the site's pack once, revalidates it with its
// ETag, and speaks from the cached copy when the server is unreachable.
func TestServerPackCachedAndUsedOffline(t *testing.T) {
	vc, _, err := voicepub.Prepare(config.Voice{VolumeSchedule: "16:00-07:00=50", EnglishZones: []string{"C"}}, samplePack)
	if err != nil {
		t.Fatal(err)
	}
	srv := servertest.Start(t, servertest.WithConfig(func(c *serve.Config) { c.Voice = vc }))
	cache := t.TempDir()
	src := &counting{Source: srv.Client(srv.DisplayToken)}
	var l logs
	r := NewResolver(Config{CacheDir: cache, Source: src, Logf: l.logf})
	v := r.Resolve(context.Background())
	if v.Pack == nil || len(v.Pack.Words()) != 6 || v.Volume.String() != "16:00-07:00=50" || len(v.EnglishZones) != 1 {
		t.Fatalf("voice %+v", v)
	}
	if src.downloads != 1 {
		t.Fatalf("%d downloads", src.downloads)
	}
	if !l.has("from the server: 6 of") || !l.has("built-in voice for: ") || !l.has(" satu ") {
		t.Fatalf("start-up log does not list the missing words: %q", l.lines)
	}
	if !l.has("English repeat for zones C skipped") {
		t.Fatalf("no log line about the missing English clips: %q", l.lines)
	}
	// Again: 304, the same pack (not reloaded), no new log line.
	n := len(l.lines)
	if v2 := r.Resolve(context.Background()); v2.Pack != v.Pack || src.notModified != 1 || src.downloads != 1 {
		t.Fatalf("revalidate: same pack %v, notModified %d, downloads %d", v2.Pack == v.Pack, src.notModified, src.downloads)
	}
	if len(l.lines) != n {
		t.Fatalf("unchanged voice logged again: %q", l.lines[n:])
	}

	// A display restarting while the server is down.
	srv.Stop()
	var off logs
	r2 := NewResolver(Config{CacheDir: cache, Source: srv.Client(srv.DisplayToken), Logf: off.logf})
	v3 := r2.Resolve(context.Background())
	if v3.Pack == nil || len(v3.Pack.Words()) != 6 || v3.Volume.String() != "16:00-07:00=50" {
		t.Fatalf("offline voice %+v", v3)
	}
	if !off.has("cached from the server (offline)") {
		t.Fatalf("offline log %q", off.lines)
	}
	nomor, src1, _ := v3.Pack.Clip("nomor")
	want, _, _ := v.Pack.Clip("nomor")
	if src1 != voicepack.FromPack || string(nomor.Data) != string(want.Data) {
		t.Fatal("the cached pack does not say nomor as the server's pack")
	}
}

// With no cache and no server the display speaks the built-in voice.
func TestNoServerNoCacheIsBuiltin(t *testing.T) {
	srv := servertest.Start(t)
	srv.Stop()
	var l logs
	v := NewResolver(Config{CacheDir: t.TempDir(), Source: srv.Client(srv.DisplayToken), Logf: l.logf}).Resolve(context.Background())
	if v.Pack != nil || !l.has("voice: built-in") {
		t.Fatalf("voice %+v, log %q", v, l.lines)
	}
}

// A broken pack given with --voice never silences the display: it logs
// why and the built-in voice speaks. A good one lists its missing words.
func TestLocalPack(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "suara.zip")
	if err := os.WriteFile(bad, []byte("PK\x03\x04 broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	var l logs
	v := NewResolver(Config{Local: bad, CacheDir: t.TempDir(), Logf: l.logf}).Resolve(context.Background())
	if v.Pack != nil || !l.has("is not usable, the built-in voice speaks") || !l.has("voice: built-in") {
		t.Fatalf("broken pack: %+v, log %q", v, l.lines)
	}
	var g logs
	vol, _ := voicepack.ParseSchedule("00:00-24:00=80")
	v = NewResolver(Config{Local: samplePack, CacheDir: t.TempDir(), Logf: g.logf, Volume: &vol, EnglishZones: []string{}}).Resolve(context.Background())
	if v.Pack == nil || v.Volume.String() != "00:00-24:00=80" {
		t.Fatalf("local pack: %+v", v)
	}
	if !g.has("voice pack "+samplePack+": 6 of ") || !g.has("built-in voice for: ") {
		t.Fatalf("log %q", g.lines)
	}
	var one string
	for _, x := range g.lines {
		if strings.Contains(x, "built-in voice for:") {
			one = x
		}
	}
	for _, w := range v.Pack.Missing() {
		if !strings.Contains(one+" ", " "+w+" ") {
			t.Fatalf("missing word %q not in the start-up line %q", w, one)
		}
	}
}
