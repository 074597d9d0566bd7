package ui

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"image"
	_ "image/jpeg" // logo formats the server serves
	_ "image/png"

	"fyne.io/fyne/v2"

	"antrean/shared/api"
)

// logo is the agency's logo when the kiosk has it (nil: initials).
func (k *Kiosk) logo(a api.Agency) fyne.Resource {
	if a.Logo == "" {
		return nil
	}
	return k.logos[a.ID+"\x00"+a.Logo]
}

// fetchLogos loads, in the background, the logos the catalog names that
// the kiosk has not got yet; the agency screen shows initials meanwhile
// and is redrawn when one arrives. A logo that is missing on the server
// is not asked for again until the catalog names another file.
func (k *Kiosk) fetchLogos() {
	if k.catalog == nil {
		return
	}
	if k.logos == nil {
		k.logos, k.logoAsked = map[string]fyne.Resource{}, map[string]bool{}
	}
	for _, a := range k.catalog.Agencies {
		key := a.ID + "\x00" + a.Logo
		if a.Logo == "" || k.logoAsked[key] {
			continue
		}
		k.logoAsked[key] = true
		id := a.ID
		k.wg.Add(1)
		go func() {
			defer k.wg.Done()
			ctx, cancel := context.WithTimeout(k.ctx, k.cfg.AttemptTimeout)
			b, err := k.be.AgencyLogo(ctx, id)
			cancel()
			res, err := logoResource(id, b, err)
			k.run(func() {
				switch {
				case err == nil:
					k.logos[key] = res
					if _, ok := k.current.(*agencyScreen); ok {
						k.redraw()
					}
				case retryable(err):
					delete(k.logoAsked, key) // try again with the next catalog
				}
			})
		}()
	}
}

// logoResource checks that b is a picture Fyne can draw.
func logoResource(id string, b []byte, err error) (fyne.Resource, error) {
	if err != nil {
		return nil, err
	}
	h := fnv.New32a()
	h.Write(b)
	name := fmt.Sprintf("logo-%s-%08x", id, h.Sum32())
	head := bytes.TrimSpace(b[:min(len(b), 256)])
	if bytes.HasPrefix(head, []byte("<svg")) || bytes.HasPrefix(head, []byte("<?xml")) {
		return fyne.NewStaticResource(name+".svg", b), nil
	}
	if _, format, err := image.DecodeConfig(bytes.NewReader(b)); err == nil {
		return fyne.NewStaticResource(name+"."+format, b), nil
	}
	return nil, &api.Error{Code: api.CodeInvalidInput, Detail: "logo of " + id + " is not a PNG, JPEG or SVG picture"}
}
