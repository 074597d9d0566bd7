package httpapi

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"

	"antrean/shared/api"
)

// maxLogoBytes bounds a logo file: a kiosk tile needs a few hundred pixels.
const maxLogoBytes = 512 << 10

// logoTypes are the picture formats a logo may have, by extension.
var logoTypes = map[string]string{
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml",
}

// agencyLogo serves the logo file an agency names (`logo = "logos/x.png"`
// in the site file), read from LogoDir and never from outside it: the
// name comes from the site file or an admin, and the folder is opened as
// an os.Root, so "../" and symbolic links out of it fail. Public, like the
// agency names on the kiosk it goes with.
func (s *Server) agencyLogo(w http.ResponseWriter, r *http.Request) {
	notFound := &api.Error{Code: api.CodeNotFound, Detail: "no logo for this agency"}
	if s.o.LogoDir == "" {
		s.fail(w, r, notFound)
		return
	}
	cat, err := s.o.Store.Catalog(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := ""
	for _, a := range cat.Agencies {
		if a.ID == r.PathValue("agency_id") {
			name = a.Logo
		}
	}
	ctype := logoTypes[strings.ToLower(path.Ext(name))]
	if name == "" || ctype == "" {
		s.fail(w, r, notFound)
		return
	}
	root, err := os.OpenRoot(s.o.LogoDir)
	if err != nil {
		s.log.Warn("logo folder", "dir", s.o.LogoDir, "err", err)
		s.fail(w, r, notFound)
		return
	}
	defer root.Close()
	// Relative to the folder, whatever the name says ("/logos/x.png",
	// "../x.png"); the root refuses anything that still points out.
	f, err := root.Open(strings.TrimLeft(path.Clean("/"+name), "/"))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.log.Warn("logo", "agency", r.PathValue("agency_id"), "err", err)
		}
		s.fail(w, r, notFound)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxLogoBytes {
		s.log.Warn("logo not served: not a file or larger than the limit", "agency", r.PathValue("agency_id"), "limit", maxLogoBytes)
		s.fail(w, r, notFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.FormatInt(st.Size(), 10))
	h.Set("Cache-Control", "public, max-age=300")
	// An SVG is a document: it must not run anything when opened directly.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	http.ServeContent(w, r, "", st.ModTime(), io.NewSectionReader(f, 0, st.Size()))
}
