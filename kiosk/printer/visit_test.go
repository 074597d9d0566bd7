package printer

import (
	"strings"
	"testing"

	"antrean/shared/api"
)

// A visit's ticket lists its services in order under the number; one QR
// code for all of them.
func TestVisitReceiptListsSteps(t *testing.T) {
	tk := sampleTicket()
	tk.Route = []api.Step{
		{ServiceID: "ktp-el", ServiceName: "Perekaman & Pencetakan KTP-el", AgencyShort: "Disdukcapil", Current: true},
		{ServiceID: "sim", ServiceName: "Perpanjangan SIM A & C", AgencyShort: "Polres Pariaman"},
		{ServiceID: "jkn", ServiceName: "Pendaftaran & Perubahan Data JKN", AgencyShort: "BPJS Kesehatan"},
	}
	for _, paper := range []Paper{Paper58, Paper80} {
		j := decode(t, Encode(FromTicket("MPP Kota Pariaman", tk), paper))
		text := strings.Join(j.lines, "\n")
		for _, want := range []string{"SATU NOMOR UNTUK 3 LAYANAN:", "1. Perekaman & Pencetakan KTP-el", "(Polres Pariaman)",
			"3. Pendaftaran & Perubahan Data", "Layanan 1:"} {
			if !strings.Contains(text, want) {
				t.Fatalf("%d mm: no %q in\n%s", paper, want, text)
			}
		}
		if strings.Index(text, "1. Perekaman") > strings.Index(text, "2. Perpanjangan") {
			t.Fatal("steps out of order")
		}
		for _, l := range j.lines {
			if len(l) > paper.Cols() {
				t.Fatalf("%d mm: line wider than the roll: %q", paper, l)
			}
		}
		if !j.qrPrinted || j.qrData != tk.StatusURL {
			t.Fatalf("QR %q printed=%v", j.qrData, j.qrPrinted)
		}
	}
	// One service: the ticket as before.
	one := sampleTicket()
	one.Route = []api.Step{{ServiceID: one.ServiceID, ServiceName: one.ServiceName, Current: true}}
	if a, b := Encode(FromTicket("MPP", one), Paper80), Encode(FromTicket("MPP", sampleTicket()), Paper80); string(a) != string(b) {
		t.Fatal("a one-step route changed the ticket")
	}
}
