package voicepack

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

type entry struct {
	name string
	data []byte
	mode fs.FileMode // 0 = regular 0644; fs.ModeSymlink, fs.ModeDir…
	link string      // symlink / hardlink target
}

func writeZip(t testing.TB, path string, entries []entry) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		switch {
		case e.mode&fs.ModeSymlink != 0:
			h.SetMode(fs.ModeSymlink | 0o777)
			e.data = []byte(e.link)
		case e.mode.IsDir():
			h.SetMode(fs.ModeDir | 0o755)
		default:
			h.SetMode(0o644)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeTarGz(t testing.TB, path string, entries []entry) {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.data)), Typeflag: tar.TypeReg, ModTime: time.Unix(0, 0)}
		switch {
		case e.mode&fs.ModeSymlink != 0:
			h.Typeflag, h.Linkname, h.Size = tar.TypeSymlink, e.link, 0
		case e.mode&fs.ModeDevice != 0:
			h.Typeflag, h.Size = tar.TypeChar, 0
		case e.mode == fs.ModeIrregular: // stands for a hard link in these tests
			h.Typeflag, h.Linkname, h.Size = tar.TypeLink, e.link, 0
		case e.mode.IsDir():
			h.Typeflag, h.Size, h.Mode = tar.TypeDir, 0, 0o755
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Size > 0 {
			if _, err := tw.Write(e.data); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sampleEntries is the sample pack as archive entries, as a site would
// zip its folder: inside one top-level folder, with a macOS resource fork,
// a readme, an English clip and one name in upper case.
func sampleEntries(t *testing.T) []entry {
	t.Helper()
	es := []entry{{name: "suara-pariaman/", mode: fs.ModeDir}}
	for _, w := range sampleWords {
		b, err := os.ReadFile(filepath.Join(samplePack, w+".wav"))
		if err != nil {
			t.Fatal(err)
		}
		name := w + ".wav"
		if w == "nomor" {
			name = "Nomor.WAV"
		}
		es = append(es, entry{name: "suara-pariaman/" + name, data: b})
	}
	return append(es,
		entry{name: "__MACOSX/suara-pariaman/._nomor.wav", data: []byte("resource fork")},
		entry{name: "suara-pariaman/BACA.txt", data: []byte("rekaman oleh Ibu Rina")},
		entry{name: "suara-pariaman/en/number.wav", data: voiceWAV(300 * time.Millisecond)},
		entry{name: "suara-pariaman/lama/nomor.wav", data: voiceWAV(300 * time.Millisecond)},
	)
}

// A zip and a tar.gz of the sample pack load like the folder: same words,
// same samples, same fallbacks.
func TestLoadArchives(t *testing.T) {
	folder := mustLoad(t, samplePack)
	dir := t.TempDir()
	for _, kind := range []string{"zip", "tar.gz"} {
		t.Run(kind, func(t *testing.T) {
			path := filepath.Join(dir, "suara."+kind)
			if kind == "zip" {
				writeZip(t, path, sampleEntries(t))
			} else {
				es := sampleEntries(t)
				for i := range es { // tar -C dir . writes "./" names
					es[i].name = "./" + es[i].name
				}
				writeTarGz(t, path, es)
			}
			p := mustLoad(t, path)
			if p.Kind() != kind || p.Name() != path {
				t.Errorf("Kind %q Name %q", p.Kind(), p.Name())
			}
			if got := p.Words(); !reflect.DeepEqual(got, sampleWords) {
				t.Errorf("Words() = %q, want %q", got, sampleWords)
			}
			for _, w := range sampleWords {
				a, _, _ := p.Clip(w)
				b, _, _ := folder.Clip(w)
				if !bytes.Equal(a.Data, b.Data) {
					t.Errorf("%s differs from the folder's", w)
				}
			}
			_, pieces, err := p.Call("", "A-3", 9)
			if err != nil {
				t.Fatal(err)
			}
			for _, pc := range pieces {
				if want := slices.Contains(sampleWords, pc.Word); want != (pc.Source == FromPack) {
					t.Errorf("%s from %s", pc.Word, pc.Source)
				}
			}
			if en := p.English(); en == nil || !reflect.DeepEqual(en.Words(), []string{"number"}) {
				t.Errorf("English sub-pack: %v", en)
			}
			var ignored []string
			for _, ig := range p.Ignored() {
				ignored = append(ignored, strings.TrimPrefix(ig.File, "./")+": "+ig.Reason)
			}
			want := []string{
				"__MACOSX/suara-pariaman/._nomor.wav: hidden or system file",
				"suara-pariaman/BACA.txt: not a .wav file",
				"suara-pariaman/lama/nomor.wav: in a sub-folder: clips go at the top of the pack, English ones in en/",
			}
			slices.Sort(ignored)
			if !reflect.DeepEqual(ignored, want) {
				t.Errorf("ignored %q\nwant    %q", ignored, want)
			}
		})
	}
}

// Entries that point outside the pack, or links and devices, refuse the
// whole archive: such an archive is broken or hostile.
func TestLoadRefusesTraversalAndLinks(t *testing.T) {
	dir := t.TempDir()
	good := entry{name: "nomor.wav", data: voiceWAV(300 * time.Millisecond)}
	cases := []struct {
		name string
		bad  entry
		want string
	}{
		{"dotdot", entry{name: "../../etc/cron.d/x.wav", data: []byte("x")}, "outside the pack"},
		{"nested dotdot", entry{name: "suara/../../x.wav", data: []byte("x")}, "outside the pack"},
		{"absolute", entry{name: "/tmp/x.wav", data: []byte("x")}, "absolute path"},
		{"windows drive", entry{name: `C:\x.wav`, data: []byte("x")}, "absolute path"},
		{"backslash dotdot", entry{name: `..\x.wav`, data: []byte("x")}, "outside the pack"},
		{"symlink", entry{name: "loket.wav", mode: fs.ModeSymlink, link: "/etc/passwd"}, "link"},
	}
	for _, c := range cases {
		for _, kind := range []string{"zip", "tar.gz"} {
			path := filepath.Join(dir, c.name+"."+kind)
			if kind == "zip" {
				writeZip(t, path, []entry{good, c.bad})
			} else {
				writeTarGz(t, path, []entry{good, c.bad})
			}
			p, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s %s: pack %v, err = %v, want %q", c.name, kind, p, err, c.want)
			}
		}
	}
	for _, bad := range []entry{
		{name: "dev.wav", mode: fs.ModeDevice},
		{name: "hard.wav", mode: fs.ModeIrregular, link: "nomor.wav"},
	} {
		path := filepath.Join(dir, "special.tar.gz")
		writeTarGz(t, path, []entry{good, bad})
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "refused") {
			t.Errorf("%s: err = %v", bad.name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "..", "etc", "cron.d", "x.wav")); err == nil {
		t.Error("a file was written outside")
	}
}

// A folder's symlink that leads outside is not followed: that clip is
// rejected and its word falls back; a symlink inside the folder is fine.
func TestLoadFolderSymlinks(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.wav")
	if err := os.WriteFile(secret, voiceWAV(300*time.Millisecond), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writePack(t, dir, map[string][]byte{"nomor.wav": voiceWAV(400 * time.Millisecond)})
	if err := os.Symlink(secret, filepath.Join(dir, "loket.wav")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nomor.wav", filepath.Join(dir, "tiga.wav")); err != nil {
		t.Fatal(err)
	}
	p := mustLoad(t, dir)
	if _, src, _ := p.Clip("loket"); src != FromBuiltin {
		t.Errorf("loket (symlink out) from %s", src)
	}
	if c := p.clips["loket"]; c == nil || c.finding != Unreadable || !strings.Contains(c.detail, "cannot be opened") {
		t.Errorf("loket clip: %+v", c)
	}
	if _, src, _ := p.Clip("tiga"); src != FromPack {
		t.Errorf("tiga (symlink in) from %s", src)
	}
}

func TestLoadLimits(t *testing.T) {
	dir := t.TempDir()
	small := Limits{ArchiveBytes: 1 << 20, FileBytes: 64 << 10, TotalBytes: 256 << 10, Files: 10}
	clip := voiceWAV(500 * time.Millisecond) // ~22 KB
	big := voiceWAV(2 * time.Second)         // ~88 KB: over FileBytes

	t.Run("archive too big", func(t *testing.T) {
		path := filepath.Join(dir, "big.zip")
		writeZip(t, path, []entry{{name: "nomor.wav", data: clip}})
		lim := small
		lim.ArchiveBytes = 1000
		if _, err := LoadLimited(path, lim); err == nil || !strings.Contains(err.Error(), "more than the 0.0 MiB limit") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("one clip too big falls back", func(t *testing.T) {
		for _, kind := range []string{"zip", "tar.gz", "folder"} {
			path := filepath.Join(dir, "one."+kind)
			es := []entry{{name: "nomor.wav", data: clip}, {name: "loket.wav", data: big}}
			switch kind {
			case "zip":
				writeZip(t, path, es)
			case "tar.gz":
				writeTarGz(t, path, es)
			default:
				writePack(t, path, map[string][]byte{"nomor.wav": clip, "loket.wav": big})
			}
			p, err := LoadLimited(path, small)
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			if _, src, _ := p.Clip("nomor"); src != FromPack {
				t.Errorf("%s: nomor from %s", kind, src)
			}
			c := p.clips["loket"]
			if _, src, _ := p.Clip("loket"); src != FromBuiltin || c == nil || !strings.Contains(c.detail, "bigger than the 0.1 MiB limit") {
				t.Errorf("%s: loket from %s, clip %+v", kind, src, c)
			}
		}
	})
	t.Run("total too big", func(t *testing.T) {
		for _, kind := range []string{"zip", "tar.gz"} {
			var es []entry
			for _, w := range strings.Fields("nomor antrean silakan menuju loket satu dua tiga") {
				es = append(es, entry{name: w + ".wav", data: voiceWAV(1400 * time.Millisecond)}) // ~62 KB each
			}
			path := filepath.Join(dir, "total."+kind)
			if kind == "zip" {
				writeZip(t, path, es)
			} else {
				writeTarGz(t, path, es)
			}
			if _, err := LoadLimited(path, small); err == nil || !strings.Contains(err.Error(), "more than 0.2 MiB uncompressed") {
				t.Errorf("%s: err = %v", kind, err)
			}
		}
	})
	t.Run("too many files", func(t *testing.T) {
		var es []entry
		for i := range 11 {
			es = append(es, entry{name: strings.Repeat("x", i+1) + ".txt", data: []byte("x")})
		}
		path := filepath.Join(dir, "many.tar.gz")
		writeTarGz(t, path, es)
		if _, err := LoadLimited(path, small); err == nil || !strings.Contains(err.Error(), "more than 10 files") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("non-wav bytes count in a tar", func(t *testing.T) {
		path := filepath.Join(dir, "video.tar.gz")
		writeTarGz(t, path, []entry{{name: "promo.mp4", data: make([]byte, 300<<10)}})
		if _, err := LoadLimited(path, small); err == nil || !strings.Contains(err.Error(), "uncompressed") {
			t.Errorf("err = %v", err)
		}
	})
}

// A zip bomb whose header claims a small size: reading stops at the
// per-file limit and the clip is rejected; memory stays bounded.
func TestLoadZipBombWithLyingHeader(t *testing.T) {
	payload := make([]byte, 32<<20) // 32 MiB of zeros deflate to ~32 KB
	var comp bytes.Buffer
	fw, err := flate.NewWriter(&comp, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(payload)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "nomor.wav", Method: zip.Deflate,
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 1000, CRC32: crc32.ChecksumIEEE(payload)}
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	path := filepath.Join(t.TempDir(), "bomb.zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c := p.clips["nomor"]
	if c == nil || c.finding != Unreadable {
		t.Fatalf("bomb clip: %+v", c)
	}
	if _, src, _ := p.Clip("nomor"); src != FromBuiltin {
		t.Errorf("nomor from %s", src)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "nope")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing: %v", err)
	}
	mp3 := filepath.Join(dir, "suara.mp3")
	os.WriteFile(mp3, []byte("x"), 0o644)
	if _, err := Load(mp3); err == nil || !strings.Contains(err.Error(), "not a folder, a .zip or a .tar.gz") {
		t.Errorf("mp3: %v", err)
	}
	fake := filepath.Join(dir, "fake.zip")
	os.WriteFile(fake, []byte("not a zip at all"), 0o644)
	if _, err := Load(fake); err == nil || !strings.Contains(err.Error(), "not a readable zip") {
		t.Errorf("fake zip: %v", err)
	}
	fakeTgz := filepath.Join(dir, "fake.tgz")
	os.WriteFile(fakeTgz, []byte("not gzip"), 0o644)
	if _, err := Load(fakeTgz); err == nil || !strings.Contains(err.Error(), "not a readable .tar.gz") {
		t.Errorf("fake tgz: %v", err)
	}
}

// Names: case is folded, duplicates and non-words are ignored with a
// reason, the chime is top-level only, an undecodable clip falls back.
func TestLoadNames(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "names.zip")
	writeZip(t, path, []entry{
		{name: "NOMOR.wav", data: voiceWAV(400 * time.Millisecond)},
		{name: "nomor.wav", data: voiceWAV(500 * time.Millisecond)},
		{name: "nomor antrean.wav", data: voiceWAV(400 * time.Millisecond)},
		{name: "2.wav", data: voiceWAV(400 * time.Millisecond)},
		{name: "chime.wav", data: makeWAV(wavSpec{rate: 44100, channels: 2, bits: 16}, time.Second, sine(880, 0.5))},
		{name: "en/chime.wav", data: voiceWAV(time.Second)},
		{name: "loket.wav", data: []byte("RIFF....WAVEjunk")},
		{name: "tiga.wav", data: makeWAV(wavSpec{rate: 22050, channels: 1, bits: 16}, 300*time.Millisecond, sine(440, .5))[:30]},
	})
	p := mustLoad(t, path)
	if got := p.Words(); !reflect.DeepEqual(got, []string{"chime", "nomor"}) {
		t.Errorf("Words() = %q", got)
	}
	if c := p.clips["nomor"]; c.file != "NOMOR.wav" {
		t.Errorf("nomor from %s, want the first one", c.file)
	}
	if _, src, _ := p.Clip(Chime); src != FromPack {
		t.Error("chime from the pack")
	}
	reasons := map[string]string{}
	for _, ig := range p.Ignored() {
		reasons[ig.File] = ig.Reason
	}
	want := map[string]string{
		"nomor.wav":         "the same word as NOMOR.wav",
		"nomor antrean.wav": "not a word: name each clip after its word in letters, e.g. nomor.wav",
		"2.wav":             "not a word: name each clip after its word in letters, e.g. nomor.wav",
		"en/chime.wav":      "the chime is shared: put chime.wav at the top of the pack",
	}
	if !reflect.DeepEqual(reasons, want) {
		t.Errorf("ignored %q\nwant    %q", reasons, want)
	}
	for _, w := range []string{"loket", "tiga"} {
		if c := p.clips[w]; c == nil || c.finding != Unreadable {
			t.Errorf("%s: %+v", w, c)
		} else if _, src, _ := p.Clip(w); src != FromBuiltin {
			t.Errorf("%s from %s", w, src)
		}
	}
}

// Loading a whole pack as sites record it (every word, 48 kHz stereo
// 24-bit, 0.7 s each, zipped): what a display pays at start-up.
func BenchmarkLoadZip48kStereo24(b *testing.B) {
	var es []entry
	for _, w := range Vocabulary() {
		es = append(es, entry{name: w + ".wav", data: makeWAV(wavSpec{rate: 48000, channels: 2, bits: 24}, 700*time.Millisecond, sine(300, 0.4))})
	}
	path := filepath.Join(b.TempDir(), "pack.zip")
	writeZip(b, path, es)
	for b.Loop() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}
