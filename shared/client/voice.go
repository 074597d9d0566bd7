package client

import (
	"context"
	"io"
	"net/http"

	"antrean/shared/api"
)

// MaxVoicePackBytes is the most VoicePack reads (voicepack's archive limit).
const MaxVoicePackBytes = 64 << 20

// VoiceSettings reads GET /v1/site/voice (display or admin token).
func (c *Client) VoiceSettings(ctx context.Context) (api.VoiceSettings, error) {
	var v api.VoiceSettings
	_, err := c.do(ctx, http.MethodGet, "/v1/site/voice", nil, nil, &v)
	return v, err
}

// VoicePack downloads the site's voice pack archive. With the ETag of a
// copy the caller has, an unchanged pack answers notModified and no bytes.
func (c *Client) VoicePack(ctx context.Context, etag string) (data []byte, newETag string, notModified bool, err error) {
	r := c.rc.R().SetContext(ctx).SetDoNotParseResponse(true).SetHeader("Accept", "*/*")
	if etag != "" {
		r.SetHeader("If-None-Match", etag)
	}
	resp, err := r.Get("/v1/site/voice/pack")
	if err != nil {
		return nil, "", false, transportError(ctx, err)
	}
	body := resp.RawBody()
	defer body.Close()
	if resp.StatusCode() == http.StatusNotModified {
		return nil, etag, true, nil
	}
	if resp.IsError() {
		b, _ := io.ReadAll(io.LimitReader(body, 64<<10))
		resp.SetBody(b)
		return nil, "", false, responseError(resp)
	}
	b, err := io.ReadAll(io.LimitReader(body, MaxVoicePackBytes+1))
	if err != nil {
		return nil, "", false, transportError(ctx, err)
	}
	if len(b) > MaxVoicePackBytes {
		return nil, "", false, &api.Error{Code: api.CodeTooLarge, Detail: "voice pack larger than the limit"}
	}
	return b, resp.Header().Get("ETag"), false, nil
}
