package ui

import (
	"context"
	"errors"
	"image"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/internal/chinese"
	"github.com/shinan-alliance/alliance/internal/report"
	"github.com/shinan-alliance/alliance/store"
)

// reportScreen shows a session's report (session set) or a course's, with
// CSV export and, in a course report, certificates for who finished. The
// reports are package report's; this screen puts them into words.
func (a *App) reportScreen(courseID, session string) *screen {
	status := ""
	busy := false
	dir := widget.NewEntry()
	dir.SetText(report.Dir())
	var s *screen
	s = &screen{name: "trainer-report", title: func() string { return a.t("trainer.report") }, build: func() fyne.CanvasObject {
		if !a.ready() {
			return text(a.t("err.generic"))
		}
		title, summary, lines, table, err := a.trainingReport(courseID, session)
		if err != nil {
			return a.failed(err)
		}
		box := container.NewVBox(heading(a.c(title)), text(summary))
		for _, l := range lines {
			if l.finished {
				cert := a.button(a.t("trainer.certificate"), func() { a.push(a.certificateScreen(l.learner, courseID, dir.Text)) })
				box.Add(card(container.NewBorder(nil, nil, nil, cert, text(l.text))))
				continue
			}
			box.Add(card(text(l.text)))
		}
		statusLabel := text(status)
		export := a.primary(a.t("staff.export"), func() {
			if busy {
				return
			}
			// A USB stick may be slow or failing: written in the background.
			busy, status = true, a.t("staff.exporting")
			folder := dir.Text
			var path string
			a.goWork(exportTimeout, func(context.Context) (err error) {
				path, err = table.Export(folder)
				return err
			}, func(err error) {
				busy = false
				if err != nil {
					slog.Error("export training report", "err", err)
					status = a.t("staff.export_failed")
				} else {
					status = a.t("staff.exported", path)
				}
				a.renderIf(s)
			})
			a.render()
		})
		bottom := container.NewVBox(statusLabel, text(a.t("staff.export_to")), container.NewBorder(nil, nil, nil, export, atLeast(fyne.NewSize(0, MinTarget), dir)))
		return container.NewBorder(nil, bottom, nil, nil, a.vscroll(box))
	}}
	return s
}

// reportLine is one learner's line of a report on screen.
type reportLine struct {
	learner  alliance.Learner
	text     string
	finished bool // in a course report: her certificate can be printed
}

// trainingReport is a session's report (session set) or a course's in
// the screen's language: its title, a summary, a line for each learner,
// and the CSV, which is the same in every language.
func (a *App) trainingReport(courseID, session string) (title, summary string, lines []reportLine, table *report.Table, err error) {
	ctx := a.ctx()
	if session != "" {
		rep, err := report.ClassReport(ctx, a.DB, session)
		if err != nil {
			return "", "", nil, nil, err
		}
		lesson := rep.Session.LessonID
		if l := a.learn.cur.Lesson(lesson); l != nil {
			lesson = l.Title.In(a.lang)
		}
		for _, r := range rep.Rows {
			lines = append(lines, reportLine{learner: r.Learner, text: strings.Join([]string{a.c(r.Learner.Name), r.Learner.Number,
				a.t("trainer.here." + strconv.FormatBool(r.Present)), a.t("status.lesson." + r.Status)}, "   ")})
		}
		return rep.Course.Title + " · " + rep.Session.Day + " · " + lesson, a.t("trainer.present_n", rep.Present, len(rep.Rows)), lines, rep.Table(), nil
	}
	rep, err := report.CourseReport(ctx, a.DB, courseID)
	if err != nil {
		return "", "", nil, nil, err
	}
	for _, r := range rep.Rows {
		shown := []string{a.c(r.Learner.Name), r.Learner.Number, a.t("trainer.came", r.Came, rep.Classes), a.t("trainer.done", r.Done, len(rep.Course.Lessons))}
		if len(r.Help) > 0 {
			shown = append(shown, a.t("trainer.help_n", len(r.Help)))
		}
		lines = append(lines, reportLine{learner: r.Learner, text: strings.Join(shown, "   "), finished: r.Finished})
	}
	return rep.Course.Title, a.t("trainer.course_summary", len(rep.Rows), rep.Classes, rep.Finished), lines, rep.Table(), nil
}

// CertificateInfo is what a certificate says.
type CertificateInfo struct {
	Name      string // as the learner wishes to be called
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
// shows her certificate, saved as a PNG for printing. Drawing and saving
// (to a USB stick, maybe slow) happen in the background.
func (a *App) certificateScreen(l alliance.Learner, courseID, dir string) *screen {
	var img image.Image
	msg := ""
	started := false
	var s *screen
	s = &screen{name: "certificate", title: func() string { return a.t("trainer.certificate") }, build: func() fyne.CanvasObject {
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
			community := a.t("app.title")
			if acc, err := a.DB.Account(ctx, a.home); err == nil {
				community = acc.Name
			}
			info := CertificateInfo{Name: l.Name, Course: c.Title, Lessons: len(c.Lessons), Number: comp.Certificate, Date: comp.Completed, Community: community}
			words := certificateWords(info, a.lang)
			started, msg = true, a.t("staff.exporting")
			var path string
			var pic image.Image
			a.goWork(exportTimeout, func(context.Context) (err error) {
				path, pic, err = report.SaveCertificate(words, info.Number, dir)
				return err
			}, func(err error) {
				img, msg = pic, a.t("staff.exported", path)
				if err != nil {
					slog.Error("save certificate", "err", err)
					msg = a.t("staff.export_failed")
				}
				a.renderIf(s)
			})
		}
		if img == nil {
			return container.NewCenter(text(msg))
		}
		pic := canvas.NewImageFromImage(img)
		pic.FillMode = canvas.ImageFillContain
		pic.SetMinSize(fyne.NewSize(1060, 750))
		return container.NewBorder(nil, text(msg), nil, nil, pic)
	}}
	return s
}
