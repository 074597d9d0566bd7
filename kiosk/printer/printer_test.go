package printer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"antrean/shared/api"
)

// job is what the decoder understood of the bytes a printer received.
type job struct {
	initialised bool
	cut         bool
	lines       []string // text lines, in order
	bigText     []string // lines printed with GS ! scale > 1
	scale       byte     // last non-zero GS ! value
	qrData      string
	qrPrinted   bool
	qrModel2    bool
	qrLevelM    bool
	statusAsked bool
}

// decode is a small ESC/POS interpreter covering the commands Encode uses;
// an unknown command fails the test so the encoder cannot emit junk.
func decode(t *testing.T, b []byte) job {
	t.Helper()
	var j job
	var cur bytes.Buffer
	var size byte
	flush := func() {
		j.lines = append(j.lines, cur.String())
		if size != 0 {
			j.bigText = append(j.bigText, cur.String())
		}
		cur.Reset()
	}
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == 0x10 && i+2 < len(b) && b[i+1] == 0x04: // DLE EOT n
			j.statusAsked = true
			i += 3
		case c == esc:
			if i+1 >= len(b) {
				t.Fatalf("truncated ESC at %d", i)
			}
			switch b[i+1] {
			case '@':
				j.initialised = true
				i += 2
			case 't', 'a', 'E', 'd':
				i += 3
			default:
				t.Fatalf("unknown ESC %q at %d", b[i+1], i)
			}
		case c == gs:
			switch b[i+1] {
			case '!':
				size = b[i+2]
				if size != 0 {
					j.scale = size
				}
				i += 3
			case 'V':
				j.cut = true
				if b[i+2] == 0x41 || b[i+2] == 0x42 {
					i += 4
				} else {
					i += 3
				}
			case '(':
				if b[i+2] != 'k' {
					t.Fatalf("unknown GS ( %q", b[i+2])
				}
				n := int(b[i+3]) | int(b[i+4])<<8
				body := b[i+5 : i+5+n]
				switch body[1] { // fn after cn=49
				case 65:
					j.qrModel2 = body[2] == 50
				case 69:
					j.qrLevelM = body[2] == 49
				case 80:
					j.qrData = string(body[3:])
				case 81:
					j.qrPrinted = j.qrData != ""
				}
				i += 5 + n
			default:
				t.Fatalf("unknown GS %q at %d", b[i+1], i)
			}
		case c == lf:
			flush()
			i++
		default:
			if c < 0x20 || c > 0x7e {
				t.Fatalf("non-printable byte %#x at %d", c, i)
			}
			cur.WriteByte(c)
			i++
		}
	}
	return j
}

var wib = time.FixedZone("WIB", 7*3600)

func sampleTicket() api.Ticket {
	return api.Ticket{
		ID: "tkt123", Number: "A-001", ServiceName: "Perekaman KTP Elektronik dan Kartu Keluarga",
		AgencyName: "Dinas Kependudukan dan Pencatatan Sipil", AgencyShort: "Disdukcapil",
		PeopleAhead: 4, EstWaitMinutes: 20, IssuedAt: time.Date(2026, 11, 26, 14, 5, 0, 0, wib),
		StatusURL: "http://127.0.0.1:8080/t/tkt123", Priority: api.PriorityElderly, CheckCode: "0472",
	}
}

// fakePrinter accepts one connection and returns what it received.
func fakePrinter(t *testing.T, status []byte) (addr string, got <-chan []byte) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ch := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		if status != nil {
			// Answer the status request the way a printer does.
			var req [3]byte
			if _, err := io.ReadFull(c, req[:]); err != nil {
				return
			}
			c.Write(status)
		}
		b, _ := io.ReadAll(c)
		ch <- b
	}()
	return ln.Addr().String(), ch
}

func TestPrintOverTCPDecodes(t *testing.T) {
	addr, got := fakePrinter(t, nil)
	p, err := New("tcp://"+addr, Paper80)
	if err != nil {
		t.Fatal(err)
	}
	p.StatusTimeout = 50 * time.Millisecond
	tk := sampleTicket()
	if err := p.Print(context.Background(), "MPP Kota Pariaman", tk); err != nil {
		t.Fatal(err)
	}
	var b []byte
	select {
	case b = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("fake printer received nothing")
	}
	j := decode(t, b)
	if !j.statusAsked || !j.initialised || !j.cut {
		t.Fatalf("status=%v init=%v cut=%v", j.statusAsked, j.initialised, j.cut)
	}
	if len(j.bigText) != 1 || j.bigText[0] != "A-001" {
		t.Fatalf("large text = %q, want the number only", j.bigText)
	}
	if j.scale < 0x11 {
		t.Fatalf("number scale %#x, want at least double width and height", j.scale)
	}
	if j.qrData != tk.StatusURL || !j.qrPrinted || !j.qrModel2 || !j.qrLevelM {
		t.Fatalf("qr data=%q printed=%v model2=%v M=%v", j.qrData, j.qrPrinted, j.qrModel2, j.qrLevelM)
	}
	text := strings.Join(j.lines, "\n")
	for _, want := range []string{"MPP Kota Pariaman", "Dinas Kependudukan dan Pencatatan Sipil",
		"Di depan Anda: 4 orang", "Tanggal 26/11/2026 pukul 14.05 WIB", "Prioritas: Lansia", "Kode cek: 0472"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
	// The cut is the last command: nothing printed after it would be lost.
	if !bytes.HasSuffix(b, []byte{gs, 'V', 0x42, 0}) {
		t.Errorf("job does not end with the cut: % x", b[len(b)-6:])
	}
}

func TestWidthWrapping(t *testing.T) {
	r := FromTicket("Mal Pelayanan Publik Kota Pariaman", sampleTicket())
	for _, paper := range []Paper{Paper58, Paper80} {
		j := decode(t, Encode(r, paper))
		for _, l := range j.lines {
			if len(l) > paper.Cols() {
				t.Errorf("%d mm: line %q is %d > %d columns", paper, l, len(l), paper.Cols())
			}
		}
		text := strings.Join(j.lines, "\n")
		switch paper {
		case Paper58: // 34 characters do not fit 32: the date wraps before "pukul"
			if !strings.Contains(text, "Tanggal 26/11/2026\npukul 14.05 WIB") {
				t.Errorf("58 mm date line not wrapped as expected:\n%s", text)
			}
		case Paper80:
			if !strings.Contains(text, "Tanggal 26/11/2026 pukul 14.05 WIB") {
				t.Errorf("80 mm date line should fit one line:\n%s", text)
			}
		}
	}
}

func TestNumberScaleFits(t *testing.T) {
	for _, tc := range []struct {
		number string
		cols   int
		want   int
	}{{"A-001", 32, 4}, {"ABC-0001", 32, 4}, {"ABC-00001", 32, 3}, {"ABC-000001", 32, 3}, {"ABCD-000001", 32, 2}} {
		if got := numberScale(tc.number, tc.cols); got != tc.want {
			t.Errorf("numberScale(%q, %d) = %d, want %d", tc.number, tc.cols, got, tc.want)
		}
	}
}

func TestClosedPortIsAnError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more
	p, err := New("tcp://"+addr, Paper58)
	if err != nil {
		t.Fatal(err)
	}
	err = p.Print(context.Background(), "MPP", sampleTicket())
	if err == nil {
		t.Fatal("printing to a closed port succeeded")
	}
	if !strings.Contains(err.Error(), addr) {
		t.Errorf("error %q does not name the printer", err)
	}
}

func TestPaperOutReported(t *testing.T) {
	addr, _ := fakePrinter(t, []byte{0x72}) // bits 5+6: paper end
	p, err := New("tcp://"+addr, Paper58)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Print(context.Background(), "MPP", sampleTicket()); !errors.Is(err, ErrPaperOut) {
		t.Fatalf("err = %v, want ErrPaperOut", err)
	}
}

func TestDeviceFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := New(path, Paper58)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Print(context.Background(), "MPP", sampleTicket()); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if j := decode(t, b); !j.initialised || !j.cut || j.qrData == "" {
		t.Fatalf("device file job incomplete: %+v", j)
	}
	// A missing device is an error, not a hang.
	p2, _ := New(filepath.Join(t.TempDir(), "missing"), Paper58)
	if err := p2.Print(context.Background(), "MPP", sampleTicket()); err == nil {
		t.Fatal("printing to a missing device succeeded")
	}
}

func TestNewRejectsBadTargets(t *testing.T) {
	if _, err := New("printer.local", Paper80); err == nil {
		t.Error("a bare host name was accepted")
	}
	if _, err := New("tcp://10.0.0.5", Paper(70)); err == nil {
		t.Error("70 mm paper was accepted")
	}
	p, err := New("tcp://10.0.0.5", Paper80)
	if err != nil || p.tcp != "10.0.0.5:9100" {
		t.Errorf("default port: %v %q", err, p.tcp)
	}
	if _, err := ParsePaper("58mm"); err != nil {
		t.Error(err)
	}
}

// A checked-in booking prints like any ticket, plus its slot.
func TestBookedTicketPrintsItsSlot(t *testing.T) {
	tk := sampleTicket()
	if strings.Contains(strings.Join(decode(t, Encode(FromTicket("MPP", tk), Paper58)).lines, "\n"), "Booking") {
		t.Fatal("a walk-in ticket mentions a booking")
	}
	slot := time.Date(2026, 11, 26, 14, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	tk.BookedSlot = &slot
	for _, paper := range []Paper{Paper58, Paper80} {
		j := decode(t, Encode(FromTicket("MPP", tk), paper))
		text := strings.Join(j.lines, " ")
		if !strings.Contains(text, "Booking online: dipanggil mulai pukul 14.30 WIB") || len(j.bigText) != 1 || j.qrData != tk.StatusURL {
			t.Fatalf("paper %v:\n%s", paper, strings.Join(j.lines, "\n"))
		}
	}
}
