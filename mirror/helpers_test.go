package mirror_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/png"
	"io"
	"log/slog"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/mirror"
)

// quiet is a logger for loops that would otherwise print thousands of
// expected warnings.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// pngBlob is an image no sample pack holds.
func pngBlob(t testing.TB) alliance.Blob {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	sum := sha256.Sum256(b.Bytes())
	return alliance.Blob{SHA256: hex.EncodeToString(sum[:]), Size: int64(b.Len()), MIME: "image/png", Data: b.Bytes()}
}

func mustSync(t testing.TB, c *mirror.Client) mirror.Result {
	t.Helper()
	res, err := c.Sync(context.Background())
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return res
}
