package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// drawing is one picture: the screen function draws it, and it is saved
// under every path given (lessons share pictures such as the chat list).
type drawing struct {
	draw  func() *canvas
	paths []string
}

// drawings is filled by the screens_*.go files.
var drawings []drawing

func add(fn func() *canvas, paths ...string) {
	drawings = append(drawings, drawing{draw: fn, paths: paths})
}

func main() {
	out := flag.String("out", "assets/curriculum", "the curriculum folder to write into")
	only := flag.String("only", "", "draw only pictures whose path contains this")
	review := flag.String("review", "", "also write each practice step's picture with its tap areas into this folder")
	flag.Parse()
	n := 0
	for _, d := range drawings {
		var paths []string
		for _, p := range d.paths {
			if strings.Contains(p, *only) {
				paths = append(paths, p)
			}
		}
		if len(paths) == 0 {
			continue
		}
		data, err := encode(d.draw().img)
		if err != nil {
			log.Fatal(err)
		}
		for _, p := range paths {
			file := filepath.Join(*out, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				log.Fatal(err)
			}
			if err := os.WriteFile(file, data, 0o644); err != nil {
				log.Fatal(err)
			}
			fmt.Printf("%6d bytes  %s\n", len(data), file)
			n++
		}
	}
	if *review != "" {
		if err := writeReview(*out, *review); err != nil {
			log.Fatal(err)
		}
	}
	if n == 0 && *review == "" {
		log.Fatalf("no drawing matches %q", *only)
	}
}

// encode saves img as a PNG with at most 256 colours: the most frequent
// ones, every other pixel taking the nearest of them (only the soft edges
// of shapes and letters have rarer colours).
func encode(img *image.RGBA) ([]byte, error) {
	count := map[color.RGBA]int{}
	for i := 0; i+3 < len(img.Pix); i += 4 {
		count[color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], 0xff}]++
	}
	cols := make([]color.RGBA, 0, len(count))
	for c := range count {
		cols = append(cols, c)
	}
	sort.Slice(cols, func(i, j int) bool {
		a, b := cols[i], cols[j]
		if count[a] != count[b] {
			return count[a] > count[b]
		}
		return uint32(a.R)<<16|uint32(a.G)<<8|uint32(a.B) < uint32(b.R)<<16|uint32(b.G)<<8|uint32(b.B)
	})
	if len(cols) > 256 {
		cols = cols[:256]
	}
	pal := make(color.Palette, len(cols))
	for i, c := range cols {
		pal[i] = c
	}
	// Each colour is matched to the palette once, not once a pixel.
	p := image.NewPaletted(img.Bounds(), pal)
	index := map[color.RGBA]uint8{}
	for i, c := range cols {
		index[c] = uint8(i)
	}
	for i, j := 0, 0; i+3 < len(img.Pix); i, j = i+4, j+1 {
		c := color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], 0xff}
		k, ok := index[c]
		if !ok {
			k = uint8(pal.Index(c))
			index[c] = k
		}
		p.Pix[j] = k
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
