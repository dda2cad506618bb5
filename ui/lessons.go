package ui

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // lesson pictures may be JPEG
	_ "image/png"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/store"
)

var (
	curriculumOnce sync.Once
	curriculum     *lessons.Curriculum
	curriculumErr  error
)

// DefaultCurriculum is the embedded curriculum, loaded and checked once:
// 14 lessons with their pictures take a moment to read.
func DefaultCurriculum() (*lessons.Curriculum, error) {
	curriculumOnce.Do(func() {
		curriculum, curriculumErr = lessons.LoadCurriculum(assets.Curriculum())
	})
	return curriculum, curriculumErr
}

// learnState is what the lesson and trainer screens share: the curriculum,
// decoded pictures, and the learner card of whoever is at the lesson list.
type learnState struct {
	cur    *lessons.Curriculum
	images map[*lessons.Image]image.Image

	// The learner card belongs to one visit of the lesson list: owner is
	// that screen, so going home (or an idle reset) forgets the card.
	owner   *screen
	learner *alliance.Learner
	// Without a card, the phone she picked holds for the visit too
	// (phoneSet: she was asked; phone "" when she did not know).
	phone    string
	phoneSet bool

	// The home community's details for the lessons' placeholders, and
	// the home and language they were read for.
	values    map[string]string
	valuesFor string

	// Trainer screens stay awake during a class (see HoldForClass).
	realTouch, heldAt time.Time

	// notice is what the class screen says until the trainer taps 知道了
	// (a newcomer's learner number).
	notice string
}

// EnableLessons shows the 学用手机 tile with the lessons of c, or of the
// embedded curriculum when c is nil, and makes the trainer's tools work.
func (a *App) EnableLessons(c *lessons.Curriculum) error {
	if c == nil {
		var err error
		if c, err = DefaultCurriculum(); err != nil {
			return fmt.Errorf("enable lessons: %w", err)
		}
	}
	a.learn = &learnState{cur: c, images: map[*lessons.Image]image.Image{}}
	a.Lessons = a.lessonList
	a.render()
	return nil
}

// picture decodes a lesson picture once.
func (a *App) picture(img *lessons.Image) image.Image {
	if img == nil {
		return nil
	}
	if d, ok := a.learn.images[img]; ok {
		return d
	}
	d, _, err := image.Decode(bytes.NewReader(img.Data))
	if err != nil {
		slog.Error("decode lesson picture", "image", img.Name, "err", err)
		d = nil
	}
	a.learn.images[img] = d
	return d
}

// pictureObject shows a lesson picture at least size big, keeping its
// proportions.
func (a *App) pictureObject(img *lessons.Image, size fyne.Size) fyne.CanvasObject {
	d := a.picture(img)
	if d == nil {
		box := canvas.NewRectangle(Key)
		box.SetMinSize(size)
		return box
	}
	c := canvas.NewImageFromImage(d)
	c.FillMode = canvas.ImageFillContain
	c.SetMinSize(size)
	return c
}

// lt shows a lesson text in the kiosk's language, with the home
// community's details in its placeholders.
func (a *App) lt(t lessons.Text) string {
	s := t.In(a.lang)
	if !strings.Contains(s, "{") {
		return s
	}
	return lessons.Fill(s, a.lang, a.lessonValues())
}

// lessonMeta is "约 25 分钟 · 入门".
func (a *App) lessonMeta(l *lessons.Lesson) string {
	return a.t("lesson.minutes", l.Minutes) + " · " + a.t("lesson.level"+strconv.Itoa(l.Level))
}

// lessonList is the 学用手机 screen: the learner card, then every lesson
// with its picture, length, level and, with a card, how far she got.
func (a *App) lessonList() fyne.CanvasObject {
	st := a.learn
	if st == nil {
		return text(a.t("err.generic"))
	}
	if top := a.stack[len(a.stack)-1]; st.owner != top {
		st.owner, st.learner = top, nil
		st.phone, st.phoneSet = "", false
	}
	var cardRow fyne.CanvasObject
	prog := map[string]store.LessonProgress{}
	if l := st.learner; l != nil {
		if p, err := a.DB.ProgressOf(a.ctx(), l.ID); err == nil {
			prog = p[l.ID]
		} else {
			slog.Error("read learner progress", "err", err)
		}
		off := a.button(a.t("learner.off"), func() { st.learner = nil; a.render() })
		cardRow = card(container.NewBorder(nil, nil, nil, off, heading(a.t("learner.hello", a.c(l.Name), l.Number))))
	} else {
		use := a.primary(a.t("learner.use"), func() { a.push(a.learnerCardScreen()) })
		cardRow = card(container.NewBorder(nil, nil, nil, use, text(a.t("learner.why"))))
	}
	grid := container.NewGridWithColumns(3)
	for i, l := range st.cur.Lessons {
		status := ""
		if st.learner != nil {
			status = a.t("status.lesson." + prog[l.ID].Status)
			if prog[l.ID].Status == "" {
				status = a.t("status.lesson.not_started")
			}
		}
		grid.Add(a.lessonCard(i, l, status, func() { a.openLesson(l) }))
	}
	return container.NewBorder(container.NewVBox(cardRow, a.phoneRow()), nil, nil, nil, a.vscroll(grid))
}

// lessonCard is one lesson in the list: a big button under its picture,
// number, title, length and level.
func (a *App) lessonCard(i int, l *lessons.Lesson, status string, open func()) fyne.CanvasObject {
	b := a.button("", open)
	b.Name = a.lt(l.Title)
	title := widget.NewLabelWithStyle(a.t("lesson.number", i+1)+"  "+a.lt(l.Title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	title.SizeName = theme.SizeNameSubHeadingText
	info := container.NewVBox(title, text(a.lessonMeta(l)))
	if status != "" {
		info.Add(text(status))
	}
	pic := a.pictureObject(l.CoverImage(), fyne.NewSize(120, 213))
	return container.NewStack(b, container.NewPadded(container.NewBorder(nil, nil, pic, nil, info)))
}

// recapWords is what the recap says of how the lesson went, in step with
// the status saved for it (store.TrailStatus): the lesson's own words
// (这一课您学得很好！) only when every step was done without help; the
// steps done with help when she finished with help; the steps still to
// do, and who can help, when she needs help. A trainer presenting to a
// class sees the lesson's words: the presenter records nobody.
func (a *App) recapWords(run *lessonRun) fyne.CanvasObject {
	st := run.p.Step()
	if !run.present {
		pr := run.p.Progress()
		switch store.TrailStatus(pr) {
		case alliance.LessonCompletedWithHelp:
			return heading(a.t("recap.with_help", stepList(pr.NeedsHelp())))
		case alliance.LessonNeedsHelp:
			return heading(a.t("recap.needs_help", stepList(pr.NeedsHelp())))
		}
	}
	if st.Text.IsZero() {
		return nil
	}
	return heading(a.lt(st.Text))
}
