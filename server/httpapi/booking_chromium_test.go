package httpapi_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"antrean/shared/api"
)

// The booking pages in a real headless Chromium, at phone size, driven by
// real taps and typing (the browser of status_test.go). Chromium helpers
// of the booking test live in this one file.

// typeInto taps a field and types text into it as a keyboard would.
func (b *browser) typeInto(sel, text string) {
	b.t.Helper()
	b.tap(sel)
	focused := fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, sel)
	for i := 0; i < 40 && b.eval(focused) != "true"; i++ {
		time.Sleep(50 * time.Millisecond)
		if i == 20 { // a slow machine moved the page under the tap: once more
			b.tap(sel)
		}
	}
	b.waitJS(focused)
	b.call("Input.insertText", map[string]any{"text": text}, nil)
}

// tapText taps the first element matching sel whose text contains text.
func (b *browser) tapText(sel, text string) {
	b.t.Helper()
	id := fmt.Sprintf("tap-%d", len(text)+len(sel))
	b.waitJS(fmt.Sprintf(`Array.prototype.some.call(document.querySelectorAll(%q), function (e) {
		if (e.textContent.indexOf(%q) >= 0 && !e.disabled) { e.id = e.id || %q; return true; } return false; })`, sel, text, id))
	b.tap(`[id="` + id + `"]`)
}

// fitsWidth fails when the page is wider than the phone.
func (b *browser) fitsWidth(w int) {
	b.t.Helper()
	if got := b.eval(`document.documentElement.scrollWidth`); got != fmt.Sprint(w) {
		b.t.Fatalf("page is %s px wide at %d", got, w)
	}
}

func TestBookingPageInChromium(t *testing.T) {
	b := startBrowser(t)
	s, _ := bookingServer(t, monday(7, 0))

	b.call("Page.navigate", map[string]any{"url": s.URL + "/booking"}, nil)
	b.waitJS(`document.body.getAttribute("data-ready") === "1"`)
	b.waitText("title", "Daftar antrean online")
	// The services that take bookings, grouped by agency; no other.
	if n := b.eval(`document.querySelectorAll("#service option[value]:not([value=''])").length`); n != "2" {
		t.Fatalf("%s services offered", n)
	}
	if b.visible("day-card") || b.visible("who-card") {
		t.Fatal("later steps show before a service is chosen")
	}
	// A native <select> opens the phone's own picker; choose as it would.
	b.eval(`(function(){var s=document.getElementById("service");s.focus();s.value="paspor";s.dispatchEvent(new Event("change",{bubbles:true}))})()`)
	b.waitJS(`!document.getElementById("day-card").hidden`)
	// Dates from today; the first is Monday 23 November.
	b.waitText("days", "23")
	b.tapText("#days .chip", "23")
	b.waitJS(`document.querySelectorAll("#slots .chip").length === 14`)
	b.waitText("slots", "2 tempat")
	b.fitsWidth(390)
	b.eval(`window.scrollTo(0, 0)`)
	b.screenshot("booking-choose")
	b.tapText("#slots .chip", "09:00")
	b.waitJS(`!document.getElementById("who-card").hidden`)
	b.waitText("summary", "Permohonan Paspor")
	b.waitText("summary", "pukul 09:00")
	if b.eval(`document.getElementById("send").disabled`) != "false" {
		t.Fatal("the book button is disabled with a slot chosen")
	}
	// A wrong phone number is caught before anything is sent.
	b.typeInto("#name", "Siti Rahmawati")
	b.typeInto("#phone", "0751-12")
	b.tap("#send")
	b.waitText("error", "Nomor HP tidak valid")
	b.eval(`document.getElementById("phone").value = ""`)
	b.typeInto("#phone", "0812-3456-7890")
	b.waitJS(`document.getElementById("error").hidden`)
	var px float64
	json.Unmarshal([]byte(b.eval(`parseFloat(getComputedStyle(document.getElementById("send")).height)`)), &px)
	if px < 56 {
		t.Fatalf("book button %v px high: too small for a thumb", px)
	}
	b.fitsWidth(390)
	b.eval(`document.getElementById("who-card").scrollIntoView()`)
	b.screenshot("booking-form")

	b.tap("#send")
	b.waitJS(`location.pathname.indexOf("/b/") === 0 && document.body.getAttribute("data-ready") === "1"`)
	var code string
	json.Unmarshal([]byte(b.eval(`document.getElementById("code").textContent`)), &code)
	if len(code) != 6 {
		t.Fatalf("booking page code %q", code)
	}
	b.waitText("new", "Pendaftaran berhasil")
	b.waitText("state", "Terdaftar")
	b.waitText("date", "Senin, 23 November 2026")
	b.waitText("time", "09.00–09.30 WIB")
	b.waitText("window", "08.30–09.15")
	b.waitText("name", "S••• R•••••••")
	b.waitText("phone", "0812••••••••")
	b.waitText("late-text", "Jika terlambat, booking tidak berlaku lagi")
	if b.eval(`document.getElementById("qr").naturalWidth > 100`) != "true" {
		t.Fatal("the QR code image did not load (CSP?)")
	}
	if h := b.eval(`document.getElementById("ics").getAttribute("href")`); h != fmt.Sprintf("%q", "/b/"+code+"/kalender.ics") {
		t.Fatalf("calendar link %s", h)
	}
	if txt := b.eval(`document.body.innerText`); strings.Contains(txt, "Siti") || strings.Contains(txt, "7890") {
		t.Fatal("the booking page shows the name or the phone's last digits")
	}
	b.fitsWidth(390)
	b.screenshot("booking-done")

	// The server has it, in full for the officers of the service.
	off := s.Officer("petugas11", "loket-14")
	list, err := off.Bookings(ctx(t), mondayDate, "paspor")
	if err != nil || len(list) != 1 || list[0].Code != code || list[0].Name != "Siti Rahmawati" || list[0].Phone != "081234567890" ||
		!list[0].SlotStart.Equal(monday(9, 0)) {
		t.Fatalf("booked: %+v %v", list, err)
	}
	d, _ := s.Client("").BookingSlots(ctx(t), "paspor", mondayDate)
	if sl := slotOf(t, d, "09:00"); sl.Free != 1 {
		t.Fatalf("slot after booking: %+v", sl)
	}

	// English, remembered.
	b.eval(`document.getElementById("lang").click()`)
	b.waitText("state", "Booked")
	b.waitText("date", "Monday, 23 November 2026")
	b.waitText("time", "09:00–09:30 WIB")

	// Cancelling: the last four digits, a wrong try first.
	b.tap("#cancel")
	b.waitJS(`!document.getElementById("cancel-form").hidden`)
	b.typeInto("#last4", "1111")
	b.tap("#cancel-go")
	b.waitText("cancel-error", "do not match")
	b.eval(`document.getElementById("last4").value = ""`)
	b.typeInto("#last4", "7890")
	b.waitJS(`!document.getElementById("cancel-go").disabled`)
	b.eval(`document.getElementById("lang").click()`)
	b.tap("#cancel-go")
	b.waitText("state", "Dibatalkan")
	b.waitText("final-text", "Tempatnya kini bisa dipesan orang lain")
	if b.visible("cancel") || b.visible("ics") {
		t.Fatal("cancel and calendar still show after cancelling")
	}
	d, _ = s.Client("").BookingSlots(ctx(t), "paspor", mondayDate)
	if sl := slotOf(t, d, "09:00"); sl.Free != 2 {
		t.Fatalf("cancelling did not free the slot: %+v", sl)
	}
	b.screenshot("booking-cancelled")

	// Hoarding is refused on the page too, with words a citizen reads.
	b.call("Page.navigate", map[string]any{"url": s.URL + "/booking?layanan=paspor"}, nil)
	b.waitJS(`document.body.getAttribute("data-ready") === "1" && !document.getElementById("day-card").hidden`)
	book := func(slot string) {
		b.tapText("#days .chip", "23")
		b.waitJS(`document.querySelectorAll("#slots .chip").length === 14`)
		b.tapText("#slots .chip", slot)
		b.waitJS(`!document.getElementById("who-card").hidden`)
		b.eval(`document.getElementById("name").value = ""; document.getElementById("phone").value = ""`)
		b.typeInto("#name", "Rahmat Hidayat")
		b.typeInto("#phone", "0813 7777 1234")
		b.tap("#send")
	}
	book("10:00")
	b.waitJS(`location.pathname.indexOf("/b/") === 0`)
	b.call("Page.navigate", map[string]any{"url": s.URL + "/booking?layanan=paspor"}, nil)
	b.waitJS(`document.body.getAttribute("data-ready") === "1" && !document.getElementById("day-card").hidden`)
	book("11:00")
	b.waitText("error", "sudah punya booking untuk layanan ini")
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 360, "height": 640, "deviceScaleFactor": 1, "mobile": true}, nil)
	b.waitJS(`innerWidth === 360`)
	b.fitsWidth(360)
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}, nil)
	b.waitJS(`innerWidth === 390`)
	b.screenshot("booking-refused")

	list, _ = newAdminClient(t, s).Bookings(ctx(t), mondayDate, "")
	if len(list) != 2 || list[1].Name != "Rahmat Hidayat" || list[1].State != api.BookingBooked {
		t.Fatalf("bookings after the page: %+v", list)
	}
}

// The admin page shows the booking report and downloads a citizen's data.
func TestAdminBookingReportInChromium(t *testing.T) {
	b := startBrowser(t)
	s, _ := bookingServer(t, monday(7, 0))
	bk := &booker{t: t, c: s.Client("")}
	bk.mustBook("paspor", mondayDate, "09:00", "0812-3456-7890")
	bk.mustBook("sim", mondayDate, "09:00")
	b.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil)
	b.call("Page.navigate", map[string]any{"url": s.URL + "/admin"}, nil)
	b.waitJS(`document.readyState === "complete" && innerWidth === 1280 && document.getElementById("user")`)
	b.typeInto("#user", "admin")
	b.typeInto("#pass", "admin-demo")
	b.eval(`document.getElementById("loginForm").requestSubmit()`)
	b.waitJS(`!document.getElementById("app").classList.contains("hidden")`)
	b.eval(`document.getElementById("from").value = "2026-11-23"; document.getElementById("to").value = "2026-11-23"`)
	// (Tables above fill in as their reports arrive and move the form: submit
	// it directly rather than tap a moving button.)
	b.eval(`document.getElementById("bookForm").requestSubmit()`)
	// (The page loaded today's report first; wait for the chosen day's.)
	b.waitJS(`document.querySelector("#bookTable tr.total td:nth-child(2)").textContent === "2"`)
	b.waitText("bookTable", "Permohonan Paspor")
	b.waitText("bookTable", "Perpanjangan SIM")
	var cells []string
	json.Unmarshal([]byte(b.eval(`Array.prototype.map.call(document.querySelectorAll("#bookTable tr.total td"), function (c) { return c.textContent; })`)), &cells)
	if len(cells) != 12 || cells[1] != "2" || cells[6] != "2" {
		t.Fatalf("total row %q", cells)
	}
	if msg := b.eval(`document.getElementById("bookMsg").textContent`); msg != `""` {
		t.Fatalf("report error %s", msg)
	}
	b.eval(`document.getElementById("exportPhone").value = "0812 3456 7890"; document.getElementById("exportForm").requestSubmit()`)
	b.waitText("exportMsg", "1 booking diunduh")
}
