package printer

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// commandBytes counts ESC and GS bytes outside the QR code's stored data
// (which is length-prefixed binary and may hold any byte); it fails the
// test when a QR store command's length does not match its data.
func commandBytes(t *testing.T, out []byte) int {
	t.Helper()
	store := []byte{gs, '(', 'k'}
	n := 0
	for i := 0; i < len(out); i++ {
		if bytes.HasPrefix(out[i:], store) && i+7 < len(out) && out[i+5] == 49 && out[i+6] == 80 {
			size := int(out[i+3]) | int(out[i+4])<<8
			if size < 3 || i+5+size > len(out) {
				t.Fatalf("QR store command with length %d overruns the job", size)
			}
			n += 1
			i += 5 + size - 1 // skip fn, m and the data
			continue
		}
		if out[i] == esc || out[i] == gs {
			n++
		}
	}
	return n
}

// FuzzEncode: whatever the names, numbers and link, the job has the same
// printer commands as a plain receipt (text cannot smuggle ESC/POS
// commands such as a cut or a cash-drawer kick), text lines fit the
// paper, and the QR code's length field matches its data.
func FuzzEncode(f *testing.F) {
	f.Add("MPP Kota Pariaman", "Disdukcapil", "KTP-el — cetak ulang", "A-001", "https://antrean.example.go.id/t/abc", 3, 12, true)
	f.Add("\x1b@\x1dV\x42", "\x1bp\x00\x19\xfa", "", "B-\x1b!999", strings.Repeat("h", 70000), -1, 1<<40, false)
	f.Fuzz(func(t *testing.T, site, agency, service, number, url string, ahead, wait int, narrow bool) {
		paper := Paper80
		if narrow {
			paper = Paper58
		}
		r := Receipt{Site: site, Agency: agency, Service: service, Number: number, StatusURL: url, PeopleAhead: ahead, EstWait: wait}
		out := Encode(r, paper)
		plain := Receipt{Site: "x", Agency: "x", Service: "x", Number: "x", PeopleAhead: 1, EstWait: wait}
		if qrFits(url) {
			plain.StatusURL = "u"
		}
		if got, want := commandBytes(t, out), commandBytes(t, Encode(plain, paper)); got != want {
			t.Fatalf("%d command bytes, a plain receipt has %d: text leaks printer commands\n%q", got, want, out)
		}
		for _, line := range Wrap(ascii(service), paper.Cols()) {
			if utf8.RuneCountInString(line) > paper.Cols() {
				t.Fatalf("line %q longer than %d", line, paper.Cols())
			}
		}
	})
}
