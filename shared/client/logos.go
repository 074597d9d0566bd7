package client

import (
	"context"
	"io"
	"net/url"

	"antrean/shared/api"
)

// MaxLogoBytes is the most AgencyLogo reads (the server serves less).
const MaxLogoBytes = 512 << 10

// AgencyLogo reads GET /v1/site/logos/{agency_id} (public): the agency's
// logo picture (PNG, JPEG or SVG), not_found when it has none.
func (c *Client) AgencyLogo(ctx context.Context, agencyID string) ([]byte, error) {
	resp, err := c.rc.R().SetContext(ctx).SetDoNotParseResponse(true).
		Get("/v1/site/logos/" + url.PathEscape(agencyID))
	if err != nil {
		return nil, &api.Error{Code: api.CodeUnavailable, Detail: err.Error()}
	}
	body := resp.RawBody()
	defer body.Close()
	if resp.IsError() {
		return nil, &api.Error{Code: api.CodeForStatus(resp.StatusCode()), Status: resp.StatusCode()}
	}
	b, err := io.ReadAll(io.LimitReader(body, MaxLogoBytes+1))
	if err != nil {
		return nil, &api.Error{Code: api.CodeUnavailable, Detail: err.Error()}
	}
	if len(b) > MaxLogoBytes {
		return nil, &api.Error{Code: api.CodeTooLarge, Detail: "logo larger than the limit"}
	}
	return b, nil
}
