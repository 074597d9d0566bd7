package speech

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"antrean/assets"
)

// Literal tables, written out by hand, so the expectation does not share
// code with NumberWords.
var (
	refUnder20 = []string{"nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
		"sepuluh", "sebelas", "dua belas", "tiga belas", "empat belas", "lima belas", "enam belas",
		"tujuh belas", "delapan belas", "sembilan belas"}
	refTens     = []string{"", "", "dua puluh", "tiga puluh", "empat puluh", "lima puluh", "enam puluh", "tujuh puluh", "delapan puluh", "sembilan puluh"}
	refHundreds = []string{"", "seratus", "dua ratus", "tiga ratus", "empat ratus", "lima ratus", "enam ratus", "tujuh ratus", "delapan ratus", "sembilan ratus"}
)

func refUnder100(n int) string {
	if n < 20 {
		return refUnder20[n]
	}
	if n%10 == 0 {
		return refTens[n/10]
	}
	return refTens[n/10] + " " + refUnder20[n%10]
}

func refUnder1000(n int) string {
	if n < 100 {
		return refUnder100(n)
	}
	if n%100 == 0 {
		return refHundreds[n/100]
	}
	return refHundreds[n/100] + " " + refUnder100(n%100)
}

func TestNumberWordsExhaustive0to999(t *testing.T) {
	for n := 0; n <= 999; n++ {
		if got, want := NumberWords(n), refUnder1000(n); got != want {
			t.Errorf("NumberWords(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestNumberWordsSamples(t *testing.T) {
	cases := map[int]string{
		0: "nol", 1: "satu", 3: "tiga", 9: "sembilan", 10: "sepuluh", 11: "sebelas", 12: "dua belas",
		19: "sembilan belas", 20: "dua puluh", 21: "dua puluh satu", 99: "sembilan puluh sembilan",
		100: "seratus", 101: "seratus satu", 110: "seratus sepuluh", 111: "seratus sebelas",
		115: "seratus lima belas", 200: "dua ratus", 999: "sembilan ratus sembilan puluh sembilan",
		1000: "seribu", 1001: "seribu satu", 1011: "seribu sebelas", 1100: "seribu seratus",
		1900: "seribu sembilan ratus", 1945: "seribu sembilan ratus empat puluh lima",
		2000: "dua ribu", 2026: "dua ribu dua puluh enam", 9999: "sembilan ribu sembilan ratus sembilan puluh sembilan",
		10000: "sepuluh ribu", 11000: "sebelas ribu", 100000: "seratus ribu", 115000: "seratus lima belas ribu",
		1000000: "satu juta", 2500000: "dua juta lima ratus ribu", 1000000000: "satu miliar",
		-5: "minus lima",
	}
	for n, want := range cases {
		if got := NumberWords(n); got != want {
			t.Errorf("NumberWords(%d) = %q, want %q", n, got, want)
		}
	}
}

// Rules of Indonesian numerals that must hold everywhere up to 9999.
func TestNumberWordsRules(t *testing.T) {
	for n := 1; n <= 9999; n++ {
		w := NumberWords(n)
		words := strings.Fields(w)
		if strings.Join(words, " ") != w {
			t.Fatalf("%d: irregular spacing %q", n, w)
		}
		for _, bad := range []string{"satu belas", "satu puluh", "satu ratus", "satu ribu", "nol"} {
			if strings.Contains(w, bad) {
				t.Errorf("%d: %q contains %q", n, w, bad)
			}
		}
		if r := n % 100; r >= 12 && r <= 19 && !strings.HasSuffix(w, "belas") {
			t.Errorf("%d: %q should end in belas", n, w)
		}
		if n%100 == 11 && !strings.HasSuffix(w, "sebelas") {
			t.Errorf("%d: %q should end in sebelas", n, w)
		}
		if n/1000 == 1 && !strings.HasPrefix(w, "seribu") {
			t.Errorf("%d: %q should start with seribu", n, w)
		}
		if n >= 1000 && n%1000 != 0 {
			// thousands part + the part below 1000, which we checked exhaustively
			if !strings.HasSuffix(w, " "+refUnder1000(n%1000)) {
				t.Errorf("%d: %q should end with %q", n, w, refUnder1000(n%1000))
			}
		}
	}
}

func TestLetterNames(t *testing.T) {
	want := strings.Fields("a be ce de e ef ge ha i je ka el em en o pe ki er es te u fe we eks ye zet")
	for i, r := range "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		if got := LetterName(r); got != want[i] {
			t.Errorf("LetterName(%c) = %q, want %q", r, got, want[i])
		}
		if got := LetterName(r + 32); got != want[i] {
			t.Errorf("LetterName(%c) = %q, want %q", r+32, got, want[i])
		}
	}
	for _, r := range "0-é " {
		if LetterName(r) != "" {
			t.Errorf("LetterName(%q) should be empty", r)
		}
	}
}

func TestSpellTicket(t *testing.T) {
	cases := map[string]string{
		"A-001":   "a, nol nol satu",
		"KA-012":  "ka a, nol satu dua",
		"B 120":   "be, satu dua nol",
		"q-7":     "ki, tujuh",
		"X-Z 09":  "eks zet, nol sembilan",
		"C001":    "ce, nol nol satu",
		"A-01B":   "a, nol satu, be",
		"123":     "satu dua tiga",
		"":        "",
		"--":      "",
		"W/Y.003": "we ye, nol nol tiga",
	}
	for in, want := range cases {
		if got := SpellTicket(in); got != want {
			t.Errorf("SpellTicket(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPhrase(t *testing.T) {
	if got, want := Phrase(DefaultTemplate, "A-001", 3), "Nomor antrean, a, nol nol satu, silakan menuju loket tiga"; got != want {
		t.Errorf("default: %q, want %q", got, want)
	}
	if got, want := Phrase("", "KA-012", 12), "Nomor antrean, ka a, nol satu dua, silakan menuju loket dua belas"; got != want {
		t.Errorf("empty template: %q, want %q", got, want)
	}
	custom := "Panggilan untuk {nomor}. Ke loket {loket}, {nomor}!"
	if got, want := Phrase(custom, "B-105", 21), "Panggilan untuk be, satu nol lima. Ke loket dua puluh satu, be, satu nol lima!"; got != want {
		t.Errorf("custom: %q, want %q", got, want)
	}
	if got := Phrase("Tanpa isian", "A-1", 1); got != "Tanpa isian" {
		t.Errorf("no placeholders: %q", got)
	}
}

func TestWords(t *testing.T) {
	cases := map[string][]string{
		"Nomor antrean, a, nol":     {"nomor", "antrean", "pause", "a", "pause", "nol"},
		", ,Halo,, dunia. ! ":       {"halo", "pause", "dunia"},
		"Loket 12":                  {"loket", "dua", "belas"},
		"Hari Jum'at":               {"hari", "jumat"},
		"  ":                        nil,
		"Satu;dua:tiga?empat":       {"satu", "pause", "dua", "pause", "tiga", "pause", "empat"},
		"SILAKAN   menuju\tLOKET\n": {"silakan", "menuju", "loket"},
	}
	for in, want := range cases {
		if got := Words(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClipsOrder(t *testing.T) {
	got, err := Clips(DefaultTemplate, "KA-012", 115)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Fields("nomor antrean pause ka a pause nol satu dua pause silakan menuju loket seratus lima belas")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Clips = %q\nwant     %q", got, want)
	}
	got, err = Clips("Loket {loket}, {nomor}", "Z-9", 40)
	if err != nil {
		t.Fatal(err)
	}
	want = strings.Fields("loket empat puluh pause zet pause sembilan")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("custom Clips = %q, want %q", got, want)
	}
}

func TestClipsMissing(t *testing.T) {
	_, err := Clips("Nomor {nomor}, harap ke loket {loket}, terima kasih", "A-001", 2)
	var mc *MissingClipError
	if !errors.As(err, &mc) {
		t.Fatalf("err = %v, want *MissingClipError", err)
	}
	if mc.Word != "harap" {
		t.Errorf("missing word = %q, want the first one, harap", mc.Word)
	}
	if !strings.Contains(err.Error(), `"harap"`) || !strings.Contains(err.Error(), "sounds/id/harap.wav") {
		t.Errorf("error text %q should name the word and its file", err)
	}
}

// Every clip the default template can need is recorded, and the
// vocabulary is what the template, letters and counters 1–999 need.
func TestVocabularyCoveredByAssets(t *testing.T) {
	voc := Vocabulary()
	seen := map[string]bool{}
	for i, w := range voc {
		if seen[w] {
			t.Errorf("duplicate %q", w)
		}
		seen[w] = true
		if i > 0 && voc[i-1] > w {
			t.Errorf("not sorted at %q", w)
		}
		if w == Pause || w != strings.ToLower(w) || strings.ContainsAny(w, " ,{}") {
			t.Errorf("bad vocabulary word %q", w)
		}
		if _, err := fs.Stat(assets.FS(), ClipPath(w)); err != nil {
			t.Errorf("no clip for %q: %v (run scripts/gen-voice.sh)", w, err)
		}
	}
	for _, w := range strings.Fields("nomor antrean silakan menuju loket nol sembilan sebelas belas puluh seratus ratus ka ki eks zet") {
		if !seen[w] {
			t.Errorf("vocabulary lacks %q", w)
		}
	}
	if seen["seribu"] || seen["ribu"] {
		t.Error("counters stop at 999: seribu/ribu are not needed")
	}
	for _, letter := range "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		for c := 1; c <= 999; c += 7 {
			if _, err := Clips(DefaultTemplate, string(letter)+"-"+"0123456789", c); err != nil {
				t.Fatalf("%c/%d: %v", letter, c, err)
			}
		}
	}
	if _, err := fs.Stat(assets.FS(), ClipPath(Pause)); err != nil {
		t.Errorf("pause clip: %v", err)
	}
	if _, err := fs.Stat(assets.FS(), ChimePath); err != nil {
		t.Errorf("chime: %v", err)
	}
}
