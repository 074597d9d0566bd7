package httpapi_test

import (
	"encoding/base64"
	"fmt"
	"image/color"
	"testing"

	"antrean/server/servertest"
	"antrean/shared/api"
)

// The media section of /admin in Chromium: an admin picks a PNG, uploads
// it, sees its thumbnail (fetched with the token, shown as a blob under
// the page's CSP), disables it, moves it and deletes it; a text file is
// refused with a readable message.
func TestAdminPageMediaInChromium(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	// One slide already there, so there is something to move past.
	st, body, _ := upload(t, s, adm.token, pngOf(t, 40, 40, color.White), map[string]string{"title": "Pertama"})
	if st != 201 {
		t.Fatalf("seed upload: %d %s", st, body)
	}
	b := startChrome(t, 1366, 900, false)
	adminLogin(t, b, s.URL)
	b.waitText("mediaTable", "Pertama")

	pick := func(name, typ string, data []byte) {
		b.eval(fmt.Sprintf(`(function(){var bin=atob(%q),a=new Uint8Array(bin.length);for(var i=0;i<bin.length;i++)a[i]=bin.charCodeAt(i);
			var dt=new DataTransfer();dt.items.add(new File([a],%q,{type:%q}));document.getElementById("mediaFile").files=dt.files;return true})()`,
			base64.StdEncoding.EncodeToString(data), name, typ), nil)
	}
	pick("catatan.txt", "text/plain", []byte("bukan gambar"))
	b.tap(`#mediaForm button[type="submit"]`)
	b.waitText("mediaMsg", "Gambar tidak diterima: not a PNG or JPEG picture")

	pick("jam.png", "image/png", pngOf(t, 160, 90, color.RGBA{0, 120, 60, 255}))
	b.typeInto("#mediaTitle", "Jam layanan")
	b.typeInto("#mediaDur", "15")
	b.tap(`#mediaForm button[type="submit"]`)
	b.waitText("mediaMsg", "diunggah")
	b.waitText("mediaTable", "160×90 px")
	b.waitText("mediaTable", "15 detik")
	// The new slide's thumbnail is drawn (second row after the header).
	b.waitJS(`(function(){var i=document.querySelectorAll("#mediaTable img.thumb")[1];return i&&i.src.indexOf("blob:")===0&&i.complete&&i.naturalWidth===160})()`)

	var list api.SlideList
	adm.must("GET", "/v1/admin/media", nil, &list, 200)
	if len(list.Slides) != 2 || list.Slides[1].Title != "Jam layanan" || list.Slides[1].DurationS != 15 {
		t.Fatalf("after the upload: %+v", list.Slides)
	}
	second := list.Slides[1].ID

	// Disable it, then move it up.
	b.tap(`#mediaTable tr:nth-child(3) button:nth-child(3)`) // Nonaktifkan
	b.waitText("mediaTable", "Nonaktif")
	b.tap(`#mediaTable tr:nth-child(3) button:nth-child(1)`) // ▲
	b.waitJS(`document.querySelector("#mediaTable tr:nth-child(2)").textContent.indexOf("Jam layanan")>=0`)
	adm.must("GET", "/v1/admin/media", nil, &list, 200)
	if list.Slides[0].ID != second || list.Slides[0].Enabled {
		t.Fatalf("after disable and move up: %+v", list.Slides)
	}
	b.screenshot("admin-media")

	// Delete it (the confirm dialog answered yes).
	b.eval(`window.confirm = function(){ return true }`, nil)
	b.tap(`#mediaTable tr:nth-child(2) button:nth-child(4)`) // Hapus
	b.waitText("mediaMsg", "Slide dihapus.")
	adm.must("GET", "/v1/admin/media", nil, &list, 200)
	if len(list.Slides) != 1 || list.Slides[0].Title != "Pertama" {
		t.Fatalf("after delete: %+v", list.Slides)
	}
	if v := b.cspViolations(); len(v) > 0 {
		t.Fatalf("CSP violations: %v", v)
	}
	// The one error the page met is the refused text file's 400.
	if errs := b.errors("status of 400"); len(errs) > 0 {
		t.Fatalf("page errors: %v", errs)
	}
}
