package report

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
)

// CertificateSize is the certificate's size in pixels: A4 landscape at
// 150 dots per inch, for the community office's printer.
var CertificateSize = image.Pt(1754, 1240)

// Certificate is what a certificate says, each line in the words of the
// language it is printed in.
type Certificate struct {
	Title    string // 结业证书
	Name     string // the learner, as she wishes to be called
	Finished string // the day she finished
	Course   string
	Lessons  string
	By       string // the community, and who awards it
	Number   string // the certificate number, in words
	Seal     [2]string
}

// Colours of the certificate: the kiosk's action blue and muted grey (see
// ui.Action, ui.Muted), a gold frame and a red seal.
var (
	certBlue  = color.NRGBA{0x0b, 0x3d, 0x91, 0xff}
	certGrey  = color.NRGBA{0x3a, 0x3a, 0x3a, 0xff}
	certGold  = color.NRGBA{0xb8, 0x86, 0x0b, 0xff}
	certRed   = color.NRGBA{0xc0, 0x1c, 0x1c, 0xff}
	certInk   = color.NRGBA{0x11, 0x11, 0x11, 0xff}
	certPaper = color.NRGBA{0xfd, 0xf8, 0xec, 0xff}
)

// DrawCertificate draws a completion certificate with the kiosk's bundled
// font (it has every Chinese character a name needs).
func DrawCertificate(c Certificate) (image.Image, error) {
	if err := loadFonts(); err != nil {
		return nil, fmt.Errorf("draw certificate: %w", err)
	}
	w, h := CertificateSize.X, CertificateSize.Y
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(certPaper), image.Point{}, draw.Src)
	frame := func(inset, width int, c color.Color) {
		for i := range width {
			r := image.Rect(inset+i, inset+i, w-inset-i, h-inset-i)
			for x := r.Min.X; x < r.Max.X; x++ {
				img.Set(x, r.Min.Y, c)
				img.Set(x, r.Max.Y-1, c)
			}
			for y := r.Min.Y; y < r.Max.Y; y++ {
				img.Set(r.Min.X, y, c)
				img.Set(r.Max.X-1, y, c)
			}
		}
	}
	frame(40, 14, certBlue)
	frame(70, 4, certGold)

	var err error
	line := func(s string, size float64, y int, c color.Color, cx int) {
		if err == nil {
			err = drawText(img, s, size, cx, y, c, centre)
		}
	}
	line(c.Title, 130, 300, certBlue, w/2)
	line(c.Name, 110, 500, certInk, w/2)
	line(c.Finished, 52, 620, certInk, w/2)
	line(c.Course, 68, 730, certBlue, w/2)
	line(c.Lessons, 52, 840, certInk, w/2)
	line(c.By, 44, 1010, certInk, w/2-150)
	line(c.Number, 34, 1080, certGrey, w/2-150)
	// A round seal, the way Chinese certificates are stamped.
	cx, cy, r := w-330, 1000, 120
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			d := math.Hypot(float64(x-cx), float64(y-cy))
			if d <= float64(r) && d >= float64(r-12) {
				img.Set(x, y, certRed)
			}
		}
	}
	line(c.Seal[0], 56, cy-8, certRed, cx)
	line(c.Seal[1], 56, cy+62, certRed, cx)
	if err != nil {
		return nil, fmt.Errorf("draw certificate: %w", err)
	}
	return img, nil
}

// SaveCertificate draws a certificate and saves it as a PNG named after
// its number in dir, returning its path and the picture. When the file
// cannot be written, the picture is still returned, with the error.
func SaveCertificate(c Certificate, number, dir string) (string, image.Image, error) {
	img, err := DrawCertificate(c)
	if err != nil {
		return "", nil, err
	}
	path, err := SavePNG(img, "certificate-"+number+".png", dir)
	return path, img, err
}
