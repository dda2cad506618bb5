package mirror

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// fetchBlobs downloads the blobs content names but the kiosk lacks, each
// verified against its hash before it is used, and stores them a few
// megabytes per transaction. A transfer cut short leaves what arrived in a
// partial file beside the database, and the next sync asks only for the
// rest (HTTP Range).
func (c *Client) fetchBlobs(ctx context.Context) error {
	missing, err := c.DB.MissingBlobs(ctx, 100000)
	if err != nil || len(missing) == 0 {
		return err
	}
	dir := c.DB.Path + ".partial"
	hc := c.httpClient()
	c.prog.Total = len(missing)
	var batch []alliance.Blob
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := c.DB.PutBlobs(ctx, batch); err != nil {
			return err
		}
		for _, b := range batch {
			os.Remove(filepath.Join(dir, b.SHA256)) // names checked by fetchBlob
		}
		batch, size = batch[:0], 0
		return nil
	}
	for i, b := range missing {
		data, err := c.fetchBlob(ctx, hc, dir, b)
		if err != nil {
			if ferr := flush(); ferr != nil {
				return ferr
			}
			return fmt.Errorf("fetch blob %s: %w", b.SHA256, err)
		}
		batch = append(batch, alliance.Blob{SHA256: b.SHA256, Data: data})
		size += len(data)
		c.res.Blobs++
		c.prog.Blobs = i + 1
		c.report("blobs")
		if size >= 4<<20 || len(batch) >= 200 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// fetchBlob downloads one blob whole, resuming from a partial file, and
// checks its hash.
func (c *Client) fetchBlob(ctx context.Context, hc *http.Client, dir string, b alliance.Blob) ([]byte, error) {
	// The name came from the network: it becomes a path and a URL only if
	// it is a SHA-256 (64 lowercase hex digits), so never "../x".
	if !alliance.SHA256Pattern.MatchString(b.SHA256) {
		return nil, fmt.Errorf("blob name %q is not a SHA-256", b.SHA256)
	}
	part := filepath.Join(dir, b.SHA256)
	have, _ := os.ReadFile(part) // what an earlier, interrupted transfer got
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(c.HubURL, "/")+"/blobs/"+b.SHA256, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	if len(have) > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", len(have)))
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		have = nil
	case http.StatusPartialContent:
	case http.StatusRequestedRangeNotSatisfiable:
		os.Remove(part) // longer than the blob: start over next time
		return nil, fmt.Errorf("partial file longer than the blob")
	default:
		return nil, refusal(resp)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, alliance.MaxMediaBytes+1))
	c.prog.Bytes += int64(len(body))
	c.res.BytesIn += int64(len(body))
	data := append(have, body...)
	if err != nil {
		// Keep what arrived, so the next sync resumes here.
		if len(data) > 0 && os.MkdirAll(dir, 0o700) == nil {
			os.WriteFile(part, data, 0o600)
		}
		return nil, err
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != b.SHA256 {
		os.Remove(part) // corrupt: fetch it whole next time
		return nil, store.ErrHashMismatch
	}
	return data, nil
}
