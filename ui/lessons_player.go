package ui

import (
	"fmt"
	"hash/fnv"
	"image/color"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/lessons"
	"github.com/shinan-alliance/alliance/store"
)

// lessonRun is one lesson being played on a screen: the player and what
// the screen shows besides it.
type lessonRun struct {
	p        *lessons.Player   // plays the lesson as on family's phones
	whole    *lessons.Lesson   // the lesson as written, every phone's steps
	family   string            // the phone family shown, "" for the generic steps
	learner  *alliance.Learner // nil: anonymous practice, nothing saved
	prior    lessons.Status    // her standing before this visit
	feedback lessons.Text      // praise, hint or the quiz's reason
	good     bool              // the feedback is praise
	chosen   int               // quiz: the answer she chose last (lesson index), -1 for none
	last     time.Time         // the last accepted tap, answer or change of step

	present bool              // presenter mode: projector sizes and trainer controls
	session *alliance.Session // presenter: the class
	onStep  func(*lessonRun)  // called after every change of step

	typed      string // a typing practice: the text typed so far
	typingStep int    // the step it belongs to
}

// newRun starts (or, with a learner card, resumes) a lesson. The player's
// own settle time uses the wall clock; the screens settle with the kiosk's
// clock instead, so tests can move it.
func (a *App) newRun(l *lessons.Lesson, learner *alliance.Learner) *lessonRun {
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
		Progress: &pr, Source: alliance.SourceSelfStudy, KioskID: a.kioskID}
	if run.session != nil {
		rec.SessionID = run.session.ID
	}
	if err := a.DB.SaveProgress(a.ctx(), rec); err != nil {
		slog.Error("save lesson progress", "err", err)
	}
}

// lessonScreen plays a lesson, one step per screen. Its name follows the
// step: lesson-explain, lesson-practice, lesson-quiz, lesson-recap.
func (a *App) lessonScreen(l *lessons.Lesson, learner *alliance.Learner, run *lessonRun) *screen {
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
		// Four controls in a row: narrower, so the row fits 1024 px (a
		// label wider than its minimum still widens its button).
		back.MinSide, next.MinSide = fyne.NewSize(240, 120), fyne.NewSize(240, 120)
		show := a.button(a.t("present.show"), func() { p.ShowAnswer(); a.render() })
		show.MinSide = fyne.NewSize(220, 120)
		if k := p.Step().Kind; k != lessons.Practice && k != lessons.Quiz {
			show.Disable()
		}
		jump := a.button(a.t("present.jump"), func() { a.push(a.jumpScreen(run)) })
		jump.MinSide = fyne.NewSize(200, 120)
		nav = container.NewHBox(back, layout.NewSpacer(), show, jump, layout.NewSpacer(), next)
	}
	where := a.t("form.step", p.Index()+1, p.Len())
	if run.present {
		a.project(run)
		if a.proj != nil {
			where += "    " + a.t("present.projector")
		}
	}
	top := container.NewVBox(stepBar(p), container.NewBorder(nil, nil, nil, a.readAloud(a.stepText(run)), widget.NewLabel(where)))
	return container.NewBorder(top, nav, nil, nil, a.stepView(run))
}

// stepText is what 朗读 reads of a lesson step: its text, or the quiz's
// question and answers, or the recap.
func (a *App) stepText(run *lessonRun) string {
	s := run.p.Step()
	parts := []string{a.lt(s.Text), a.lt(s.Question)}
	for _, ans := range s.Answers {
		parts = append(parts, a.lt(ans.Text))
	}
	for _, t := range s.Learned {
		parts = append(parts, a.lt(t))
	}
	for _, t := range s.AtHome {
		parts = append(parts, a.lt(t))
	}
	return joinNonEmpty("。", parts...)
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
	// Pictures grow to the room they get; these minimums leave room for
	// 大字 (and the presenter's larger type) on a 1920×1080 screen.
	picSize := fyne.NewSize(315, 560)
	if run.present {
		picSize = fyne.NewSize(270, 480)
		// Mirrored on a projector: as tall as the presenter's bars leave.
		if a.Window != nil && a.proj == nil {
			if h := a.Window.Canvas().Size().Height - 330*a.presenterScale()*a.theme.scale(); h > picSize.Height {
				picSize = fyne.NewSize(h*9/16, h)
			}
		}
	}
	// On a smaller screen the picture gets what the bars leave (it keeps
	// its proportions within whatever room it gets).
	if a.Window != nil {
		if h := a.Window.Canvas().Size().Height - 440*a.theme.scale(); h > 0 && h < picSize.Height {
			picSize = fyne.NewSize(picSize.Width*h/picSize.Height, h)
		}
	}
	return a.stepBody(run, picSize)
}

// stepBody draws the current step with its picture at picSize.
func (a *App) stepBody(run *lessonRun, picSize fyne.Size) fyne.CanvasObject {
	switch run.p.Step().Kind {
	case lessons.Practice:
		return a.practiceView(run, picSize)
	case lessons.Quiz:
		return a.quizView(run, picSize)
	case lessons.Recap:
		return a.recapView(run)
	}
	return a.explainView(run, picSize)
}

// practiceView is a practice step: what to do, and the picture to tap.
func (a *App) practiceView(run *lessonRun, picSize fyne.Size) fyne.CanvasObject {
	p := run.p
	s, l := p.Step(), p.Lesson()
	if s.Gesture == lessons.GestureType {
		return a.typingView(run)
	}
	var pic fyne.CanvasObject
	if p.IsGesture() {
		pic = a.gesturePicture(run, picSize)
	} else {
		tp := newTapPicture(a.picture(l.Images[s.Image]), l.Images[s.Image], picSize)
		tp.areas = p.Highlight()
		tp.onTap = func(x, y int) {
			a.touch()
			if !a.settled(run) {
				return
			}
			a.practised(run, p.Tap(x, y))
		}
		pic = tp
	}
	left := container.NewVBox(a.feedbackLabel(run))
	addIf(left, a.variantBar(run))
	left.Add(heading(a.lt(s.Text)))
	addIf(left, a.safetyCard(s))
	if cur := p.Current(); cur.Done {
		left.Add(text(a.t("lesson.done_step")))
	}
	return container.NewGridWithColumns(2, a.vscroll(left), pic)
}

// practised shows what a tap, a gesture or typing came to: praise and on
// to the next step, or the hint; nothing for an input ignored.
func (a *App) practised(run *lessonRun, r lessons.TapResult) {
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

// quizView is a quiz step: the question and its answers, in an order of
// their own, the right one marked once revealed.
func (a *App) quizView(run *lessonRun, picSize fyne.Size) fyne.CanvasObject {
	p := run.p
	s, l := p.Step(), p.Lesson()
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
}

// recapView is the recap: what she learned, and what to try at home.
func (a *App) recapView(run *lessonRun) fyne.CanvasObject {
	s := run.p.Step()
	left := container.NewVBox(a.feedbackLabel(run))
	addIf(left, a.recapWords(run)) // agrees with the status saved (ui/lessons.go)
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

// explainView is an explain step: its text, with a picture if it has one.
func (a *App) explainView(run *lessonRun, picSize fyne.Size) fyne.CanvasObject {
	s, l := run.p.Step(), run.p.Lesson()
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
