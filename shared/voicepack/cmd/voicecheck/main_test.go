package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestExitStatus(t *testing.T) {
	cases := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"../../testdata/pack-bad"}, 1, "Result: FAIL — 44 clips missing", ""},
		{[]string{"--allow-missing", "../../testdata/pack-bad"}, 1, "SILENT: peak", ""},
		{[]string{"../../testdata/pack-sample"}, 1, "Result: FAIL — 41 clips missing (use --allow-missing", ""},
		{[]string{"--allow-missing", "../../testdata/pack-sample"}, 0, "Result: OK", ""},
		{[]string{"builtin"}, 0, "Result: OK", ""},
		{[]string{"--template", "Nomor {nomor}, harap ke loket {loket}", "--allow-missing", "builtin"}, 1, "MISSING: no built-in clip either", ""},
		{[]string{"../../testdata/none"}, 2, "", "voicecheck: voicepack: stat ../../testdata/none: no such file"},
		{[]string{}, 2, "", "usage: voicecheck"},
		{[]string{"a", "b"}, 2, "", "usage: voicecheck"},
		{[]string{"--bogus", "x"}, 2, "", "flag provided but not defined"},
		{[]string{"--words"}, 0, "nomor.wav\n", ""},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := run(c.args, &out, &errb)
		if code != c.code || !strings.Contains(out.String(), c.stdout) || !strings.Contains(errb.String(), c.stderr) {
			t.Errorf("voicecheck %q: exit %d, want %d\nstdout: %s\nstderr: %s", c.args, code, c.code, out.String(), errb.String())
		}
	}
}

func TestWordsListsFileNames(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"--words", "--template", "Panggilan {nomor} ke loket {loket}"}, &out, &out); code != 0 {
		t.Fatal(code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	has := map[string]bool{}
	for _, l := range lines {
		has[l] = true
	}
	for _, want := range []string{"panggilan.wav", "ke.wav", "zet.wav", "seratus.wav", "en/number.wav", "en/hundred.wav"} {
		if !has[want] {
			t.Errorf("--words lacks %s", want)
		}
	}
	if has["nomor.wav"] || has["pause.wav"] {
		t.Error("--words lists words the template does not need")
	}
}
