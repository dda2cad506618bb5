package ui_test

import (
	"context"

	"fyne.io/fyne/v2"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/printing"
	"github.com/shinan-alliance/alliance/internal/printing/cupstest"
	"github.com/shinan-alliance/alliance/internal/report"
	"github.com/shinan-alliance/alliance/internal/usbdrive"
	"github.com/shinan-alliance/alliance/store"
	"github.com/shinan-alliance/alliance/ui"
)

// printClass is a course of two lessons with a class: 孙女士 (who chose to
// print 孙丽华 on her certificate) came and finished both lessons, 王女士
// did not come.
type printClass struct {
	course  alliance.Course
	session alliance.Session
	sun     alliance.Learner
	wang    alliance.Learner
}

func newPrintClass(t *testing.T, k *kiosk) printClass {
	t.Helper()
	ctx := context.Background()
	var pc printClass
	pc.sun = alliance.Learner{Name: "孙女士", ConsentVersion: "v1"}
	pc.wang = alliance.Learner{Name: "王女士", ConsentVersion: "v1"}
	for _, l := range []*alliance.Learner{&pc.sun, &pc.wang} {
		if err := k.DB.SaveLearner(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.DB.SetLearnerPrintName(ctx, pc.sun.ID, "孙丽华"); err != nil {
		t.Fatal(err)
	}
	pc.course = alliance.Course{Title: "智能手机课", Lessons: []string{"phone-basics", "wechat-video"}}
	if err := k.DB.SaveCourse(ctx, &pc.course); err != nil {
		t.Fatal(err)
	}
	pc.session = alliance.Session{CourseID: pc.course.ID, LessonID: "phone-basics", Day: k.now.Format(alliance.DayLayout)}
	if err := k.DB.SaveSession(ctx, &pc.session); err != nil {
		t.Fatal(err)
	}
	if err := k.DB.SetAttendance(ctx, pc.session.ID, []string{pc.sun.ID, pc.wang.ID}, false, ""); err != nil {
		t.Fatal(err)
	}
	if err := k.DB.SetAttendance(ctx, pc.session.ID, []string{pc.sun.ID}, true, ""); err != nil {
		t.Fatal(err)
	}
	for _, id := range pc.course.Lessons {
		if err := k.DB.SaveProgress(ctx, &store.LessonProgress{LearnerID: pc.sun.ID, LessonID: id, Status: alliance.LessonCompleted, Source: alliance.SourceTrainer}); err != nil {
			t.Fatal(err)
		}
	}
	return pc
}

// showsKey reports whether the screen shows the words of key, up to its
// first %-verb.
func (k *kiosk) showsKey(key string) bool {
	w, _, _ := strings.Cut(k.tr(key), "%")
	return strings.Contains(k.texts(), w)
}

// A trainer saves the class's CSV and a certificate on a USB stick: none
// is plugged in at first, and the screen says so; the stick plugged in
// (a mount in the mount table) shows within a poll, and the files land
// on it, the CSV in Chinese with a byte order mark. With no printer the
// screen says 没有连接打印机, never 已打印.
func TestReportSavesToAUSBStick(t *testing.T) {
	k, _ := lessonKiosk(t)
	pc := newPrintClass(t, k)
	dir := t.TempDir()
	media := filepath.Join(dir, "media")
	stick := filepath.Join(media, "kiosk", "KIOSKUSB")
	os.MkdirAll(stick, 0o755)
	mounts := filepath.Join(dir, "mounts")
	os.WriteFile(mounts, []byte("/dev/sda1 / ext4 rw 0 0\n"), 0o644)
	k.App.Drives = &usbdrive.Finder{Mounts: mounts, Roots: []string{media}}
	k.App.Printer = &printing.Printer{Server: filepath.Join(dir, "no-cups.sock")}

	k.OpenReportForTest(pc.course.ID, pc.session.ID)
	k.settleUntil(func() bool { return k.showsKey("print.none") })
	if !k.showsKey("print.none") || !k.showsKey("usb.none") {
		t.Fatalf("no printer and no stick are not said: %s", k.texts())
	}
	k.tap(k.tr("print.register"))
	k.settleUntil(func() bool { return strings.Count(k.texts(), k.tr("print.none")) == 2 })
	if got := k.texts(); strings.Count(got, k.tr("print.none")) != 2 || k.showsKey("print.printed") || k.showsKey("print.accepted") {
		t.Errorf("printing with no printer: %s", got)
	}

	// The stick is plugged in.
	os.WriteFile(mounts, []byte("/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 "+stick+" vfat rw,nosuid 0 0\n"), 0o644)
	k.settleUntil(func() bool { return strings.Contains(k.texts(), "KIOSKUSB") })
	if !strings.Contains(k.texts(), "KIOSKUSB") {
		t.Fatalf("the stick plugged in is not shown: %s", k.texts())
	}
	k.tap(k.tr("usb.export"))
	k.settleUntil(func() bool { return k.showsKey("usb.saved") || k.showsKey("usb.failed") })
	csvs, _ := filepath.Glob(filepath.Join(stick, "class-*.csv"))
	if len(csvs) != 1 || !k.showsKey("usb.saved") {
		t.Fatalf("on the stick: %v; screen: %s", csvs, k.texts())
	}
	k.shoot("trainer-report-usb")
	b, _ := os.ReadFile(csvs[0])
	for _, want := range []string{"\ufeff课程,日期,课,学员,学员号,出勤,本课学习情况\r\n", "孙女士," + pc.sun.Number + ",到,学会了\r\n", "王女士," + pc.wang.Number + ",没来,还没学\r\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the CSV lacks %q:\n%s", want, b)
		}
	}

	// Her certificate, saved on the stick.
	k.OpenReportForTest(pc.course.ID, "")
	k.settleUntil(func() bool { return strings.Contains(k.texts(), "KIOSKUSB") })
	k.tap(k.tr("trainer.certificate"))
	k.wantScreen("certificate")
	k.settleUntil(func() bool { return k.showsKey("print.certificate") })
	k.tap(k.tr("usb.export"))
	k.settleUntil(func() bool { return k.showsKey("usb.saved") || k.showsKey("usb.failed") })
	k.shoot("certificate-screen")
	pngs, _ := filepath.Glob(filepath.Join(stick, "certificate-*.png"))
	if len(pngs) != 1 {
		t.Fatalf("certificates on the stick: %v; screen: %s", pngs, k.texts())
	}
	f, _ := os.Open(pngs[0])
	img, err := png.Decode(f)
	f.Close()
	if err != nil || img.Bounds().Size() != report.CertificateSize {
		t.Errorf("certificate on the stick: %v", err)
	}

	// Pulled out: the screen says to plug one in, and saving says so too.
	os.WriteFile(mounts, []byte("/dev/sda1 / ext4 rw 0 0\n"), 0o644)
	k.settleUntil(func() bool { return k.showsKey("usb.none") })
	if !k.showsKey("usb.none") {
		t.Errorf("the stick pulled out is still shown: %s", k.texts())
	}
}

// Printing for real through CUPS (a private scheduler with Debian's PDF
// printer): the register, 孙女士's progress card and her certificate are
// accepted, said printed only after CUPS accepted them, and the PDFs
// cups-pdf wrote, turned back into pictures, are A4 pages with ink where
// the words are; the certificate is the one with 孙丽华 on it, not
// 孙女士. With PRINT_OUT set, the pages are saved there as PNGs.
func TestReportPrintsThroughCUPS(t *testing.T) {
	cups := cupstest.Start(t)
	k, _ := lessonKiosk(t)
	pc := newPrintClass(t, k)
	k.App.Printer = &printing.Printer{Server: cups.Server}
	k.App.Drives = &usbdrive.Finder{Mounts: filepath.Join(t.TempDir(), "none")}

	// printAndWait taps label and waits for 已打印, checking that the
	// screen said the printer had the job first.
	n := 0
	printAndWait := func(label, what string, size image.Point) image.Image {
		t.Helper()
		k.tap(label)
		sawAccepted := false
		for range 200 {
			k.settle()
			if k.showsKey("print.accepted") {
				sawAccepted = true
			}
			if k.showsKey("print.printed") || k.showsKey("print.failed") || k.showsKey("print.stuck") || k.showsKey("print.slow") {
				break
			}
		}
		if !k.showsKey("print.printed") {
			t.Fatalf("%s: the screen says %s\n%s", what, k.texts(), cups.Log())
		}
		if !sawAccepted {
			t.Errorf("%s: 已打印 without 打印机收到 first", what)
		}
		n++
		pages := cupstest.Pages(t, cups.WaitPDF(t, n, 30e9), printing.DPI)
		if len(pages) != 1 {
			t.Fatalf("%s: %d pages printed, want 1", what, len(pages))
		}
		got := pages[0].Bounds().Size()
		if abs(got.X-size.X) > 2 || abs(got.Y-size.Y) > 2 {
			t.Errorf("%s: printed %v, want %v", what, got, size)
		}
		if out := os.Getenv("PRINT_OUT"); out != "" {
			f, _ := os.Create(filepath.Join(out, "printed-"+what+".png"))
			png.Encode(f, pages[0])
			f.Close()
		}
		return pages[0]
	}

	k.OpenReportForTest(pc.course.ID, pc.session.ID)
	k.settleUntil(func() bool { return k.showsKey("print.ready") })
	if !k.showsKey("print.ready") {
		t.Fatalf("the printer is not said ready: %s", k.texts())
	}
	reg := printAndWait(k.tr("print.register"), "register", printing.A4Portrait)
	if n := inkIn(reg, image.Rect(90, 400, 1150, 520)); n < 500 {
		t.Errorf("the register's rows have %d inked pixels", n)
	}
	card := printAndWait(k.tr("print.card"), "progress-card", printing.A4Portrait)
	if n := inkIn(card, image.Rect(90, 300, 1150, 600)); n < 500 {
		t.Errorf("the progress card's rows have %d inked pixels", n)
	}

	k.OpenReportForTest(pc.course.ID, "")
	k.tap(k.tr("trainer.certificate"))
	k.wantScreen("certificate")
	k.settleUntil(func() bool { return k.showsKey("print.certificate") })
	// Paper is A4 portrait: the landscape certificate comes out turned.
	printed := printAndWait(k.tr("print.certificate"), "certificate", printing.A4Portrait)
	comp, err := k.DB.CompletionOf(context.Background(), pc.sun.ID, pc.course.ID)
	if err != nil {
		t.Fatal(err)
	}
	draw := func(name string) image.Image {
		img, err := ui.DrawCertificate(ui.CertificateInfo{Name: name, Course: pc.course.Title, Lessons: 2, Number: comp.Certificate,
			Date: comp.Completed, Community: k.CommunityNameForTest()}, k.Lang())
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	nameBand := image.Rect(400, 380, 1350, 530)
	cert, best := image.Image(nil), 1e9
	for _, turned := range []image.Image{turn(printed, true), turn(printed, false)} {
		if d := bandDifference(turned, draw("孙丽华"), image.Rect(0, 0, 1754, 1240)); d < best {
			cert, best = turned, d
		}
	}
	full, short := bandDifference(cert, draw("孙丽华"), nameBand), bandDifference(cert, draw("孙女士"), nameBand)
	if full >= short || full > 3 {
		t.Errorf("the printed certificate's name differs %.2f from 孙丽华's and %.2f from 孙女士's", full, short)
	}

	// The printer stops: the screen says so, with CUPS's reason.
	if out, err := cups.Run("cupsdisable", "-r", "paper jam", cups.Queue); err != nil {
		t.Fatalf("cupsdisable: %v %s", err, out)
	}
	k.settleUntil(func() bool { return strings.Contains(k.texts(), "paper jam") })
	if !strings.Contains(k.texts(), "paper jam") {
		t.Errorf("a stopped printer is not said: %s", k.texts())
	}
}

// turn turns a picture a quarter, clockwise or not.
func turn(img image.Image, clockwise bool) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			c := img.At(b.Min.X+x, b.Min.Y+y)
			if clockwise {
				out.Set(b.Dy()-1-y, x, c)
			} else {
				out.Set(y, b.Dx()-1-x, c)
			}
		}
	}
	return out
}

// shoot saves what the window shows at 1280×800, with and without 大字,
// as SCREEN_OUT/name.png and name-large.png, when SCREEN_OUT is set.
func (k *kiosk) shoot(name string) {
	k.t.Helper()
	out := os.Getenv("SCREEN_OUT")
	if out == "" {
		return
	}
	old := k.Window.Canvas().Size()
	k.Window.Resize(fyne.NewSize(1280, 800))
	for _, large := range []bool{false, true} {
		k.SetLargeText(large)
		k.settle()
		file := name
		if large {
			file += "-large"
		}
		f, err := os.Create(filepath.Join(out, file+".png"))
		if err != nil {
			k.t.Fatal(err)
		}
		png.Encode(f, k.Window.Canvas().Capture())
		f.Close()
	}
	k.SetLargeText(false)
	k.Window.Resize(old)
	k.settle()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// inkIn counts dark pixels in r.
func inkIn(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c, _, _, _ := img.At(x, y).RGBA(); c < 0x8000 {
				n++
			}
		}
	}
	return n
}

// bandDifference is the mean difference of two pictures in r, 0–255.
func bandDifference(a, b image.Image, r image.Rectangle) float64 {
	var sum, n float64
	r = r.Intersect(a.Bounds()).Intersect(b.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			c1, _, _, _ := a.At(x, y).RGBA()
			c2, _, _, _ := b.At(x, y).RGBA()
			d := float64(c1) - float64(c2)
			if d < 0 {
				d = -d
			}
			sum += d / 257
			n++
		}
	}
	return sum / n
}

// A newcomer chooses the name her certificate will carry: her surname is
// picked, she writes her given name (here by pinyin), and the card keeps
// it beside the name she goes by; skipping the step keeps none.
func TestNewLearnerChoosesHerCertificateName(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write bool
		want  string
	}{{"written", true, "孙丽华"}, {"skipped", false, ""}} {
		t.Run(tc.name, func(t *testing.T) {
			k, _ := lessonKiosk(t)
			if err := k.Open("lessons"); err != nil {
				t.Fatal(err)
			}
			k.tap(k.tr("learner.use"), k.tr("learner.new"), "孙", "女士", k.tr("form.next"))
			if !k.showsKey("learner.print_name") {
				t.Fatalf("no step for the certificate's name: %s", k.texts())
			}
			if tc.write {
				k.tap(k.tr("learner.write_given"))
				k.wantScreen("input")
				k.tap(k.tr("input.pinyin"), "l", "i", "h", "u", "a", "丽华", k.tr("input.done"))
				k.wantScreen("learner-new")
				if !strings.Contains(k.texts(), "孙丽华") {
					t.Errorf("the full name is not shown: %s", k.texts())
				}
				k.shoot("learner-print-name")
			}
			k.tap(k.tr("form.next"), k.tr("form.next"))
			if got := strings.Contains(k.texts(), k.tr("form.summary.print_name")); got != tc.write {
				t.Errorf("the summary shows the certificate's name: %v, want %v: %s", got, tc.write, k.texts())
			}
			k.tap(k.tr("consent.agree"), k.tr("form.send"))
			k.wantScreen("learner-number")
			list, err := k.DB.Learners(context.Background())
			if err != nil || len(list) != 1 || list[0].Name != "孙女士" || list[0].PrintName != tc.want {
				t.Errorf("learners: %+v %v, want 孙女士 printing %q", list, err, tc.want)
			}
		})
	}
}
