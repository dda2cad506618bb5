package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/internal/printing"
	"github.com/shinan-alliance/alliance/internal/report"
	"github.com/shinan-alliance/alliance/internal/usbdrive"
	"github.com/shinan-alliance/alliance/store"
)

// The trainers' paper: a class's register or a course's summary, a
// learner's progress card and her certificate, printed through the
// system's print service (package printing) or saved on the USB stick
// plugged in (package usbdrive). What the printer does is said as CUPS
// reports it: nothing is called printed before CUPS says so.

// devicePoll is how often a screen that prints looks at the printer and
// the USB sticks again; printTimeout bounds one print job, from drawing
// the pages to the printer's last word.
var (
	devicePoll   = 2 * time.Second
	printTimeout = 3 * time.Minute
)

// devices is what a screen knows of the printer and the USB sticks, and
// the words of its last print or export.
type devices struct {
	printer  printing.Status
	drives   []usbdrive.Drive
	known    bool // looked at once at least
	watching bool
	busy     bool
	msg      string
}

// printer is the printer the kiosk prints to: a.Printer, else the system's
// default queue.
func (a *App) printer() *printing.Printer {
	if a.Printer == nil {
		a.Printer = &printing.Printer{}
	}
	return a.Printer
}

// drives finds USB sticks: a.Drives, else under /media and /run/media.
func (a *App) drives() *usbdrive.Finder {
	if a.Drives == nil {
		a.Drives = usbdrive.New()
	}
	return a.Drives
}

// onStack reports whether s is open, shown or under another screen.
func (a *App) onStack(s *screen) bool {
	for _, x := range a.stack {
		if x == s {
			return true
		}
	}
	return false
}

// watchDevices looks at the printer and the USB sticks now and every
// devicePoll while s is open, redrawing s when either changed: a stick
// plugged in shows at once.
func (a *App) watchDevices(s *screen, d *devices) {
	if d.watching {
		return
	}
	d.watching = true
	p, f := a.printer(), a.drives()
	var look func()
	look = func() {
		var st printing.Status
		var drives []usbdrive.Drive
		a.goWork(10*time.Second, func(ctx context.Context) error {
			st = p.Status(ctx)
			drives, _ = f.Drives()
			return nil
		}, func(error) {
			if !a.onStack(s) {
				d.watching = false
				return
			}
			changed := !d.known || st != d.printer || !sameDrives(drives, d.drives)
			d.printer, d.drives, d.known = st, drives, true
			if changed {
				a.renderIf(s)
			}
			time.AfterFunc(devicePoll, look)
		})
	}
	look()
}

func sameDrives(a, b []usbdrive.Drive) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Path != b[i].Path || a[i].ReadOnly != b[i].ReadOnly {
			return false
		}
	}
	return true
}

// writable is the first USB stick files can be saved on.
func (d *devices) writable() (usbdrive.Drive, bool) {
	for _, dr := range d.drives {
		if !dr.ReadOnly {
			return dr, true
		}
	}
	return usbdrive.Drive{}, false
}

// deviceBar is the bottom of a screen that prints: what the printer and
// the stick are doing beside the buttons, and under them, across the
// screen, how the last print or export went.
func (a *App) deviceBar(d *devices, buttons ...fyne.CanvasObject) fyne.CanvasObject {
	var printer string
	switch st := d.printer; {
	case !d.known:
		printer = a.t("print.looking")
	case st.State == printing.Ready:
		printer = a.t("print.ready", st.Queue)
	case st.State == printing.Busy:
		printer = a.t("print.busy", st.Queue)
	case st.State == printing.Stopped:
		printer = a.t("print.stopped", st.Queue, st.Message)
	default:
		printer = a.t("print.none")
	}
	usb := a.t("usb.none")
	if dr, ok := d.writable(); ok {
		usb = a.t("usb.drive", dr.Label(), sizeWords(dr.Free))
	} else if len(d.drives) > 0 {
		usb = a.t("usb.readonly", d.drives[0].Label())
	}
	bar := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(buttons...)),
		container.NewVBox(text(printer), text(usb))))
	if d.msg != "" {
		msg := text(d.msg)
		msg.TextStyle.Bold = true
		bar.Add(msg)
	}
	return bar
}

// sizeWords is a number of bytes as a person says it (7.2 GB, 512 MB).
func sizeWords(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	default:
		return fmt.Sprintf("%d MB", n>>20)
	}
}

// printPages draws pages, hands them to the printer as one job titled
// title, and follows the job, saying on s how it goes: sent, accepted by
// CUPS, printed, failed or stuck. title names the job in CUPS's logs: no
// learner's name goes into it.
func (a *App) printPages(s *screen, d *devices, title string, pages func() ([]image.Image, error)) {
	if d.busy {
		return
	}
	d.busy, d.msg = true, a.t("print.sending")
	p := a.printer()
	accepted := false
	var state printing.JobState
	var why string
	a.goWork(printTimeout, func(ctx context.Context) error {
		imgs, err := pages()
		if err != nil {
			return err
		}
		var pdf bytes.Buffer
		if err := printing.PDF(&pdf, imgs...); err != nil {
			return err
		}
		job, err := p.Print(ctx, title, pdf.Bytes())
		if err != nil {
			return err
		}
		accepted = true
		a.do(func() {
			d.msg = a.t("print.accepted")
			a.renderIf(s)
		})
		state, why, err = p.Wait(ctx, job, 500*time.Millisecond)
		return err
	}, func(err error) {
		d.busy = false
		switch {
		case errors.Is(err, printing.ErrNoPrinter):
			d.msg = a.t("print.none")
		case err != nil && accepted:
			d.msg = a.t("print.slow")
		case err != nil:
			slog.Error("print", "job", title, "err", err)
			d.msg = a.t("print.failed", a.t("print.not_sent"))
		case state == printing.Printed:
			d.msg = a.t("print.printed")
		case why == "" && state == printing.Stuck: // CUPS gave no reason: say what to do
			d.msg = a.t("print.stuck", a.t("print.ask_staff"))
		case why == "":
			d.msg = a.t("print.failed", a.t("print.ask_staff"))
		case state == printing.Stuck:
			d.msg = a.t("print.stuck", why)
		default:
			d.msg = a.t("print.failed", why)
		}
		a.renderIf(s)
	})
	a.renderIf(s)
}

// exportToDrive saves a file on the USB stick plugged in (save writes it
// into the folder it is given and returns its path), saying on s where
// it went, or to plug a stick in.
func (a *App) exportToDrive(s *screen, d *devices, save func(dir string) (string, error)) {
	if d.busy {
		return
	}
	dr, ok := d.writable()
	if !ok {
		// Plugged in since the last look?
		d.drives, _ = a.drives().Drives()
		dr, ok = d.writable()
	}
	if !ok {
		d.msg = a.t("usb.none")
		a.renderIf(s)
		return
	}
	d.busy, d.msg = true, a.t("staff.exporting")
	var path string
	a.goWork(exportTimeout, func(context.Context) (err error) {
		path, err = save(dr.Path)
		return err
	}, func(err error) {
		d.busy = false
		if err != nil {
			slog.Error("export to usb stick", "err", err)
			d.msg = a.t("usb.failed")
		} else {
			d.msg = a.t("usb.saved", dr.Label(), filepath.Base(path))
		}
		a.renderIf(s)
	})
	a.renderIf(s)
}

// reportScreen shows a session's report (session set) or a course's: a
// line for each learner with her progress card to print (and, in a
// course report, her certificate once she finished), the register or
// the summary to print, and the CSV to save on a USB stick. The reports
// are package report's; this screen puts them into words.
func (a *App) reportScreen(courseID, session string) *screen {
	d := &devices{}
	var s *screen
	s = &screen{name: "trainer-report", title: func() string { return a.t("trainer.report") }, build: func() fyne.CanvasObject {
		if !a.ready() {
			return text(a.t("err.generic"))
		}
		a.watchDevices(s, d)
		rep, err := a.trainingReport(courseID, session)
		if err != nil {
			return a.failed(err)
		}
		box := container.NewVBox(heading(a.c(rep.title)), text(rep.summary))
		for _, l := range rep.lines {
			buttons := container.NewHBox(a.button(a.t("print.card"), func() {
				a.printPages(s, d, "progress-card-"+l.learner.Number, func() ([]image.Image, error) { return a.progressCard(l.learner, rep.courseID) })
			}))
			if l.finished {
				buttons.Add(a.button(a.t("trainer.certificate"), func() { a.push(a.certificateScreen(l.learner, rep.courseID)) }))
			}
			box.Add(card(container.NewBorder(nil, nil, nil, buttons, text(l.text))))
		}
		what := "print.summary"
		if session != "" {
			what = "print.register"
		}
		printIt := a.primary(a.t(what), func() {
			a.printPages(s, d, strings.TrimSuffix(rep.table.File, ".csv"), func() ([]image.Image, error) { return report.DrawSheet(rep.sheet) })
		})
		save := a.button(a.t("usb.export"), func() { a.exportToDrive(s, d, rep.table.Export) })
		return container.NewBorder(nil, a.deviceBar(d, save, printIt), nil, nil, a.vscroll(box))
	}}
	return s
}

// reportLine is one learner's line of a report on screen.
type reportLine struct {
	learner  alliance.Learner
	text     string
	finished bool // in a course report: her certificate can be printed
}

// trainingReportWords is a report in the screen's language: its title, a
// summary, a line for each learner, the page to print and the CSV (in
// the files' words, the same in every language).
type trainingReportWords struct {
	courseID       string
	title, summary string
	lines          []reportLine
	sheet          report.Sheet
	table          *report.Table
}

// pageLessonTitle is a lesson's title in the screen's language, or its
// id, for a printed page.
func (a *App) pageLessonTitle(id string) string {
	if a.learn != nil && a.learn.cur != nil {
		if l := a.learn.cur.Lesson(id); l != nil {
			return a.lt(l.Title)
		}
	}
	return id
}

// fileLessonTitle is a lesson's title in Simplified Chinese, for files.
func (a *App) fileLessonTitle(id string) string {
	if a.learn != nil && a.learn.cur != nil {
		if l := a.learn.cur.Lesson(id); l != nil {
			return l.Title.In(alliance.Hans)
		}
	}
	return ""
}

// pageFooter is the footer of printed pages: the community and the day.
func (a *App) pageFooter() string {
	return strings.ReplaceAll(a.c(a.communityName(a.ctx())), "%", "%%") + " · " +
		a.t("page.printed", a.Now().In(alliance.Location).Format("2006-01-02")) + " · " + a.t("page.of")
}

// communityName is the name of the kiosk's community, or the kiosk's.
func (a *App) communityName(ctx context.Context) string {
	if acc, err := a.DB.Account(ctx, a.home); err == nil && acc.Name != "" {
		return acc.Name
	}
	return a.t("app.title")
}

// trainingReport is a session's report (session set) or a course's in
// the screen's language.
func (a *App) trainingReport(courseID, session string) (*trainingReportWords, error) {
	ctx := a.ctx()
	here := map[bool]string{true: a.t("trainer.here.true"), false: a.t("trainer.here.false")}
	if session != "" {
		rep, err := report.ClassReport(ctx, a.DB, session)
		if err != nil {
			return nil, err
		}
		rep.LessonTitle = a.fileLessonTitle
		lesson := a.pageLessonTitle(rep.Session.LessonID)
		w := &trainingReportWords{courseID: rep.Course.ID, title: rep.Course.Title + " · " + rep.Session.Day + " · " + lesson,
			summary: a.t("trainer.present_n", rep.Present, len(rep.Rows)), table: rep.Table()}
		w.sheet = report.Sheet{Title: a.t("page.register"), Lines: []string{a.c(rep.Course.Title) + " · " + rep.Session.Day, a.c(lesson),
			a.t("trainer.present_n", rep.Present, len(rep.Rows))},
			Header: []string{a.t("page.learner"), a.t("page.number"), a.t("page.present"), a.t("page.status"), a.t("page.sign")},
			Widths: []int{3, 2, 2, 3, 3}, Footer: a.pageFooter()}
		for _, r := range rep.Rows {
			name := a.c(r.Learner.Name)
			w.lines = append(w.lines, reportLine{learner: r.Learner, text: strings.Join([]string{name, r.Learner.Number,
				here[r.Present], a.t("status.lesson." + r.Status)}, "   ")})
			w.sheet.Rows = append(w.sheet.Rows, []string{name, r.Learner.Number, here[r.Present], a.t("status.lesson." + r.Status), ""})
		}
		return w, nil
	}
	rep, err := report.CourseReport(ctx, a.DB, courseID)
	if err != nil {
		return nil, err
	}
	rep.LessonTitle = a.fileLessonTitle
	w := &trainingReportWords{courseID: rep.Course.ID, title: rep.Course.Title,
		summary: a.t("trainer.course_summary", len(rep.Rows), rep.Classes, rep.Finished), table: rep.Table()}
	w.sheet = report.Sheet{Title: a.t("page.summary"), Lines: []string{a.c(rep.Course.Title), w.summary},
		Header: []string{a.t("page.learner"), a.t("page.number"), a.t("page.came"), a.t("page.done"), a.t("page.help"), a.t("page.finished")},
		Widths: []int{3, 2, 2, 2, 2, 2}, Footer: a.pageFooter()}
	yes := map[bool]string{true: a.t("page.yes"), false: ""}
	for _, r := range rep.Rows {
		name := a.c(r.Learner.Name)
		shown := []string{name, r.Learner.Number, a.t("trainer.came", r.Came, rep.Classes), a.t("trainer.done", r.Done, len(rep.Course.Lessons))}
		if len(r.Help) > 0 {
			shown = append(shown, a.t("trainer.help_n", len(r.Help)))
		}
		w.lines = append(w.lines, reportLine{learner: r.Learner, text: strings.Join(shown, "   "), finished: r.Finished})
		w.sheet.Rows = append(w.sheet.Rows, []string{name, r.Learner.Number, fmt.Sprintf("%d / %d", r.Came, rep.Classes),
			fmt.Sprintf("%d / %d", r.Done, len(rep.Course.Lessons)), strconv.Itoa(len(r.Help)), yes[r.Finished]})
	}
	return w, nil
}

// progressCard draws a learner's progress card in a course: each lesson
// and how far she got, in big print for her own eyes.
func (a *App) progressCard(l alliance.Learner, courseID string) ([]image.Image, error) {
	ctx := a.ctx()
	c, err := a.DB.Course(ctx, courseID)
	if err != nil {
		return nil, fmt.Errorf("progress card: %w", err)
	}
	prog, err := a.DB.ProgressOf(ctx, l.ID)
	if err != nil {
		return nil, fmt.Errorf("progress card: %w", err)
	}
	if fresh, err := a.DB.Learner(ctx, l.ID); err == nil {
		l = fresh
	}
	name := a.c(l.Name)
	if l.PrintName != "" {
		name = a.c(l.PrintName) + "（" + name + "）"
	}
	sheet := report.Sheet{Title: a.t("page.card"), Lines: []string{a.t("page.who", name, l.Number), a.t("page.course", a.c(c.Title))},
		Header: []string{a.t("page.lesson"), a.t("page.status"), a.t("page.day")}, Widths: []int{5, 3, 3}, Size: 34, Footer: a.pageFooter()}
	for _, id := range c.Lessons {
		p := prog[l.ID][id]
		st, day := p.Status, ""
		if st == "" {
			st = alliance.LessonNotStarted
		} else if !p.Updated.IsZero() {
			day = p.Updated.In(alliance.Location).Format("2006-01-02")
		}
		sheet.Rows = append(sheet.Rows, []string{a.pageLessonTitle(id), a.t("status.lesson." + st), day})
	}
	return report.DrawSheet(sheet)
}

// CertificateInfo is what a certificate says.
type CertificateInfo struct {
	Name      string // the name she chose to print, else as she wishes to be called
	Course    string
	Lessons   int
	Number    string // the certificate number
	Date      time.Time
	Community string // the community's name
}

// certificateWords puts a certificate into the words of lang.
func certificateWords(info CertificateInfo, lang alliance.Lang) report.Certificate {
	date := info.Date.In(alliance.Location)
	day := date.Format("2006年1月2日")
	if lang == alliance.English {
		day = date.Format("2 January 2006")
	}
	tr := func(key string, args ...any) string { return T(lang, key, args...) }
	sc := func(s string) string { return chinese.Script(lang, s) }
	return report.Certificate{
		Title:    tr("cert.title"),
		Name:     sc(info.Name),
		Finished: tr("cert.finished", day),
		Course:   tr("cert.course", sc(info.Course)),
		Lessons:  tr("cert.lessons", info.Lessons),
		By:       sc(info.Community) + "  " + tr("cert.by"),
		Number:   tr("cert.number", info.Number),
		Seal:     [2]string{tr("cert.seal1"), tr("cert.seal2")},
	}
}

// DrawCertificate draws a completion certificate in language lang.
func DrawCertificate(info CertificateInfo, lang alliance.Lang) (image.Image, error) {
	return report.DrawCertificate(certificateWords(info, lang))
}

// certificateScreen records that a learner finished a course (once) and
// shows her certificate, with the name she chose to print and the
// community's, to print or save on a USB stick. Drawing happens in the
// background.
func (a *App) certificateScreen(l alliance.Learner, courseID string) *screen {
	d := &devices{}
	var img image.Image
	var info CertificateInfo
	msg := ""
	started := false
	var s *screen
	s = &screen{name: "certificate", title: func() string { return a.t("trainer.certificate") }, build: func() fyne.CanvasObject {
		a.watchDevices(s, d)
		if !started {
			ctx := a.ctx()
			c, err := a.DB.Course(ctx, courseID)
			if err != nil {
				return a.failed(err)
			}
			comp := &alliance.Completion{LearnerID: l.ID, CourseID: courseID, KioskID: a.kioskID}
			if err := a.DB.SaveCompletion(ctx, comp); errors.Is(err, store.ErrCourseNotFinished) {
				return text(a.t("trainer.not_finished"))
			} else if err != nil {
				return a.failed(err)
			}
			if fresh, err := a.DB.Learner(ctx, l.ID); err == nil {
				l = fresh
			}
			name := l.Name
			if l.PrintName != "" {
				name = l.PrintName
			}
			info = CertificateInfo{Name: name, Course: c.Title, Lessons: len(c.Lessons), Number: comp.Certificate, Date: comp.Completed, Community: a.communityName(ctx)}
			words := certificateWords(info, a.lang)
			started, msg = true, a.t("cert.drawing")
			var pic image.Image
			a.goWork(exportTimeout, func(context.Context) (err error) {
				pic, err = report.DrawCertificate(words)
				return err
			}, func(err error) {
				img = pic
				if err != nil {
					slog.Error("draw certificate", "err", err)
					msg = a.t("err.generic")
				}
				a.renderIf(s)
			})
		}
		if img == nil {
			return container.NewCenter(text(msg))
		}
		pic := canvas.NewImageFromImage(img)
		pic.FillMode = canvas.ImageFillContain
		pic.SetMinSize(fyne.NewSize(600, 420))
		printIt := a.primary(a.t("print.certificate"), func() {
			a.printPages(s, d, "certificate-"+info.Number, func() ([]image.Image, error) { return []image.Image{img}, nil })
		})
		save := a.button(a.t("usb.export"), func() {
			a.exportToDrive(s, d, func(dir string) (string, error) { return report.SavePNG(img, "certificate-"+info.Number+".png", dir) })
		})
		return container.NewBorder(nil, a.deviceBar(d, save, printIt), nil, nil, pic)
	}}
	return s
}
