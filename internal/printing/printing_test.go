package printing_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance/internal/printing"
	"github.com/shinan-alliance/alliance/internal/printing/cupstest"
)

// testPage is a page with a black square and a blue bar at known places,
// so a page that comes back can be compared with it.
func testPage(size image.Point) *image.RGBA {
	img := image.NewRGBA(image.Rectangle{Max: size})
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(100, 100, 500, 500), image.Black, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(100, size.Y-300, size.X-100, size.Y-200), image.NewUniform(color.RGBA{0x0b, 0x3d, 0x91, 0xff}), image.Point{}, draw.Src)
	return img
}

// difference is the mean difference of two pictures of a size, 0–255 per
// channel; -1 when their sizes differ by more than two pixels.
func difference(a, b image.Image) float64 {
	sa, sb := a.Bounds().Size(), b.Bounds().Size()
	if abs(sa.X-sb.X) > 2 || abs(sa.Y-sb.Y) > 2 {
		return -1
	}
	var sum, n float64
	for y := 0; y < min(sa.Y, sb.Y); y += 3 {
		for x := 0; x < min(sa.X, sb.X); x += 3 {
			r1, g1, b1, _ := a.At(a.Bounds().Min.X+x, a.Bounds().Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(b.Bounds().Min.X+x, b.Bounds().Min.Y+y).RGBA()
			sum += float64(absU(r1, r2)+absU(g1, g2)+absU(b1, b2)) / 3 / 257
			n++
		}
	}
	return sum / n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func absU(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// inked counts the pixels that are not paper.
func inked(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xc000 {
				n++
			}
		}
	}
	return n
}

// The PDF the kiosk writes is read back by poppler page for page, at the
// size it was drawn.
func TestPDFReadsBack(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm is missing: install Debian's poppler-utils (make deps)")
	}
	pages := []image.Image{testPage(printing.A4Portrait), testPage(printing.A4Landscape)}
	var b bytes.Buffer
	if err := printing.PDF(&b, pages...); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(path, b.Bytes(), 0o600)
	back := cupstest.Pages(t, path, printing.DPI)
	if len(back) != 2 {
		t.Fatalf("%d pages back, want 2", len(back))
	}
	for i, p := range back {
		if d := difference(pages[i], p); d < 0 || d > 2 {
			t.Errorf("page %d: %v back, difference %.2f from the %v drawn", i+1, p.Bounds().Size(), d, pages[i].Bounds().Size())
		}
	}
	if err := printing.PDF(&b); err == nil {
		t.Error("a PDF of no pages was written")
	}
}

// Printing for real: a private CUPS with Debian's PDF printer; the job is
// accepted, printed, and the PDF cups-pdf wrote, turned back into a
// picture, is the page that was sent.
func TestPrintThroughCUPS(t *testing.T) {
	cups := cupstest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p := &printing.Printer{Server: cups.Server}
	if st := p.Status(ctx); st.State != printing.Ready || st.Queue != cups.Queue {
		t.Fatalf("status %+v, want %s ready", st, cups.Queue)
	}
	page := testPage(printing.A4Portrait)
	var b bytes.Buffer
	if err := printing.PDF(&b, page); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	job, err := p.Print(ctx, "点名册", b.Bytes())
	if err != nil {
		t.Fatalf("print: %v\n%s", err, cups.Log())
	}
	st, msg, err := p.Wait(ctx, job, 200*time.Millisecond)
	if err != nil || st != printing.Printed {
		t.Fatalf("job %s: state %d %q %v\n%s", job, st, msg, err, cups.Log())
	}
	pdf := cups.WaitPDF(t, 1, 30*time.Second)
	t.Logf("printed in %s: %s", time.Since(start).Round(time.Millisecond), filepath.Base(pdf))
	back := cupstest.Pages(t, pdf, printing.DPI)
	if len(back) != 1 {
		t.Fatalf("%d pages printed, want 1", len(back))
	}
	t.Logf("PDF %d bytes; printed page %v, mean difference %.2f of 255 from the page sent", b.Len(), back[0].Bounds().Size(), difference(page, back[0]))
	if d := difference(page, back[0]); d < 0 || d > 4 {
		t.Errorf("printed page %v, difference %.2f from the %v sent", back[0].Bounds().Size(), d, page.Bounds().Size())
	}
	if n, want := inked(back[0]), inked(page); n < want*9/10 {
		t.Errorf("printed page has %d inked pixels, the page sent %d", n, want)
	}

	// A stopped printer: the job is accepted but stuck, and the status
	// says so with CUPS's reason.
	if out, err := cups.Run("cupsdisable", "-r", "paper jam", cups.Queue); err != nil {
		t.Fatalf("cupsdisable: %v %s", err, out)
	}
	if st := p.Status(ctx); st.State != printing.Stopped || st.Message != "paper jam" {
		t.Errorf("disabled printer: %+v", st)
	}
	job, err = p.Print(ctx, "进度卡", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if st, msg, err := p.Wait(ctx, job, 200*time.Millisecond); st != printing.Stuck || err != nil {
		t.Errorf("job on a stopped printer: %d %q %v", st, msg, err)
	}
	// Cancelled, it has failed: it will not print.
	if out, err := cups.Run("cancel", job.String()); err != nil {
		t.Fatalf("cancel: %v %s", err, out)
	}
	if st, _, err := p.JobState(ctx, job); st != printing.Failed || err != nil {
		t.Errorf("cancelled job: %d %v", st, err)
	}

	// No queue left: no printer, and printing says so.
	if out, err := cups.Run("lpadmin", "-x", cups.Queue); err != nil {
		t.Fatalf("lpadmin -x: %v %s", err, out)
	}
	if st := (&printing.Printer{Server: cups.Server}).Status(ctx); st.State != printing.NoPrinter {
		t.Errorf("no queue: %+v", st)
	}
	if _, err := (&printing.Printer{Server: cups.Server}).Print(ctx, "x", b.Bytes()); !errors.Is(err, printing.ErrNoPrinter) {
		t.Errorf("print with no queue: %v", err)
	}
}

// No print service at all (nothing listens): no printer, not an error.
func TestNoPrintService(t *testing.T) {
	t.Parallel()
	p := &printing.Printer{Server: filepath.Join(t.TempDir(), "no.sock")}
	ctx := context.Background()
	if st := p.Status(ctx); st.State != printing.NoPrinter || st.Message == "" {
		t.Errorf("status %+v, want no printer with a reason", st)
	}
	if _, err := p.Print(ctx, "x", []byte("%PDF-1.4")); err == nil {
		t.Error("printed with no print service")
	}
}
