package httpapi_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"antrean/server/servertest"
	"antrean/shared/api"
)

func pngOf(t testing.TB, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombPNG is a tiny valid-looking PNG whose header claims w×h pixels: a
// server that allocates what the header says before checking it runs out
// of memory.
func bombPNG(t testing.TB, w, h uint32) []byte {
	b := pngOf(t, 1, 1, color.White)
	// IHDR data starts at 16 (8 signature + 4 length + 4 type).
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// upload posts a slide as multipart/form-data with token.
func upload(t *testing.T, s *servertest.Server, token string, file []byte, fields map[string]string) (int, []byte, http.Header) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "slide.png")
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", s.URL+"/v1/admin/media", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func problemCode(b []byte) (api.Code, string) {
	var p api.Problem
	json.Unmarshal(b, &p)
	return p.Code, p.Detail
}

func mediaGet(t *testing.T, url, token string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestMediaUploadServeAndCache(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	seq0, _ := s.Instance.Store.LastSeq(ctx(t))

	pic := pngOf(t, 64, 36, color.RGBA{200, 30, 30, 255})
	st, b, hdr := upload(t, s, adm.token, pic, map[string]string{"title": "Jam layanan", "duration_s": "12"})
	if st != 201 {
		t.Fatalf("upload PNG: %d %s", st, b)
	}
	var sl api.Slide
	json.Unmarshal(b, &sl)
	if sl.ID == "" || sl.ContentType != "image/png" || sl.Width != 64 || sl.Height != 36 || sl.Order != 1 ||
		!sl.Enabled || sl.DurationS != 12 || sl.Title != "Jam layanan" || sl.Bytes != int64(len(pic)) || len(sl.SHA256) != 64 {
		t.Fatalf("slide %+v", sl)
	}
	if hdr.Get("Location") != "/v1/media/"+sl.ID {
		t.Errorf("Location %q", hdr.Get("Location"))
	}
	// A JPEG, for zone "imigrasi" only.
	st, b, _ = upload(t, s, adm.token, jpegOf(t, 80, 60), map[string]string{"zones": "imigrasi"})
	if st != 201 {
		t.Fatalf("upload JPEG: %d %s", st, b)
	}
	var jp api.Slide
	json.Unmarshal(b, &jp)
	if jp.ContentType != "image/jpeg" || jp.Order != 2 || len(jp.Zones) != 1 {
		t.Fatalf("jpeg slide %+v", jp)
	}

	// The display's list and picture.
	resp, b := mediaGet(t, s.URL+"/v1/media", s.DisplayToken, nil)
	var list api.SlideList
	json.Unmarshal(b, &list)
	if resp.StatusCode != 200 || len(list.Slides) != 2 || list.Slides[0].ID != sl.ID {
		t.Fatalf("display list: %d %s", resp.StatusCode, b)
	}
	resp, b = mediaGet(t, s.URL+"/v1/media?zone=lantai-2", s.DisplayToken, nil)
	json.Unmarshal(b, &list)
	if resp.StatusCode != 200 || len(list.Slides) != 1 || list.Slides[0].ID != sl.ID {
		t.Fatalf("zone lantai-2 sees %d %s", resp.StatusCode, b)
	}
	resp, b = mediaGet(t, s.URL+"/v1/media/"+sl.ID, s.DisplayToken, nil)
	if resp.StatusCode != 200 || !bytes.Equal(b, pic) || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("picture: %d %s, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(b))
	}
	etag := resp.Header.Get("ETag")
	if etag != `"`+sl.SHA256+`"` || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("caching headers: ETag %q Cache-Control %q", etag, resp.Header.Get("Cache-Control"))
	}
	resp, b = mediaGet(t, s.URL+"/v1/media/"+sl.ID, s.DisplayToken, map[string]string{"If-None-Match": etag})
	if resp.StatusCode != 304 || len(b) != 0 {
		t.Fatalf("If-None-Match: %d, %d bytes", resp.StatusCode, len(b))
	}
	if resp, _ = mediaGet(t, s.URL+"/v1/media/"+sl.ID, "", nil); resp.StatusCode != 401 {
		t.Errorf("picture without a token: %d", resp.StatusCode)
	}
	if resp, _ = mediaGet(t, s.URL+"/v1/media/nope", s.DisplayToken, nil); resp.StatusCode != 404 {
		t.Errorf("unknown slide: %d", resp.StatusCode)
	}

	// Each change was announced to displays.
	evs, _, err := s.Instance.Store.EventsAfter(ctx(t), seq0, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Event.Type == api.EventMediaUpdated {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("media.updated events after two uploads: %d", n)
	}

	// Disable, reorder, delete.
	var out api.Slide
	adm.must("PATCH", "/v1/admin/media/"+sl.ID, map[string]any{"enabled": false}, &out, 200)
	if out.Enabled || out.Title != "Jam layanan" {
		t.Fatalf("patched %+v", out)
	}
	_, b = mediaGet(t, s.URL+"/v1/media", s.DisplayToken, nil)
	json.Unmarshal(b, &list)
	if len(list.Slides) != 1 || list.Slides[0].ID != jp.ID {
		t.Fatalf("a disabled slide is still listed for displays: %s", b)
	}
	adm.must("GET", "/v1/admin/media", nil, &list, 200)
	if len(list.Slides) != 2 {
		t.Fatalf("admin list %+v", list)
	}
	adm.must("PUT", "/v1/admin/media/order", api.SlideOrder{IDs: []string{jp.ID, sl.ID}}, &list, 200)
	adm.must("GET", "/v1/admin/media", nil, &list, 200)
	if list.Slides[0].ID != jp.ID || list.Slides[0].Order != 1 || list.Slides[1].Order != 2 {
		t.Fatalf("after reorder %+v", list.Slides)
	}
	if st, code := adm.do("PUT", "/v1/admin/media/order", api.SlideOrder{IDs: []string{jp.ID}}, nil); st != 400 || code != api.CodeInvalidInput {
		t.Errorf("order naming one of two: %d %s", st, code)
	}
	if st, code := adm.do("PATCH", "/v1/admin/media/"+sl.ID, map[string]any{"duration_s": 100000}, nil); st != 400 || code != api.CodeInvalidInput {
		t.Errorf("duration 100000 s: %d %s", st, code)
	}

	// Durable: a restart keeps the slides and their bytes.
	s.Restart()
	resp, b = mediaGet(t, s.URL+"/v1/media/"+sl.ID, s.DisplayToken, nil)
	if resp.StatusCode != 200 || !bytes.Equal(b, pic) {
		t.Fatalf("after restart: %d, %d bytes", resp.StatusCode, len(b))
	}
	adm = newAdmin(t, s)
	adm.must("DELETE", "/v1/admin/media/"+sl.ID, nil, nil, 204)
	if resp, _ = mediaGet(t, s.URL+"/v1/media/"+sl.ID, s.DisplayToken, nil); resp.StatusCode != 404 {
		t.Errorf("deleted slide still served: %d", resp.StatusCode)
	}
	if st, _ := adm.do("DELETE", "/v1/admin/media/"+sl.ID, nil, nil); st != 404 {
		t.Errorf("second delete: %d", st)
	}
}

func TestMediaUploadRefusals(t *testing.T) {
	s := servertest.Start(t)
	adm := newAdmin(t, s)
	truncated := pngOf(t, 300, 300, color.RGBA{1, 2, 3, 255})
	truncated = truncated[:len(truncated)/2]
	big := make([]byte, api.MaxSlideBytes+1024)
	copy(big, pngOf(t, 2, 2, color.Black))
	cases := []struct {
		name   string
		file   []byte
		fields map[string]string
		status int
		code   api.Code
	}{
		{"text file", []byte("bukan gambar, hanya teks"), nil, 400, api.CodeInvalidInput},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), nil, 400, api.CodeInvalidInput},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), nil, 400, api.CodeInvalidInput},
		{"truncated PNG", truncated, nil, 400, api.CodeInvalidInput},
		{"over 5 MB", big, nil, 413, api.CodeTooLarge},
		{"decompression bomb", bombPNG(t, 60000, 60000), nil, 413, api.CodeTooLarge},
		{"wider than 4096", pngOf(t, 4097, 2, color.White), nil, 413, api.CodeTooLarge},
		{"no file", nil, map[string]string{"title": "x"}, 400, api.CodeInvalidInput},
		{"bad duration", pngOf(t, 2, 2, color.White), map[string]string{"duration_s": "lama"}, 400, api.CodeInvalidInput},
		{"unknown field", pngOf(t, 2, 2, color.White), map[string]string{"colour": "red"}, 400, api.CodeInvalidInput},
	}
	for _, c := range cases {
		st, b, _ := upload(t, s, adm.token, c.file, c.fields)
		code, detail := problemCode(b)
		if st != c.status || code != c.code || detail == "" {
			t.Errorf("%s: %d %s %q, want %d %s", c.name, st, code, detail, c.status, c.code)
		}
	}
	// JSON instead of multipart.
	if st, code := adm.do("POST", "/v1/admin/media", map[string]string{"file": "x"}, nil); st != 400 || code != api.CodeInvalidInput {
		t.Errorf("JSON body: %d %s", st, code)
	}
	// Only admins upload: a kiosk's or a display's token is refused.
	for name, tok := range map[string]string{"kiosk": s.KioskToken, "display": s.DisplayToken} {
		st, b, _ := upload(t, s, tok, pngOf(t, 2, 2, color.White), nil)
		if code, _ := problemCode(b); st != 403 || code != api.CodeForbidden {
			t.Errorf("%s token uploads: %d %s", name, st, code)
		}
	}
	if st, _, _ := upload(t, s, "", pngOf(t, 2, 2, color.White), nil); st != 401 {
		t.Errorf("no token uploads: %d", st)
	}
	// A kiosk does not read the panel's list either.
	if resp, _ := mediaGet(t, s.URL+"/v1/media", s.KioskToken, nil); resp.StatusCode != 403 {
		t.Errorf("kiosk lists media: %d", resp.StatusCode)
	}
	// Nothing of that was stored.
	var list api.SlideList
	adm.must("GET", "/v1/admin/media", nil, &list, 200)
	if len(list.Slides) != 0 {
		t.Fatalf("refused uploads stored: %+v", list.Slides)
	}
}

// The admin page loads the media section's script, served under the
// page's CSP.
func TestAdminPageMediaSection(t *testing.T) {
	s := servertest.Start(t)
	resp, b := mediaGet(t, s.URL+"/admin", "", nil)
	if resp.StatusCode != 200 || !bytes.Contains(b, []byte(`<script src="/admin/media.js" defer></script>`)) || !bytes.Contains(b, []byte(`id="mediaForm"`)) {
		t.Fatalf("admin page lacks the media section")
	}
	resp, b = mediaGet(t, s.URL+"/admin/media.js", "", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		resp.Header.Get("Content-Security-Policy") == "" || !bytes.Contains(b, []byte("/v1/admin/media")) {
		t.Fatalf("media.js: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
