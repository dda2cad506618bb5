package packgen

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/pack"
)

// Options says how big a pack to make.
type Options struct {
	Posts     int   // e.g. 100_000
	Images    int   // e.g. 2_000
	BodyRunes int   // typical body length in characters, e.g. 400
	Seed      int64 // same seed, same pack
}

// Write makes a pack in dir (which must exist and be empty) and returns the
// number of bytes of media written.
func Write(dir string, o Options) (int64, error) {
	sample, err := pack.Load(context.Background(), assets.SamplePack())
	if err != nil {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 7))
	var sentences []string
	for _, p := range sample.Posts {
		for _, s := range strings.FieldsFunc(p.Body, func(r rune) bool { return r == '。' || r == '\n' || r == '！' || r == '？' }) {
			s = strings.Trim(strings.TrimSpace(s), "*-# ")
			if len([]rune(s)) >= 6 {
				sentences = append(sentences, s+"。")
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.yaml"), []byte(fmt.Sprintf(
		"format: %s\nid: generated\nversion: 1\ncreated: 2026-01-01T00:00:00+08:00\ntitle: generated benchmark pack\n", pack.Format)), 0o644); err != nil {
		return 0, err
	}
	accounts, err := fs.ReadFile(assets.SamplePack(), "accounts.yaml")
	if err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(dir, "accounts.yaml"), accounts, 0o644); err != nil {
		return 0, err
	}
	for _, d := range []string{"posts", "media"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			return 0, err
		}
	}
	var mediaBytes int64
	for i := range o.Images {
		b := genImage(rng)
		mediaBytes += int64(len(b))
		if err := os.WriteFile(filepath.Join(dir, "media", fmt.Sprintf("img%05d.png", i)), b, 0o644); err != nil {
			return 0, err
		}
	}
	var district []alliance.Column
	for _, c := range alliance.Columns {
		if c.DistrictCol {
			district = append(district, c.ID)
		}
	}
	start := time.Date(2014, 1, 1, 8, 0, 0, 0, alliance.Location)
	span := int64(3 * 365 * 24 * 3600)
	var buf bytes.Buffer
	for i := range o.Posts {
		acct := sample.Accounts[rng.IntN(len(sample.Accounts))]
		col := alliance.ColNotice
		switch {
		case acct.Kind == alliance.District:
			col = district[rng.IntN(len(district))]
		case rng.IntN(2) == 0:
			col = alliance.ColCommunity
		}
		var body strings.Builder
		target := o.BodyRunes/2 + rng.IntN(o.BodyRunes+1)
		for n := 0; n < target; {
			s := sentences[rng.IntN(len(sentences))]
			body.WriteString(s)
			n += len([]rune(s))
			if rng.IntN(4) == 0 {
				body.WriteString("\n\n")
			}
		}
		// A few rare phrases, so that benchmarks can tell rare queries
		// (a few dozen matches) from common ones.
		for _, r := range rare {
			if rng.IntN(r.every) == 0 {
				body.WriteString(r.text)
			}
		}
		title := []rune(sentences[rng.IntN(len(sentences))])
		if len(title) > 24 {
			title = title[:24]
		}
		pub := start.Add(time.Duration(rng.Int64N(span)) * time.Second)
		buf.Reset()
		fmt.Fprintf(&buf, "---\nid: g%06d\naccount: %s\ncolumn: %s\ntitle: %q\npublished: %s\n", i, acct.ID, col, string(title), pub.Format(time.RFC3339))
		if o.Images > 0 && rng.IntN(50) == 0 {
			fmt.Fprintf(&buf, "images: [media/img%05d.png]\n", rng.IntN(o.Images))
		}
		buf.WriteString("---\n")
		buf.WriteString(body.String())
		buf.WriteString("\n")
		if err := os.WriteFile(filepath.Join(dir, "posts", fmt.Sprintf("g%06d.md", i)), buf.Bytes(), 0o644); err != nil {
			return 0, err
		}
	}
	return mediaBytes, nil
}

// rare phrases and how rarely a post gets each (one in every).
var rare = []struct {
	text  string
	every int
}{
	{"海边看到了鲸鱼。", 2000},
}

// genImage draws a small picture of coloured bands with noise, so the PNG
// is a few kilobytes like a thumbnail, not a few bytes.
func genImage(rng *rand.Rand) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 96, 64))
	base := color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
	for y := range 64 {
		for x := range 96 {
			d := uint8(rng.IntN(24))
			img.Set(x, y, color.NRGBA{base.R + d + uint8(y), base.G + d, base.B + uint8(x), 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
