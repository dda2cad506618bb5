package report

import (
	"image"
	"image/color"
	"image/draw"
	"sync"

	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/shinan-alliance/alliance/assets"
)

var (
	fontOnce sync.Once
	fontCJK  *opentype.Font // Chinese: the kiosk's bundled font
	fontLat  *opentype.Font // digits and Latin letters, which the bundled font lacks
	fontErr  error
)

// loadFonts parses the two fonts pages are drawn with, once.
func loadFonts() error {
	fontOnce.Do(func() {
		if fontCJK, fontErr = opentype.Parse(assets.FontCJK); fontErr == nil {
			fontLat, fontErr = opentype.Parse(theme.DefaultTextFont().Content())
		}
	})
	return fontErr
}

// align is where a line of text stands against its x.
type align int

const (
	left   align = iota // x is where it starts
	centre              // x is its middle
)

// run is a piece of a line drawn with one face.
type run struct {
	face font.Face
	text string
}

// layout splits s into runs, each character from the font that has it,
// and measures it. Close the faces with closeFaces.
func layout(s string, size float64) ([]run, fixed.Int26_6, []font.Face, error) {
	if err := loadFonts(); err != nil {
		return nil, 0, nil, err
	}
	opts := &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull}
	cjk, err := opentype.NewFace(fontCJK, opts)
	if err != nil {
		return nil, 0, nil, err
	}
	latin, err := opentype.NewFace(fontLat, opts)
	if err != nil {
		cjk.Close()
		return nil, 0, nil, err
	}
	var buf sfnt.Buffer
	var runs []run
	for _, r := range s {
		f := cjk
		if i, err := fontCJK.GlyphIndex(&buf, r); err != nil || i == 0 || r < 0x2000 {
			f = latin
		}
		if n := len(runs); n > 0 && runs[n-1].face == f {
			runs[n-1].text += string(r)
		} else {
			runs = append(runs, run{f, string(r)})
		}
	}
	width := fixed.Int26_6(0)
	for _, r := range runs {
		width += font.MeasureString(r.face, r.text)
	}
	return runs, width, []font.Face{cjk, latin}, nil
}

func closeFaces(fs []font.Face) {
	for _, f := range fs {
		f.Close()
	}
}

// textWidth is the width of s at size, in pixels.
func textWidth(s string, size float64) int {
	_, w, faces, err := layout(s, size)
	if err != nil {
		return 0
	}
	closeFaces(faces)
	return w.Ceil()
}

// drawText draws a line of text with its baseline at y, placed on x as a
// says.
func drawText(img draw.Image, s string, size float64, x, y int, c color.Color, a align) error {
	runs, width, faces, err := layout(s, size)
	if err != nil {
		return err
	}
	defer closeFaces(faces)
	dot := fixed.P(x, y)
	if a == centre {
		dot = dot.Sub(fixed.Point26_6{X: width / 2})
	}
	for _, r := range runs {
		d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: r.face, Dot: dot}
		d.DrawString(r.text)
		dot = d.Dot
	}
	return nil
}

// fit shortens s with … until it is at most w pixels wide at size.
func fit(s string, size float64, w int) string {
	if textWidth(s, size) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 {
		rs = rs[:len(rs)-1]
		if t := string(rs) + "…"; textWidth(t, size) <= w {
			return t
		}
	}
	return ""
}
