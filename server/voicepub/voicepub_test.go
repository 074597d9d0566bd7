package voicepub

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"antrean/server/config"
	"antrean/server/serve"
	"antrean/server/servertest"
	"antrean/shared/api"
	"antrean/shared/voicepack"
)

const samplePack = "../../shared/voicepack/testdata/pack-sample"

// A display token downloads the site's pack (a folder made into a
// .tar.gz), with an ETag; asking again with it gives 304; other roles are
// refused; the downloaded archive loads as the same voice.
func TestDisplayDownloadsPackWithETag(t *testing.T) {
	vc, pack, err := Prepare(config.Voice{EnglishZones: []string{"C"}, VolumeSchedule: "16:00-07:00=60"}, samplePack)
	if err != nil {
		t.Fatal(err)
	}
	srv := servertest.Start(t, servertest.WithConfig(func(c *serve.Config) { c.Voice = vc }))
	ctx := context.Background()
	display := srv.Client(srv.DisplayToken)

	set, err := display.VoiceSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if set.Pack == nil || set.Pack.Kind != "tar.gz" || set.Pack.ETag == "" || set.VolumeSchedule != "16:00-07:00=60" ||
		len(set.EnglishZones) != 1 || set.EnglishZones[0] != "C" {
		t.Fatalf("settings %+v", set)
	}
	data, etag, notMod, err := display.VoicePack(ctx, "")
	if err != nil || notMod {
		t.Fatalf("download: %v notModified=%v", err, notMod)
	}
	if etag != set.Pack.ETag || int64(len(data)) != set.Pack.Bytes {
		t.Fatalf("etag %s (settings %s), %d bytes (settings %d)", etag, set.Pack.ETag, len(data), set.Pack.Bytes)
	}
	// The archive is the same voice.
	file := filepath.Join(t.TempDir(), "voice.tar.gz")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := voicepack.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := got.Words(), pack.Words(); len(g) != 6 || len(g) != len(w) {
		t.Fatalf("downloaded words %v, folder words %v", g, w)
	}
	a, _, _ := got.Clip("nomor")
	b, _, _ := pack.Clip("nomor")
	if string(a.Data) != string(b.Data) {
		t.Fatal("downloaded nomor differs from the folder's")
	}

	// Unchanged: 304, no body.
	data, etag2, notMod, err := display.VoicePack(ctx, etag)
	if err != nil || !notMod || data != nil || etag2 != etag {
		t.Fatalf("revalidate: %v notModified=%v %d bytes", err, notMod, len(data))
	}
	// A stale ETag downloads again.
	if data, _, notMod, err = display.VoicePack(ctx, `"stale"`); err != nil || notMod || len(data) == 0 {
		t.Fatalf("stale etag: %v notModified=%v", err, notMod)
	}
	// The same folder always makes the same archive.
	again, _, err := Prepare(config.Voice{}, samplePack)
	if err != nil || again.Settings.Pack.ETag != etag {
		t.Fatalf("ETag not stable: %v %v", err, again.Settings.Pack)
	}

	// Kiosks and officers cannot read it; nor can anyone without a token.
	kiosk := srv.Kiosk()
	officer := srv.Officer("petugas1", "loket-1")
	for name, c := range map[string]interface {
		VoicePack(context.Context, string) ([]byte, string, bool, error)
		VoiceSettings(context.Context) (api.VoiceSettings, error)
	}{"kiosk": kiosk, "officer": officer, "anonymous": srv.Client("")} {
		want := api.CodeForbidden
		if name == "anonymous" {
			want = api.CodeUnauthorized
		}
		_, _, _, err := c.VoicePack(ctx, "")
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Code != want {
			t.Errorf("%s pack: %v, want %s", name, err, want)
		}
		if _, err := c.VoiceSettings(ctx); !errors.As(err, &ae) || ae.Code != want {
			t.Errorf("%s settings: %v, want %s", name, err, want)
		}
	}
	// Admins may look (the admin page can show what displays get).
	req, _ := http.NewRequest("GET", srv.URL+"/v1/site/voice/pack", nil)
	req.Header.Set("If-None-Match", etag)
	req.Header.Set("Authorization", "Bearer "+adminToken(t, srv))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Fatalf("admin revalidate: %s", resp.Status)
	}
}

func adminToken(t *testing.T, srv *servertest.Server) string {
	t.Helper()
	c := srv.Client("")
	s, err := c.Login(context.Background(), api.SessionRequest{Username: servertest.AdminUser, Password: servertest.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	return s.Token
}

// Without a pack the settings still reach displays and the pack is 404.
func TestNoPackIsNotFound(t *testing.T) {
	vc, _, err := Prepare(config.Voice{VolumeSchedule: "12:00-13:00=50"}, "")
	if err != nil {
		t.Fatal(err)
	}
	srv := servertest.Start(t, servertest.WithConfig(func(c *serve.Config) { c.Voice = vc }))
	display := srv.Client(srv.DisplayToken)
	set, err := display.VoiceSettings(context.Background())
	if err != nil || set.Pack != nil || set.VolumeSchedule != "12:00-13:00=50" {
		t.Fatalf("settings %+v, %v", set, err)
	}
	_, _, _, err = display.VoicePack(context.Background(), "")
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Code != api.CodeNotFound {
		t.Fatalf("pack: %v, want not_found", err)
	}
}

// A pack that does not load stops the server at start, with the reason.
func TestBrokenPackRefusedAtStart(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "voice.zip")
	if err := os.WriteFile(bad, []byte("not a zip"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Prepare(config.Voice{}, bad); err == nil {
		t.Fatal("a corrupt zip was accepted")
	}
	if _, _, err := Prepare(config.Voice{}, filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("a missing pack was accepted")
	}
}
