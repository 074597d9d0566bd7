package httpapi_test

import (
	"fmt"
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

// TestAnnouncementsOnAdminPageInChromium: an admin adds a scheduled
// announcement on /admin as a person does (no inline script: the CSP
// holds), a display's board has it, and the page edits, hides and
// deletes it.
func TestAnnouncementsOnAdminPageInChromium(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	b := startChrome(t, 1366, 900, false)
	adminLogin(t, b, s.URL)
	b.waitText("annTable", "Selamat datang di Mal Pelayanan Publik Kota Pariaman")

	b.typeInto("#annText", "Layanan Samsat keliling hari Sabtu di Lapangan Merdeka.")
	b.typeInto("#annTextEN", "Mobile vehicle tax service on Saturday.")
	b.typeInto("#annZones", "a, b")
	b.eval(`document.getElementById("annFrom").value = "2026-11-26"; document.getElementById("annUntil").value = "2026-11-28";
		document.getElementById("annStart").value = "20:00"; document.getElementById("annEnd").value = "00:00"`, nil)
	b.tap(`#annForm button[type="submit"]`)
	b.waitText("annMsg", "ditambahkan")
	b.waitText("annTable", "2026-11-26 s.d. 2026-11-28, 20:00–24:00")
	var brd api.Board
	(&adminAPI{t: t, s: s, token: s.DisplayToken}).must("GET", "/v1/board", nil, &brd, 200)
	var got *api.Announcement
	for i := range brd.Announcements {
		if strings.HasPrefix(brd.Announcements[i].Text, "Layanan Samsat keliling") {
			got = &brd.Announcements[i]
		}
	}
	if got == nil || got.TextEN != "Mobile vehicle tax service on Saturday." || got.End != "24:00" || strings.Join(got.Zones, ",") != "a,b" || !got.Enabled {
		t.Fatalf("the display's board after the page's create: %+v", got)
	}
	b.screenshot("admin-announcements")

	// Edit: the row's "Ubah" fills the form; saving replaces the entry.
	row := (`(function(){var rs=document.querySelectorAll("#annTable tr");for(var i=0;i<rs.length;i++){if(rs[i].textContent.indexOf("Samsat keliling")>=0)return i+1}return 0})()`)
	var n int
	b.eval(row, &n)
	b.tap(fmt.Sprintf(`#annTable tr:nth-child(%d) td:nth-child(5) button`, n))
	b.waitJS(`document.getElementById("annText").value.indexOf("Samsat keliling") > 0 && document.getElementById("annEnd").value === "00:00"`)
	b.eval(`document.getElementById("annText").value = "Layanan Samsat keliling pindah ke hari Minggu."`, nil)
	b.tap(`#annForm button[type="submit"]`)
	b.waitText("annMsg", "disimpan")
	b.waitText("annTable", "pindah ke hari Minggu")
	var one api.Announcement
	adm.must("GET", "/v1/admin/announcements/"+got.ID, nil, &one, 200)
	if one.Text != "Layanan Samsat keliling pindah ke hari Minggu." || one.End != "24:00" || one.From != "2026-11-26" {
		t.Fatalf("after the edit: %+v", one)
	}
	// Hide, then delete.
	b.tap(fmt.Sprintf(`#annTable tr:nth-child(%d) td:nth-child(6) button`, n))
	b.waitText("annMsg", "disembunyikan")
	adm.must("GET", "/v1/admin/announcements/"+got.ID, nil, &one, 200)
	if one.Enabled {
		t.Fatal("hiding from the page did nothing")
	}
	b.eval(`window.confirm = function () { return true; }`, nil)
	b.eval(row, &n)
	b.tap(fmt.Sprintf(`#annTable tr:nth-child(%d) td:nth-child(7) button`, n))
	b.waitText("annMsg", "dihapus")
	adm.must("GET", "/v1/admin/announcements/"+got.ID, nil, nil, 404)

	// Bad input is said in words on the page.
	b.typeInto("#annText", "Jam tanpa akhir.")
	b.eval(`document.getElementById("annStart").value = "08:00"`, nil)
	b.tap(`#annForm button[type="submit"]`)
	b.waitText("annMsg", "Isian tidak valid")
	if v := b.cspViolations(); len(v) > 0 {
		t.Fatalf("CSP violations: %v", v)
	}
	if errs := b.errors("status of 400"); len(errs) > 0 { // the refused save above
		t.Fatalf("page errors: %v", errs)
	}
}
