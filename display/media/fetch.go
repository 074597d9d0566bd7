package media

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"antrean/shared/api"
)

// Fetcher brings the cache up to date with the server.
type Fetcher struct {
	BaseURL, Token, Zone string
	HTTP                 *http.Client // nil: a client with a 30 s timeout
	Cache                Cache
	Logf                 func(format string, args ...any)
}

func (f *Fetcher) client() *http.Client {
	if f.HTTP != nil {
		return f.HTTP
	}
	return &http.Client{Timeout: 30 * time.Second}
}

func (f *Fetcher) get(ctx context.Context, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", strings.TrimRight(f.BaseURL, "/")+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+f.Token)
	resp, err := f.client().Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var p api.Problem
		json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&p)
		return nil, fmt.Errorf("media: GET %s: %d %s %s", path, resp.StatusCode, p.Code, p.Detail)
	}
	return resp, nil
}

// Sync asks the server for the list, fetches the pictures the cache lacks
// and saves the list. Without a server it returns the cached list and the
// error: the panel goes on with what it has. The list returned names only
// slides whose pictures are in the cache.
func (f *Fetcher) Sync(ctx context.Context) ([]api.Slide, error) {
	list, err := f.fetchList(ctx)
	if err != nil {
		cached, cerr := f.Cache.LoadList()
		if cerr != nil && f.Logf != nil {
			f.Logf("display: media cache: %v", cerr)
		}
		return f.cachedOnly(cached), err
	}
	var firstErr error
	for _, sl := range list {
		if f.Cache.Has(sl) {
			continue
		}
		if err := f.fetchImage(ctx, sl); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	have := f.cachedOnly(list)
	if firstErr == nil {
		// Only a complete sync may forget pictures.
		f.Cache.Prune(have)
	}
	if err := f.Cache.SaveList(have); err != nil && firstErr == nil {
		firstErr = err
	}
	return have, firstErr
}

func (f *Fetcher) cachedOnly(l []api.Slide) []api.Slide {
	out := []api.Slide{}
	for _, sl := range l {
		if f.Cache.Has(sl) {
			out = append(out, sl)
		}
	}
	return out
}

func (f *Fetcher) fetchList(ctx context.Context) ([]api.Slide, error) {
	q := ""
	if f.Zone != "" {
		q = "?zone=" + url.QueryEscape(f.Zone)
	}
	resp, err := f.get(ctx, "/v1/media"+q)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var l api.SlideList
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&l); err != nil {
		return nil, fmt.Errorf("media: list: %w", err)
	}
	return l.Slides, nil
}

func (f *Fetcher) fetchImage(ctx context.Context, sl api.Slide) error {
	resp, err := f.get(ctx, "/v1/media/"+url.PathEscape(sl.ID))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, api.MaxSlideBytes+1))
	if err != nil {
		return fmt.Errorf("media: slide %s: %w", sl.ID, err)
	}
	return f.Cache.Put(sl, b)
}
