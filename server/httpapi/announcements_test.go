package httpapi_test

import (
	"strings"
	"testing"

	"antrean/server/servertest"
	"antrean/shared/api"
)

// TestAnnouncementsAdminAPI: the admin manages the running text; every
// change reaches a display's event stream as catalog.updated with the
// list; the display token reads the list with the board and cannot
// write; bad input is problem+json invalid_input naming the field.
func TestAnnouncementsAdminAPI(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	disp := &adminAPI{t: t, s: s, token: s.DisplayToken}
	kiosk := &adminAPI{t: t, s: s, token: s.KioskToken}

	// The sample site's plain list came in as always-on entries.
	var all []api.Announcement
	adm.must("GET", "/v1/admin/announcements", nil, &all, 200)
	if len(all) < 3 || all[0].ID != "site-1" || !all[0].Enabled || all[0].Start != "" {
		t.Fatalf("seeded list %+v", all)
	}
	n0 := len(all)

	_, br := openStream(t, s.URL, s.DisplayToken, "")
	var a api.Announcement
	adm.must("POST", "/v1/admin/announcements", map[string]any{
		"text": "Layanan SIM keliling hari Sabtu di Lapangan Merdeka.", "text_en": "Mobile driving licence service on Saturday.",
		"from": "2026-11-26", "until": "2026-11-28", "start": "08:00", "end": "12:00", "zones": []string{"a"},
	}, &a, 201)
	if !a.Enabled || a.ID == "" || a.Zones[0] != "a" {
		t.Fatalf("created %+v (enabled by default, an id made)", a)
	}
	readUntil(t, br, "event: catalog.updated")
	readUntil(t, br, `"text":"Layanan SIM keliling hari Sabtu di Lapangan Merdeka."`)

	// The display reads it with the board, and cannot read the admin
	// list or write.
	var b api.Board
	disp.must("GET", "/v1/board", nil, &b, 200)
	found := false
	for _, x := range b.Announcements {
		found = found || (x.ID == a.ID && x.Until == "2026-11-28" && x.End == "12:00")
	}
	if !found {
		t.Fatalf("board announcements %+v lack %s", b.Announcements, a.ID)
	}
	for _, c := range []struct{ method, path string }{
		{"GET", "/v1/admin/announcements"}, {"POST", "/v1/admin/announcements"},
		{"PATCH", "/v1/admin/announcements/" + a.ID}, {"DELETE", "/v1/admin/announcements/" + a.ID},
	} {
		for _, who := range []*adminAPI{disp, kiosk} {
			if st, code := who.do(c.method, c.path, map[string]any{"text": "x"}, nil); st != 403 || code != api.CodeForbidden {
				t.Errorf("%s %s with a device token: %d %s", c.method, c.path, st, code)
			}
		}
	}
	anon := &adminAPI{t: t, s: s}
	if st, _ := anon.do("GET", "/v1/admin/announcements", nil, nil); st != 401 {
		t.Errorf("anonymous list: %d", st)
	}

	// Bad input: 400 invalid_input, the field named, nothing stored.
	for _, c := range []struct {
		body any
		want string
	}{
		{map[string]any{"text": ""}, "text (Indonesian) is missing"},
		{map[string]any{"text": strings.Repeat("a", 301)}, "at most 300"},
		{map[string]any{"text": "a", "from": "besok"}, "from \"besok\" is not a date"},
		{map[string]any{"text": "a", "from": "2026-12-05", "until": "2026-12-01"}, "until 2026-12-01 is before from"},
		{map[string]any{"text": "a", "start": "08:00"}, "start and end go together"},
		{map[string]any{"text": "a", "start": "08:00", "end": "7pm"}, "end \"7pm\" is not a time"},
		{map[string]any{"text": "a", "id": "site-9"}, "plain announcements list"},
		{map[string]any{"text": "a", "colour": "red"}, "unknown field"},
		{`{"text": "a"`, "malformed JSON"},
	} {
		st, body, h := adm.raw("POST", "/v1/admin/announcements", c.body)
		if st != 400 || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") ||
			!strings.Contains(string(body), `"code":"invalid_input"`) || !strings.Contains(strings.ReplaceAll(string(body), `\"`, `"`), c.want) {
			t.Errorf("POST %v: %d %s %s", c.body, st, h.Get("Content-Type"), body)
		}
	}
	adm.must("POST", "/v1/admin/announcements", map[string]any{"id": a.ID, "text": "dup"}, nil, 409)
	adm.must("GET", "/v1/admin/announcements", nil, &all, 200)
	if len(all) != n0+1 {
		t.Fatalf("refused requests stored entries: %d, want %d", len(all), n0+1)
	}

	// PATCH changes only what it sends; the id is fixed; PUT replaces.
	var got api.Announcement
	adm.must("PATCH", "/v1/admin/announcements/"+a.ID, map[string]any{"enabled": false}, &got, 200)
	if got.Enabled || got.Text != a.Text || got.End != "12:00" {
		t.Fatalf("patched %+v", got)
	}
	readUntil(t, br, `"enabled":false`)
	adm.must("PATCH", "/v1/admin/announcements/"+a.ID, map[string]any{"id": "other"}, nil, 400)
	got = api.Announcement{}
	adm.must("PUT", "/v1/admin/announcements/"+a.ID, map[string]any{"text": "Diganti."}, &got, 200)
	if got.Text != "Diganti." || got.Start != "" || !got.Enabled || len(got.Zones) != 0 {
		t.Fatalf("put %+v", got)
	}
	adm.must("GET", "/v1/admin/announcements/"+a.ID, nil, &got, 200)
	if got.Text != "Diganti." {
		t.Fatalf("get one %+v", got)
	}
	adm.must("PUT", "/v1/admin/announcements/nope", map[string]any{"text": "x"}, nil, 404)
	adm.must("DELETE", "/v1/admin/announcements/"+a.ID, nil, nil, 204)
	adm.must("DELETE", "/v1/admin/announcements/"+a.ID, nil, nil, 404)
	adm.must("GET", "/v1/admin/announcements/"+a.ID, nil, nil, 404)
}
