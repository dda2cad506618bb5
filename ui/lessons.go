package ui

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
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
	"fyne.io/fyne/v2/layout"
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
	learner *store.Learner
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
	s := t.In(string(a.lang))
	if !strings.Contains(s, "{") {
		return s
	}
	return lessons.Fill(s, string(a.lang), a.lessonValues())
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

// learnerCardScreen finds a learner card (name and last four digits of the
// phone, or the learner number) or makes a new one.
func (a *App) learnerCardScreen() *screen {
	mode, surname, title, digits, number, msg := 0, "", "", "", "", ""
	return &screen{name: "learner-card", title: func() string { return a.t("learner.title") }, build: func() fyne.CanvasObject {
		modes := a.chips([]string{a.t("learner.by_name"), a.t("learner.by_number"), a.t("learner.new")}, mode, 3, func(i int) {
			mode, msg = i, ""
			if i == 2 {
				a.replace(a.newLearnerScreenThen(func(l store.Learner) { a.learn.learner = &l }))
				return
			}
			a.render()
		})
		found := func(l store.Learner) {
			a.learn.learner = &l
			a.Back()
		}
		errLabel := text(msg)
		errLabel.Importance = widget.DangerImportance
		var body fyne.CanvasObject
		if mode == 0 {
			pad := a.keypad(digits, 4, func(v string) { digits = v })
			find := a.primary(a.t("records.find"), func() {
				if surname == "" || title == "" || len(digits) != 4 {
					msg = a.t("learner.need_name")
					a.render()
					return
				}
				list, err := a.DB.FindLearners(a.ctx(), surname+title, digits)
				switch {
				case err != nil:
					slog.Error("find learner", "err", err)
					msg = a.t("err.generic")
				case len(list) == 1:
					found(list[0])
					return
				case len(list) > 1:
					msg = a.t("learner.many")
				default:
					msg = a.t("learner.notfound")
				}
				a.render()
			})
			body = container.NewGridWithColumns(2, a.namePicker(&surname, &title),
				container.NewVBox(heading(a.t("learner.last4")), pad, errLabel, find))
		} else {
			pad := a.keypad(number, 6, func(v string) { number = v })
			find := a.primary(a.t("records.find"), func() {
				l, err := a.DB.LearnerByNumber(a.ctx(), number)
				if err != nil {
					msg = a.t("learner.notfound")
					a.render()
					return
				}
				found(l)
			})
			body = container.NewCenter(container.NewVBox(heading(a.t("learner.number")), atLeast(fyne.NewSize(500, 0), pad), errLabel, find))
		}
		return container.NewBorder(modes, nil, nil, nil, a.vscroll(body))
	}}
}

// newLearnerScreenThen makes a learner card by taps: name, phone
// (optional), consent; then hands the learner to done and shows her
// learner number to keep.
func (a *App) newLearnerScreenThen(done func(store.Learner)) *screen {
	step, surname, title, phone, agreed, msg := 0, "", "", "", false, ""
	return &screen{name: "learner-new", title: func() string { return a.t("learner.new") }, build: func() fyne.CanvasObject {
		var body fyne.CanvasObject
		next := a.primary(a.t("form.next"), nil)
		switch step {
		case 0:
			body = a.namePicker(&surname, &title)
			next.OnTapped = func() {
				a.touch()
				if surname == "" || title == "" {
					msg = a.t("form.need_name")
				} else {
					step, msg = 1, ""
				}
				a.render()
			}
		case 1:
			body = container.NewVBox(heading(a.t("learner.phone")), a.keypad(phone, 11, func(v string) { phone = v }))
			next.OnTapped = func() {
				a.touch()
				if phone != "" && len(phone) != 11 {
					msg = a.t("form.bad_phone")
				} else {
					step, msg = 2, ""
				}
				a.render()
			}
		default:
			shown := a.t("learner.no_phone")
			if phone != "" {
				shown = alliance.MaskPhone(phone)
			}
			body = container.NewVBox(card(
				text(a.t("form.summary.name")+"  "+a.c(surname)+a.titleText(title)),
				text(a.t("form.summary.phone")+"  "+shown),
			), a.consent(&agreed, "consent.learner"))
			next.SetText(a.t("form.send"))
			next.OnTapped = func() {
				a.touch()
				if !agreed {
					msg = a.t("form.need_consent")
					a.render()
					return
				}
				l := &store.Learner{Name: surname + title, Phone: phone, ConsentVersion: ConsentVersion, Community: a.home, KioskID: a.kioskID}
				if err := a.DB.SaveLearner(a.ctx(), l); err != nil {
					slog.Error("save learner", "err", err)
					msg = a.t("err.save")
					a.render()
					return
				}
				done(*l)
				a.replace(a.learnerNumberScreen(*l))
			}
		}
		errLabel := text(msg)
		errLabel.Importance = widget.DangerImportance
		next.MinSide = fyne.NewSize(300, 110)
		buttons := container.NewHBox(next)
		if step > 0 {
			buttons = container.NewHBox(a.button(a.t("form.prev"), func() { step--; msg = ""; a.render() }), next)
		}
		return container.NewBorder(text(a.t("form.step", step+1, 3)), container.NewVBox(errLabel, buttons), nil, nil, a.vscroll(body))
	}}
}

// learnerNumberScreen shows a new learner's number, to write down.
func (a *App) learnerNumberScreen(l store.Learner) *screen {
	return &screen{name: "learner-number", title: func() string { return a.t("learner.title") }, build: func() fyne.CanvasObject {
		start := a.primary(a.t("learner.start"), a.Back)
		start.MinSide = fyne.NewSize(400, 120)
		return a.scroll(heading(a.t("learner.made", a.c(l.Name))), text(a.t("learner.your_number")),
			container.NewCenter(bigNumber(l.Number)), text(a.t("learner.keep")), start)
	}}
}

// lessonRun is one lesson being played on a screen: the player and what
// the screen shows besides it.
type lessonRun struct {
	p        *lessons.Player // plays the lesson as on family's phones
	whole    *lessons.Lesson // the lesson as written, every phone's steps
	family   string          // the phone family shown, "" for the generic steps
	learner  *store.Learner  // nil: anonymous practice, nothing saved
	prior    lessons.Status  // her standing before this visit
	feedback lessons.Text    // praise, hint or the quiz's reason
	good     bool            // the feedback is praise
	chosen   int             // quiz: the answer she chose last (lesson index), -1 for none
	last     time.Time       // the last accepted tap, answer or change of step

	present bool             // presenter mode: projector sizes and trainer controls
	session *store.Session   // presenter: the class
	onStep  func(*lessonRun) // called after every change of step
}

// newRun starts (or, with a learner card, resumes) a lesson. The player's
// own settle time uses the wall clock; the screens settle with the kiosk's
// clock instead, so tests can move it.
func (a *App) newRun(l *lessons.Lesson, learner *store.Learner) *lessonRun {
	family, _ := a.phoneFamily()
	form := l.ForPhone(family)
	run := &lessonRun{p: lessons.NewPlayer(form), whole: l, family: family, learner: learner, chosen: -1, last: a.Now()}
	if learner != nil {
		prog, err := a.DB.ProgressOf(a.ctx(), learner.ID)
		if err != nil {
			slog.Error("read learner progress", "err", err)
		}
		if saved, ok := prog[learner.ID][l.ID]; ok {
			run.prior = saved.LessonStatus()
			if saved.Progress != nil && run.prior != lessons.Completed {
				if p, err := lessons.Resume(form, *saved.Progress); err == nil {
					run.p = p
				}
			}
		}
	}
	run.p.Settle = 0
	return run
}

// settled reports whether an input comes long enough after the last one to
// count (an unsteady hand bounces), and takes it.
func (a *App) settled(run *lessonRun) bool {
	now := a.Now()
	if d := now.Sub(run.last); d >= 0 && d < lessons.DefaultSettle {
		return false
	}
	run.last = now
	return true
}

// stepChanged clears the last step's feedback (unless keep) and saves the
// learner's progress.
func (a *App) stepChanged(run *lessonRun, keep bool) {
	if !keep {
		run.feedback, run.good = lessons.Text{}, false
	}
	run.chosen = -1
	run.last = a.Now()
	a.saveRun(run)
	if run.onStep != nil {
		run.onStep(run)
	}
}

// saveRun saves a carded learner's progress. Going through a lesson she
// already completed again does not undo the completion.
func (a *App) saveRun(run *lessonRun) {
	if run.learner == nil {
		return
	}
	pr := run.p.Progress()
	status := pr.Status()
	if run.prior == lessons.Completed && status != lessons.Completed {
		return
	}
	l := run.p.Lesson()
	rec := &store.LessonProgress{LearnerID: run.learner.ID, LessonID: l.ID, LessonVersion: l.Version, Status: store.StatusCode(status),
		Progress: &pr, Source: store.SourceSelfStudy, KioskID: a.kioskID}
	if run.session != nil {
		rec.SessionID = run.session.ID
	}
	if err := a.DB.SaveProgress(a.ctx(), rec); err != nil {
		slog.Error("save lesson progress", "err", err)
	}
}

// lessonScreen plays a lesson, one step per screen. Its name follows the
// step: lesson-explain, lesson-practice, lesson-quiz, lesson-recap.
func (a *App) lessonScreen(l *lessons.Lesson, learner *store.Learner, run *lessonRun) *screen {
	if run == nil {
		run = a.newRun(l, learner)
	}
	sc := &screen{title: func() string { return a.lt(l.Title) }}
	sc.build = func() fyne.CanvasObject {
		sc.name = "lesson-" + string(run.p.Step().Kind)
		return a.playerView(run)
	}
	sc.name = "lesson-" + string(run.p.Step().Kind)
	return sc
}

// playerView is a step with the progress of steps above and 上一步 /
// 下一步 below (trainer controls too in presenter mode).
func (a *App) playerView(run *lessonRun) fyne.CanvasObject {
	p := run.p
	back := a.button(a.t("lesson.prev"), func() {
		if p.Back() {
			a.stepChanged(run, false)
		}
		a.render()
	})
	if !p.CanBack() {
		back.Disable()
	}
	var next *BigButton
	if p.AtEnd() && !run.present {
		next = a.primary(a.t("lesson.finish"), func() {
			a.saveRun(run)
			a.Back()
		})
	} else {
		next = a.primary(a.t("lesson.next"), func() {
			if p.Next() {
				a.stepChanged(run, false)
			}
			a.render()
		})
		if p.AtEnd() {
			next.Disable()
		}
	}
	for _, b := range []*BigButton{back, next} {
		b.MinSide = fyne.NewSize(360, 120)
	}
	nav := container.NewHBox(back, layout.NewSpacer(), next)
	if run.present {
		show := a.button(a.t("present.show"), func() { p.ShowAnswer(); a.render() })
		show.MinSide = fyne.NewSize(300, 120)
		if k := p.Step().Kind; k != lessons.Practice && k != lessons.Quiz {
			show.Disable()
		}
		jump := a.button(a.t("present.jump"), func() { a.push(a.jumpScreen(run)) })
		jump.MinSide = fyne.NewSize(260, 120)
		nav = container.NewHBox(back, layout.NewSpacer(), show, jump, layout.NewSpacer(), next)
	}
	top := container.NewVBox(stepBar(p), text(a.t("form.step", p.Index()+1, p.Len())))
	return container.NewBorder(top, nav, nil, nil, a.stepView(run))
}

// stepBar draws the steps as a row of blocks: done, current, still to come.
func stepBar(p *lessons.Player) fyne.CanvasObject {
	row := container.NewGridWithColumns(p.Len())
	pr := p.Progress()
	for i := range p.Len() {
		c := color.Color(Key)
		switch {
		case i == p.Index():
			c = Action
		case pr.Steps[i].Done:
			c = Muted
		}
		r := canvas.NewRectangle(c)
		r.SetMinSize(fyne.NewSize(20, 22))
		r.CornerRadius = 6
		row.Add(r)
	}
	return row
}

// feedbackLabel shows praise, a hint or a reason, large; praise is marked
// as a main message.
func (a *App) feedbackLabel(run *lessonRun) fyne.CanvasObject {
	if run.feedback.IsZero() {
		return container.NewVBox() // nothing, and unlike a spacer it takes no room
	}
	l := heading(a.lt(run.feedback))
	if run.good {
		l.Importance = widget.HighImportance
	}
	return card(l)
}

// stepView draws the current step.
func (a *App) stepView(run *lessonRun) fyne.CanvasObject {
	p := run.p
	s := p.Step()
	l := p.Lesson()
	// Pictures grow to the room they get; these minimums leave room for
	// 大字 (and the presenter's larger type) on a 1920×1080 screen.
	picSize := fyne.NewSize(315, 560)
	if run.present {
		picSize = fyne.NewSize(270, 480)
	}
	switch s.Kind {
	case lessons.Practice:
		pic := newTapPicture(a.picture(l.Images[s.Image]), l.Images[s.Image], picSize)
		pic.areas = p.Highlight()
		pic.onTap = func(x, y int) {
			a.touch()
			if !a.settled(run) {
				return
			}
			r := p.Tap(x, y)
			switch r.Outcome {
			case lessons.Right:
				run.feedback, run.good = r.Message, true
				if r.Moved {
					a.stepChanged(run, true)
				} else {
					a.saveRun(run)
				}
			case lessons.Wrong:
				run.feedback, run.good = r.Message, false
			default:
				return
			}
			a.render()
		}
		left := container.NewVBox(a.feedbackLabel(run))
		addIf(left, a.variantBar(run))
		left.Add(heading(a.lt(s.Text)))
		addIf(left, a.safetyCard(s))
		if cur := p.Current(); cur.Done {
			left.Add(text(a.t("lesson.done_step")))
		}
		return container.NewGridWithColumns(2, a.vscroll(left), pic)
	case lessons.Quiz:
		order := AnswerOrder(l.ID, p.Index(), len(s.Answers))
		right := p.Revealed()
		answers := container.NewVBox()
		for _, i := range order {
			label := a.lt(s.Answers[i].Text)
			if i == right {
				label = a.t("quiz.right_mark") + label
			}
			b := a.button(label, func() {
				if !a.settled(run) {
					return
				}
				r := p.Answer(i)
				if r.Outcome == lessons.Ignored {
					return
				}
				run.feedback, run.good, run.chosen = r.Message, r.Outcome == lessons.Right, i
				a.saveRun(run)
				a.render()
			})
			b.Name = a.lt(s.Answers[i].Text)
			b.MinSide = fyne.NewSize(0, 110)
			b.Alignment = widget.ButtonAlignLeading
			switch {
			case i == right:
				b.Importance = widget.HighImportance
			case i == run.chosen:
				b.Importance = widget.DangerImportance
			}
			answers.Add(b)
		}
		body := container.NewVBox(heading(a.lt(s.Question)))
		addIf(body, a.safetyCard(s))
		body.Add(answers)
		body.Add(a.feedbackLabel(run))
		if s.Image != "" {
			return container.NewBorder(nil, nil, nil, a.pictureObject(l.Images[s.Image], picSize), a.vscroll(body))
		}
		return a.vscroll(body)
	case lessons.Recap:
		left := container.NewVBox(a.feedbackLabel(run))
		if !s.Text.IsZero() {
			left.Add(heading(a.lt(s.Text)))
		}
		left.Add(heading(a.t("recap.learned")))
		for _, t := range s.Learned {
			left.Add(text("· " + a.lt(t)))
		}
		right := container.NewVBox(heading(a.t("recap.home")))
		for _, t := range s.AtHome {
			right.Add(text("· " + a.lt(t)))
		}
		return a.vscroll(container.NewGridWithColumns(2, left, right))
	}
	md := a.markdownView(a.lt(s.Text)) // lessons come from packs and the hub: no file, no network
	body := container.NewVBox(a.feedbackLabel(run))
	addIf(body, a.variantBar(run))
	body.Add(md)
	addIf(body, a.safetyCard(s))
	if s.Image == "" {
		return a.vscroll(body)
	}
	return container.NewBorder(nil, nil, nil, a.pictureObject(l.Images[s.Image], picSize), a.vscroll(body))
}

// addIf adds o to box unless it is nil.
func addIf(box *fyne.Container, o fyne.CanvasObject) {
	if o != nil {
		box.Add(o)
	}
}

// AnswerOrder is the order a quiz's answers are shown in: a shuffle that
// is the same every time for one lesson and step (so a trainer and her
// class see the same order), as indexes into the lesson's answers.
// Lessons list the right answer first; shown in that order, a learner
// would soon learn to tap the first answer.
func AnswerOrder(lessonID string, step, n int) []int {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s#%d", lessonID, step)
	x := h.Sum64()
	next := func() uint64 { // splitmix64: fixed, whatever Go's rand does
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		return z ^ (z >> 31)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := int(next() % uint64(i+1))
		order[i], order[j] = order[j], order[i]
	}
	return order
}

// TapPicture is a phone-screen picture the learner taps: taps are mapped
// from screen to picture pixels, and highlighted areas are drawn over it.
type TapPicture struct {
	widget.BaseWidget
	img   image.Image
	w, h  int // the picture's pixels
	min   fyne.Size
	areas []image.Rectangle // highlighted, in picture pixels
	onTap func(x, y int)
}

func newTapPicture(img image.Image, info *lessons.Image, min fyne.Size) *TapPicture {
	t := &TapPicture{img: img, min: min}
	if info != nil {
		t.w, t.h = info.Width, info.Height
	}
	t.ExtendBaseWidget(t)
	return t
}

// shown is where the picture is drawn inside the widget: its offset and
// scale (the picture keeps its proportions and is centred).
func (t *TapPicture) shown() (fyne.Position, float32) {
	if t.w == 0 || t.h == 0 {
		return fyne.Position{}, 0
	}
	size := t.Size()
	scale := min(size.Width/float32(t.w), size.Height/float32(t.h))
	return fyne.NewPos((size.Width-float32(t.w)*scale)/2, (size.Height-float32(t.h)*scale)/2), scale
}

// ToPicture maps a position in the widget to picture pixels; ok is false
// outside the picture.
func (t *TapPicture) ToPicture(pos fyne.Position) (x, y int, ok bool) {
	off, scale := t.shown()
	if scale == 0 {
		return 0, 0, false
	}
	fx, fy := (pos.X-off.X)/scale, (pos.Y-off.Y)/scale
	if fx < 0 || fy < 0 || fx >= float32(t.w) || fy >= float32(t.h) {
		return 0, 0, false
	}
	return int(fx), int(fy), true
}

// ToScreen maps a picture pixel to a position in the widget.
func (t *TapPicture) ToScreen(x, y int) fyne.Position {
	off, scale := t.shown()
	return fyne.NewPos(off.X+float32(x)*scale, off.Y+float32(y)*scale)
}

// Highlighted returns the areas lit up now, in picture pixels.
func (t *TapPicture) Highlighted() []image.Rectangle { return t.areas }

// Tapped answers a tap where the finger landed.
func (t *TapPicture) Tapped(e *fyne.PointEvent) {
	if x, y, ok := t.ToPicture(e.Position); ok && t.onTap != nil {
		t.onTap(x, y)
	}
}

// MinSize is the size the screen asks for the picture.
func (t *TapPicture) MinSize() fyne.Size { return t.min }

// CreateRenderer draws the picture with its highlights over it.
func (t *TapPicture) CreateRenderer() fyne.WidgetRenderer {
	r := &tapPictureRenderer{t: t, frame: canvas.NewRectangle(color.Transparent)}
	r.frame.StrokeColor = Muted
	r.frame.StrokeWidth = 2
	if t.img != nil {
		r.pic = canvas.NewImageFromImage(t.img)
		r.pic.FillMode = canvas.ImageFillStretch
	}
	for range t.areas {
		h := canvas.NewRectangle(color.NRGBA{0xff, 0xe0, 0x66, 0x70})
		h.StrokeColor = color.NRGBA{0xd9, 0x48, 0x00, 0xff}
		h.StrokeWidth = 8
		h.CornerRadius = 12
		r.marks = append(r.marks, h)
	}
	return r
}

type tapPictureRenderer struct {
	t     *TapPicture
	pic   *canvas.Image
	frame *canvas.Rectangle
	marks []*canvas.Rectangle
}

func (r *tapPictureRenderer) Layout(size fyne.Size) {
	off, scale := r.t.shown()
	picSize := fyne.NewSize(float32(r.t.w)*scale, float32(r.t.h)*scale)
	if r.pic != nil {
		r.pic.Move(off)
		r.pic.Resize(picSize)
	}
	r.frame.Move(off)
	r.frame.Resize(picSize)
	for i, m := range r.marks {
		a := r.t.areas[i]
		m.Move(r.t.ToScreen(a.Min.X, a.Min.Y).SubtractXY(6, 6))
		m.Resize(fyne.NewSize(float32(a.Dx())*scale+12, float32(a.Dy())*scale+12))
	}
}

func (r *tapPictureRenderer) MinSize() fyne.Size { return r.t.min }
func (r *tapPictureRenderer) Refresh()           { r.Layout(r.t.Size()) }
func (r *tapPictureRenderer) Destroy()           {}
func (r *tapPictureRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{}
	if r.pic != nil {
		objs = append(objs, r.pic)
	}
	objs = append(objs, r.frame)
	for _, m := range r.marks {
		objs = append(objs, m)
	}
	return objs
}
