package printing

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"io"
)

// DPI is the resolution pages are drawn at: A4 is 1240×1754 pixels
// portrait, 1754×1240 landscape.
const DPI = 150

// A4 sizes in pixels at DPI.
var (
	A4Portrait  = image.Pt(1240, 1754)
	A4Landscape = image.Pt(1754, 1240)
)

// a4 is A4 in PDF points (1/72 inch).
const a4Short, a4Long = 595.28, 841.89

// PDF writes pages as a PDF document, each picture filling an A4 page
// (landscape when the picture is wider than tall), losslessly compressed.
func PDF(w io.Writer, pages ...image.Image) error {
	if len(pages) == 0 {
		return fmt.Errorf("write pdf: no pages")
	}
	bw := bufio.NewWriter(w)
	var offsets []int
	n := 0
	out := func(format string, args ...any) {
		k, _ := fmt.Fprintf(bw, format, args...)
		n += k
	}
	obj := func(body func()) {
		offsets = append(offsets, n)
		out("%d 0 obj\n", len(offsets))
		body()
		out("\nendobj\n")
	}
	out("%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n")
	// Objects: 1 catalog, 2 pages, then for page i: 3+3i page, 4+3i
	// contents, 5+3i image.
	obj(func() { out("<< /Type /Catalog /Pages 2 0 R >>") })
	obj(func() {
		out("<< /Type /Pages /Count %d /Kids [", len(pages))
		for i := range pages {
			out(" %d 0 R", 3+3*i)
		}
		out(" ] >>")
	})
	for i, img := range pages {
		b := img.Bounds()
		if b.Empty() {
			return fmt.Errorf("write pdf: page %d is empty", i+1)
		}
		pw, ph := a4Short, a4Long
		if b.Dx() > b.Dy() {
			pw, ph = ph, pw
		}
		obj(func() {
			out("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im%d %d 0 R >> >> /Contents %d 0 R >>",
				pw, ph, i, 5+3*i, 4+3*i)
		})
		content := fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im%d Do Q\n", pw, ph, i)
		obj(func() { out("<< /Length %d >>\nstream\n%s\nendstream", len(content), content) })
		data, err := deflateRGB(img)
		if err != nil {
			return fmt.Errorf("write pdf: %w", err)
		}
		obj(func() {
			out("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n",
				b.Dx(), b.Dy(), len(data))
			k, _ := bw.Write(data)
			n += k
			out("\nendstream")
		})
	}
	xref := n
	out("xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		out("%010d 00000 n \n", o)
	}
	out("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// deflateRGB is a picture's pixels as 8-bit RGB rows, zlib-compressed
// (PDF's FlateDecode).
func deflateRGB(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	z, err := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	row := make([]byte, 3*b.Dx())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			// Transparent parts are paper: composed over white.
			r, g, bl = r+0xffff-a, g+0xffff-a, bl+0xffff-a
			i := 3 * (x - b.Min.X)
			row[i], row[i+1], row[i+2] = byte(r>>8), byte(g>>8), byte(bl>>8)
		}
		if _, err := z.Write(row); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
