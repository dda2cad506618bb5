package ui

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log/slog"
	"math"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/store"
)

// CertificateSize is the certificate's size in pixels: A4 landscape at
// 150 dots per inch, for the community office's printer.
var CertificateSize = image.Pt(1754, 1240)

var (
	certFontOnce sync.Once
	certFont     *opentype.Font // Chinese: the kiosk's bundled font
	certLatin    *opentype.Font // digits and Latin letters, which the bundled font lacks
	certFontErr  error
)

// CertificateInfo is what a certificate says.
type CertificateInfo struct {
	Name      string // as the learner wishes to be called
	Course    string
	Lessons   int
	Number    string // the certificate number
	Date      time.Time
	Community string // the community's name
}

// DrawCertificate draws a completion certificate in language lang with
// the kiosk's bundled font (it has every Chinese character a name needs).
func DrawCertificate(info CertificateInfo, lang Lang) (image.Image, error) {
	certFontOnce.Do(func() {
		if certFont, certFontErr = opentype.Parse(assets.FontCJK); certFontErr == nil {
			certLatin, certFontErr = opentype.Parse(theme.DefaultTextFont().Content())
		}
	})
	if certFontErr != nil {
		return nil, fmt.Errorf("draw certificate: %w", certFontErr)
	}
	w, h := CertificateSize.X, CertificateSize.Y
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.NRGBA{0xfd, 0xf8, 0xec, 0xff}), image.Point{}, draw.Src)
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
	gold := color.NRGBA{0xb8, 0x86, 0x0b, 0xff}
	frame(40, 14, Action)
	frame(70, 4, gold)
	red := color.NRGBA{0xc0, 0x1c, 0x1c, 0xff}

	var err error
	line := func(s string, size float64, y int, c color.Color, cx int) {
		if err == nil {
			err = drawCentred(img, s, size, y, c, cx)
		}
	}
	ink := color.NRGBA{0x11, 0x11, 0x11, 0xff}
	date := info.Date.In(alliance.Location)
	day := date.Format("2006年1月2日")
	if lang == English {
		day = date.Format("2 January 2006")
	}
	tr := func(key string, args ...any) string { return T(lang, key, args...) }
	sc := func(s string) string { return Script(lang, s) }
	line(tr("cert.title"), 130, 300, Action, w/2)
	line(sc(info.Name), 110, 500, ink, w/2)
	line(tr("cert.finished", day), 52, 620, ink, w/2)
	line(tr("cert.course", sc(info.Course)), 68, 730, Action, w/2)
	line(tr("cert.lessons", info.Lessons), 52, 840, ink, w/2)
	line(sc(info.Community)+"  "+tr("cert.by"), 44, 1010, ink, w/2-150)
	line(tr("cert.number", info.Number), 34, 1080, Muted, w/2-150)
	// A round seal, the way Chinese certificates are stamped.
	cx, cy, r := w-330, 1000, 120
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			d := math.Hypot(float64(x-cx), float64(y-cy))
			if d <= float64(r) && d >= float64(r-12) {
				img.Set(x, y, red)
			}
		}
	}
	line(tr("cert.seal1"), 56, cy-8, red, cx)
	line(tr("cert.seal2"), 56, cy+62, red, cx)
	if err != nil {
		return nil, fmt.Errorf("draw certificate: %w", err)
	}
	return img, nil
}

// drawCentred draws a line of text centred on cx with its baseline at y,
// each character from the font that has it.
func drawCentred(img draw.Image, s string, size float64, y int, c color.Color, cx int) error {
	opts := &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull}
	cjk, err := opentype.NewFace(certFont, opts)
	if err != nil {
		return err
	}
	defer cjk.Close()
	latin, err := opentype.NewFace(certLatin, opts)
	if err != nil {
		return err
	}
	defer latin.Close()
	var buf sfnt.Buffer
	type run struct {
		face font.Face
		text string
	}
	var runs []run
	for _, r := range s {
		f := cjk
		if i, err := certFont.GlyphIndex(&buf, r); err != nil || i == 0 || r < 0x2000 {
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
	dot := fixed.P(cx, y).Sub(fixed.Point26_6{X: width / 2})
	for _, r := range runs {
		d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: r.face, Dot: dot}
		d.DrawString(r.text)
		dot = d.Dot
	}
	return nil
}

// WriteCertificatePNG draws a certificate and saves it as a PNG in dir,
// returning its path.
func WriteCertificatePNG(info CertificateInfo, lang Lang, dir string) (string, image.Image, error) {
	img, err := DrawCertificate(info, lang)
	if err != nil {
		return "", nil, err
	}
	path, f, err := createExport(dir, "certificate-"+info.Number+".png")
	if err != nil {
		return "", nil, fmt.Errorf("save certificate: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return "", nil, fmt.Errorf("save certificate: %w", err)
	}
	return path, img, f.Close()
}

// certificateScreen records that a learner finished a course (once) and
// shows her certificate, saved as a PNG for printing.
func (a *App) certificateScreen(l store.Learner, courseID, dir string) *screen {
	return &screen{name: "certificate", title: func() string { return a.t("trainer.certificate") }, build: func() fyne.CanvasObject {
		ctx := a.ctx()
		c, err := a.DB.Course(ctx, courseID)
		if err != nil {
			return a.failed(err)
		}
		comp := &store.Completion{LearnerID: l.ID, CourseID: courseID, KioskID: a.kioskID}
		if err := a.DB.SaveCompletion(ctx, comp); errors.Is(err, store.ErrCourseNotFinished) {
			return text(a.t("trainer.not_finished"))
		} else if err != nil {
			return a.failed(err)
		}
		community := a.t("app.title")
		if acc, err := a.DB.Account(ctx, a.home); err == nil {
			community = acc.Name
		}
		info := CertificateInfo{Name: l.Name, Course: c.Title, Lessons: len(c.Lessons), Number: comp.Certificate, Date: comp.Completed, Community: community}
		path, img, err := WriteCertificatePNG(info, a.lang, dir)
		msg := a.t("staff.exported", path)
		if err != nil {
			slog.Error("save certificate", "err", err)
			msg = a.t("staff.export_failed")
			if img, err = DrawCertificate(info, a.lang); err != nil {
				return a.failed(err)
			}
		}
		pic := canvas.NewImageFromImage(img)
		pic.FillMode = canvas.ImageFillContain
		pic.SetMinSize(fyne.NewSize(1060, 750))
		return container.NewBorder(nil, text(msg), nil, nil, pic)
	}}
}
