// Package voicepub prepares the site's voice pack for the hall displays:
// it checks the pack loads, turns a folder into a .tar.gz, and gives the
// archive an ETag, so every display downloads the same bytes once.
package voicepub

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"antrean/server/config"
	"antrean/server/httpapi"
	"antrean/shared/api"
	"antrean/shared/voicepack"
)

// Prepare makes the displays' voice from the site's [voice] settings and
// the pack at packPath ("" = none: the built-in voice). A pack that does
// not load as a whole (not found, not a pack, over the limits) is an
// error: the server refuses to start rather than hand displays a broken
// pack. The *voicepack.Pack is returned for the start-up log.
func Prepare(v config.Voice, packPath string) (*httpapi.Voice, *voicepack.Pack, error) {
	out := &httpapi.Voice{Settings: api.VoiceSettings{EnglishZones: v.EnglishZones, VolumeSchedule: v.VolumeSchedule}}
	if packPath == "" {
		return out, nil, nil
	}
	pack, err := voicepack.Load(packPath)
	if err != nil {
		return nil, nil, fmt.Errorf("voice pack: %w", err)
	}
	var archive []byte
	kind := pack.Kind()
	if kind == "folder" {
		if archive, err = tarFolder(packPath); err != nil {
			return nil, nil, fmt.Errorf("voice pack %s: %w", packPath, err)
		}
		kind = "tar.gz"
	} else if archive, err = os.ReadFile(packPath); err != nil {
		return nil, nil, fmt.Errorf("voice pack: %w", err)
	}
	sum := sha256.Sum256(archive)
	out.Archive = archive
	out.Settings.Pack = &api.VoicePackInfo{ETag: `"` + hex.EncodeToString(sum[:16]) + `"`, Bytes: int64(len(archive)), Kind: kind}
	return out, pack, nil
}

// tarFolder packs the WAV files of a pack folder (its top level and one
// level of sub-folders: en/, or the one folder a pack was unzipped into)
// into a .tar.gz in name order, so the same folder always gives the same
// bytes and the same ETag.
func tarFolder(dir string) ([]byte, error) {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		depth := strings.Count(filepath.ToSlash(rel), "/")
		if d.IsDir() {
			if rel != "." && depth > 0 {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && strings.EqualFold(filepath.Ext(p), ".wav") {
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	var total int64
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
		if err != nil {
			return nil, err
		}
		if total += int64(len(b)); total > voicepack.DefaultLimits.ArchiveBytes {
			return nil, fmt.Errorf("the WAV files are bigger than the %d MiB limit", voicepack.DefaultLimits.ArchiveBytes>>20)
		}
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(b); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
