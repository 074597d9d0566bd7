package voicepack

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"antrean/shared/speech"
)

// Two derivations must agree: speech.Vocabulary lists the word tables,
// VocabularyFor runs real calls through speech.Phrase and speech.Words.
func TestVocabularyMatchesSpeech(t *testing.T) {
	got, want := Vocabulary(), speech.Vocabulary()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Vocabulary() = %q\nspeech.Vocabulary() = %q", got, want)
	}
	for _, w := range strings.Fields("nomor antrean silakan menuju loket a be zet eks ka ki nol satu sembilan sepuluh sebelas belas puluh seratus ratus") {
		if !slices.Contains(got, w) {
			t.Errorf("vocabulary lacks %q", w)
		}
	}
	for _, w := range []string{speech.Pause, "seribu", "ribu", "chime"} {
		if slices.Contains(got, w) {
			t.Errorf("vocabulary should not hold %q", w)
		}
	}
	// Every word of every call 1–999 is in it (spot check across letters).
	for c := 1; c <= MaxCounter; c += 13 {
		for _, w := range speech.Words(speech.Phrase("", "KQ-"+string(rune('0'+c%10))+"7", c)) {
			if w != speech.Pause && !slices.Contains(got, w) {
				t.Fatalf("counter %d needs %q, not in the vocabulary", c, w)
			}
		}
	}
}

func TestVocabularyForCustomTemplate(t *testing.T) {
	got := VocabularyFor("Panggilan {nomor}. Harap ke loket {loket}, terima kasih!")
	for _, w := range []string{"panggilan", "harap", "ke", "terima", "kasih", "loket", "zet", "sembilan"} {
		if !slices.Contains(got, w) {
			t.Errorf("custom vocabulary lacks %q", w)
		}
	}
	for _, w := range []string{"nomor", "antrean", "silakan", "menuju"} {
		if slices.Contains(got, w) {
			t.Errorf("custom vocabulary should not hold %q (not in the template)", w)
		}
	}
}

func TestEnglishNumberWords(t *testing.T) {
	cases := map[int]string{
		0: "zero", 1: "one", 3: "three", 10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 19: "nineteen",
		20: "twenty", 21: "twenty one", 40: "forty", 99: "ninety nine", 100: "one hundred", 101: "one hundred one",
		115: "one hundred fifteen", 999: "nine hundred ninety nine", 1000: "one thousand",
		2026: "two thousand twenty six", 1_500_000: "one million five hundred thousand", -4: "minus four",
	}
	for n, want := range cases {
		if got := EnglishNumberWords(n); got != want {
			t.Errorf("EnglishNumberWords(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestEnglishPhraseAndWords(t *testing.T) {
	if got, want := EnglishPhrase("", "A-001", 3), "Number a, zero zero one, please go to counter three"; got != want {
		t.Errorf("EnglishPhrase = %q, want %q", got, want)
	}
	if got, want := EnglishSpellTicket("KA-012"), "k a, zero one two"; got != want {
		t.Errorf("EnglishSpellTicket = %q, want %q", got, want)
	}
	got := EnglishWords(EnglishPhrase("", "B-105", 21))
	want := strings.Fields("number b pause one zero five pause please go to counter twenty one")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EnglishWords = %q\nwant %q", got, want)
	}
	// Digits written in a template are spelled in English, not Indonesian.
	if got, want := EnglishWords("Window 12, floor 3"), strings.Fields("window twelve pause floor three"); !reflect.DeepEqual(got, want) {
		t.Errorf("EnglishWords digits = %q, want %q", got, want)
	}
}

func TestEnglishVocabulary(t *testing.T) {
	got := EnglishVocabulary()
	for _, w := range strings.Fields("number please go to counter a k q z zero one nine ten eleven nineteen twenty ninety hundred") {
		if !slices.Contains(got, w) {
			t.Errorf("English vocabulary lacks %q", w)
		}
	}
	for _, w := range []string{speech.Pause, "thousand", "nomor", "and"} {
		if slices.Contains(got, w) {
			t.Errorf("English vocabulary should not hold %q", w)
		}
	}
	if !slices.IsSorted(got) {
		t.Error("not sorted")
	}
	if n := len(got); n != 26+20+8+1+5 { // letters, 0–19, twenty…ninety, hundred, template words
		t.Errorf("English vocabulary has %d words: %q", n, got)
	}
}
