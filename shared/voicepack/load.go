package voicepack

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// Limits bound what Load reads, so a wrong or hostile file (a zip bomb, a
// folder of videos) cannot exhaust a display's memory.
type Limits struct {
	ArchiveBytes int64 // size of a .zip / .tar.gz file
	FileBytes    int64 // one clip, uncompressed; a bigger one is rejected (the word falls back)
	TotalBytes   int64 // all files together, uncompressed; beyond it Load fails
	Files        int   // entries in the archive or folder; beyond it Load fails
}

// DefaultLimits fit a generous pack: ~100 words recorded at 48 kHz stereo
// 24-bit take ~30 MB; one 3 s clip at 192 kHz stereo float is ~4.6 MB.
var DefaultLimits = Limits{
	ArchiveBytes: 64 << 20,
	FileBytes:    8 << 20,
	TotalBytes:   64 << 20,
	Files:        1000,
}

// rawFile is one file of a pack as read: its cleaned path and either its
// bytes or why they were not read.
type rawFile struct {
	name   string
	data   []byte
	reject string // set when the bytes were not read (too big, unreadable)
}

// Load reads a voice pack from a folder, a .zip or a .tar.gz (.tgz) with
// DefaultLimits. See LoadLimited.
func Load(path string) (*Pack, error) { return LoadLimited(path, DefaultLimits) }

// LoadLimited reads a voice pack. Clips are `<word>.wav` at the top of the
// pack (or of its one top-level folder, as zipping a folder makes),
// English clips in `en/`. File names are matched in lower case. Any
// word-shaped name is kept, so a site template's own words can be
// recorded; Check flags names no template needs.
//
// Load fails only for the pack as a whole: not found, not a folder/zip/
// tar.gz, an archive entry whose path is absolute or climbs out with "..",
// a link or device in an archive, or a limit exceeded. A bad clip does not
// fail it: the clip is kept with its finding and its word falls back.
func LoadLimited(p string, lim Limits) (*Pack, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("voicepack: %w", err)
	}
	var (
		kind  string
		files []rawFile
	)
	lower := strings.ToLower(p)
	switch {
	case fi.IsDir():
		kind = "folder"
		files, err = readFolder(p, lim)
	case strings.HasSuffix(lower, ".zip"):
		kind = "zip"
		if err = checkArchiveSize(fi, lim); err == nil {
			files, err = readZip(p, lim)
		}
	case strings.HasSuffix(lower, ".tar.gz") || strings.HasSuffix(lower, ".tgz"):
		kind = "tar.gz"
		if err = checkArchiveSize(fi, lim); err == nil {
			files, err = readTarGz(p, lim)
		}
	default:
		return nil, fmt.Errorf("voicepack: %s is not a folder, a .zip or a .tar.gz", p)
	}
	if err != nil {
		return nil, fmt.Errorf("voicepack: %s: %w", p, err)
	}
	return assemble(p, kind, files), nil
}

func checkArchiveSize(fi fs.FileInfo, lim Limits) error {
	if fi.Size() > lim.ArchiveBytes {
		return fmt.Errorf("archive is %s, more than the %s limit", mib(fi.Size()), mib(lim.ArchiveBytes))
	}
	return nil
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// budget counts files and bytes against the limits.
type budget struct {
	lim   Limits
	files int
	total int64
}

func (b *budget) file() error {
	b.files++
	if b.files > b.lim.Files {
		return fmt.Errorf("more than %d files", b.lim.Files)
	}
	return nil
}

func (b *budget) bytes(n int64) error {
	b.total += n
	if b.total > b.lim.TotalBytes {
		return fmt.Errorf("more than %s uncompressed", mib(b.lim.TotalBytes))
	}
	return nil
}

// cleanName turns an archive entry name into a slash path inside the
// pack, refusing absolute paths and "..". "./a.wav" → "a.wav".
func cleanName(raw string) (string, error) {
	n := strings.ReplaceAll(raw, `\`, "/")
	if strings.HasPrefix(n, "/") || (len(n) >= 2 && n[1] == ':') {
		return "", fmt.Errorf("entry %q has an absolute path: refused", raw)
	}
	var parts []string
	for _, c := range strings.Split(n, "/") {
		switch c {
		case "", ".":
			continue
		case "..":
			return "", fmt.Errorf("entry %q points outside the pack: refused", raw)
		}
		parts = append(parts, c)
	}
	clean := strings.Join(parts, "/")
	if clean != "" && !fs.ValidPath(clean) {
		return "", fmt.Errorf("entry %q has an invalid name: refused", raw)
	}
	return clean, nil
}

// wanted says whether a file's bytes are worth reading: a .wav at most
// two folders deep (wrapper/en/word.wav).
func wanted(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".wav") && strings.Count(name, "/") <= 2
}

// readAll reads at most lim.FileBytes of r; a longer file is rejected
// (its size in a header could lie, so it is counted as read).
func readAll(r io.Reader, b *budget) ([]byte, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, b.lim.FileBytes+1))
	if berr := b.bytes(int64(len(data))); berr != nil {
		return nil, "", berr
	}
	if err != nil {
		return nil, "cannot be read: " + err.Error(), nil
	}
	if int64(len(data)) > b.lim.FileBytes {
		return nil, tooBig(b.lim), nil
	}
	return data, "", nil
}

func tooBig(lim Limits) string { return "file is bigger than the " + mib(lim.FileBytes) + " limit" }

func readFolder(dir string, lim Limits) ([]rawFile, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	fsys := root.FS()
	b := &budget{lim: lim}
	var files []rawFile
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		if d.IsDir() {
			if strings.Count(name, "/") >= 1 { // only top level and en/ hold clips
				return fs.SkipDir
			}
			return nil
		}
		if err := b.file(); err != nil {
			return err
		}
		f := rawFile{name: name}
		if wanted(name) {
			// os.Root refuses a symlink that leads out of the folder.
			f.data, f.reject, err = readRootFile(fsys, name, b)
			if err != nil {
				return err
			}
		}
		files = append(files, f)
		return nil
	})
	return files, err
}

func readRootFile(fsys fs.FS, name string, b *budget) ([]byte, string, error) {
	fh, err := fsys.Open(name)
	if err != nil {
		return nil, "cannot be opened: " + err.Error(), nil
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, "cannot be opened: " + err.Error(), nil
	}
	if !st.Mode().IsRegular() {
		return nil, "not a regular file", nil
	}
	if st.Size() > b.lim.FileBytes {
		return nil, tooBig(b.lim), nil
	}
	return readAll(fh, b)
}

func readZip(p string, lim Limits) ([]rawFile, error) {
	zr, err := zip.OpenReader(p)
	// With GODEBUG=zipinsecurepath=0 the reader comes with ErrInsecurePath;
	// cleanName below then names the entry.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("not a readable zip: %w", err)
	}
	defer zr.Close()
	b := &budget{lim: lim}
	var files []rawFile
	for _, zf := range zr.File {
		name, err := cleanName(zf.Name)
		if err != nil {
			return nil, err
		}
		mode := zf.Mode()
		if mode&(fs.ModeSymlink|fs.ModeDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeCharDevice) != 0 {
			return nil, fmt.Errorf("entry %q is a link or device: refused", zf.Name)
		}
		if mode.IsDir() || name == "" {
			continue
		}
		if err := b.file(); err != nil {
			return nil, err
		}
		f := rawFile{name: name}
		if wanted(name) {
			if zf.UncompressedSize64 > uint64(lim.FileBytes) {
				f.reject = tooBig(lim)
			} else if rc, err := zf.Open(); err != nil {
				f.reject = "cannot be read: " + err.Error()
			} else {
				f.data, f.reject, err = readAll(rc, b)
				rc.Close()
				if err != nil {
					return nil, err
				}
			}
		}
		files = append(files, f)
	}
	return files, nil
}

func readTarGz(p string, lim Limits) ([]rawFile, error) {
	fh, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	gz, err := gzip.NewReader(fh)
	if err != nil {
		return nil, fmt.Errorf("not a readable .tar.gz: %w", err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	b := &budget{lim: lim}
	var files []rawFile
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, fmt.Errorf("not a readable .tar.gz: %w", err)
		}
		name, err := cleanName(hdr.Name)
		if err != nil {
			return nil, err
		}
		switch hdr.Typeflag {
		case tar.TypeDir:
			continue
		case tar.TypeReg:
		default:
			return nil, fmt.Errorf("entry %q is a link, device or other special file: refused", hdr.Name)
		}
		if name == "" {
			continue
		}
		if err := b.file(); err != nil {
			return nil, err
		}
		f := rawFile{name: name}
		switch {
		case !wanted(name):
			// Skipping still inflates it: count it against the total.
			if err := b.bytes(hdr.Size); err != nil {
				return nil, err
			}
		case hdr.Size > lim.FileBytes:
			f.reject = tooBig(lim)
			if err := b.bytes(hdr.Size); err != nil {
				return nil, err
			}
		default:
			if f.data, f.reject, err = readAll(tr, b); err != nil {
				return nil, err
			}
		}
		files = append(files, f)
	}
}

// assemble sorts the files of a pack into clips and ignored files.
func assemble(p, kind string, files []rawFile) *Pack {
	pack := &Pack{path: p, kind: kind, lang: "id", clips: map[string]*clip{}, fallback: Builtin()}
	en := &Pack{path: p + " en/", kind: kind, lang: "en", clips: map[string]*clip{}}
	prefix := ""
	if kind != "folder" {
		prefix = wrapper(files)
	}
	ignore := func(f rawFile, why string) { pack.ignored = append(pack.ignored, Ignored{File: f.name, Reason: why}) }
	for _, f := range files {
		if junk(f.name) {
			ignore(f, "hidden or system file")
			continue
		}
		parts := strings.Split(strings.TrimPrefix(f.name, prefix), "/")
		target, base := pack, parts[len(parts)-1]
		switch {
		case len(parts) == 1:
		case len(parts) == 2 && strings.EqualFold(parts[0], "en"):
			target = en
		default:
			ignore(f, "in a sub-folder: clips go at the top of the pack, English ones in en/")
			continue
		}
		stem, ok := cutSuffixFold(base, ".wav")
		if !ok {
			ignore(f, "not a .wav file")
			continue
		}
		word := strings.ToLower(stem)
		if !wordName(word) {
			ignore(f, "not a word: name each clip after its word in letters, e.g. nomor.wav")
			continue
		}
		if target == en && word == Chime {
			ignore(f, "the chime is shared: put chime.wav at the top of the pack")
			continue
		}
		if old := target.clips[word]; old != nil {
			ignore(f, "the same word as "+old.file)
			continue
		}
		c := &clip{file: f.name}
		if f.reject != "" {
			c.finding, c.detail = Unreadable, f.reject
		} else if format, pcm, err := decodeWAV(f.data); err != nil {
			c.format, c.finding, c.detail = format, Unreadable, err.Error()
		} else {
			c.format, c.pcm, c.stats = format, pcm, Measure(pcm)
			c.finding, c.detail = judge(word, c.stats)
		}
		target.clips[word] = c
	}
	if len(en.clips) > 0 {
		pack.en = en
	}
	return pack
}

// wrapper is the one top-level folder every file of an archive sits in
// ("suara-pariaman/"), or "". en/ is never a wrapper.
func wrapper(files []rawFile) string {
	top := ""
	for _, f := range files {
		if junk(f.name) {
			continue
		}
		first, _, nested := strings.Cut(f.name, "/")
		if !nested || strings.EqualFold(first, "en") || (top != "" && first != top) {
			return ""
		}
		top = first
	}
	if top == "" {
		return ""
	}
	return top + "/"
}

// junk is what archivers and desktops add: __MACOSX/, .DS_Store, ._x.wav.
func junk(name string) bool {
	for _, c := range strings.Split(name, "/") {
		if c == "__MACOSX" || strings.HasPrefix(c, ".") {
			return true
		}
	}
	return false
}

// wordName: lower-case ASCII letters and digits, starting with a letter,
// as speech.Words produces them.
func wordName(w string) bool {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}
