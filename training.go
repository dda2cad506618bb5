package alliance

import (
	"fmt"
	"strings"
	"time"
)

// Training records: what the smartphone classes create at a kiosk. Each is
// pushed to the hub like a sign-up, which counts learners trained and
// lessons completed per community from them.

// Learner is a resident in the smartphone classes. Name is what she wishes
// to be called (王女士); Phone lets her find her learner card by surname,
// title and its last four digits; Number is the short learner number on
// the card, for those who would rather not give a phone.
type Learner struct {
	ID             string    `json:"id"`
	Seq            int64     `json:"-"`
	Name           string    `json:"name"`
	Phone          string    `json:"phone,omitempty"`
	Number         string    `json:"number"`
	ConsentVersion string    `json:"consent_version"`
	Community      string    `json:"community,omitempty"`
	Created        time.Time `json:"created"`
	KioskID        string    `json:"kiosk_id,omitempty"`
	// PhoneFamily is the phone she uses (the lessons' phone families), ""
	// while not known; kept on the kiosk only.
	PhoneFamily string `json:"-"`
	// PrintName is the name she chose to have printed on her certificate,
	// surname and given name (孙丽华), "" for Name; optional, kept on the
	// kiosk only (see CheckPrintName).
	PrintName string `json:"-"`
}

// MaxPrintNameRunes bounds a name printed on a certificate.
const MaxPrintNameRunes = 12

// CheckPrintName checks a name to print on a certificate: "" (none), or
// one line of at most MaxPrintNameRunes characters.
func CheckPrintName(s string) error {
	if s == "" {
		return nil
	}
	if strings.TrimSpace(s) != s {
		return fmt.Errorf("print name %q has spaces around it", s)
	}
	if err := CheckText(s, MaxPrintNameRunes, false); err != nil {
		return fmt.Errorf("print name: %w", err)
	}
	return nil
}

// RecordKind returns KindLearner.
func (l Learner) RecordKind() Kind { return KindLearner }

// RecordID returns the learner's id.
func (l Learner) RecordID() string { return l.ID }

// Validate checks a learner.
func (l Learner) Validate() error {
	var p problems
	p.uuid("id", l.ID)
	p.text("name", l.Name, 20, true, false)
	p.residentPhone("phone", l.Phone, false)
	if len(l.Number) != 6 || Digits(l.Number) != l.Number {
		p.add("number %q is not 6 digits", l.Number)
	}
	p.text("consent_version", l.ConsentVersion, 40, true, false)
	p.id("community", l.Community, false)
	p.time("created", l.Created, true)
	p.text("kiosk_id", l.KioskID, 64, false, false)
	return p.err(KindLearner, l.ID)
}

// MaxCourseLessons bounds the lessons of one course.
const MaxCourseLessons = 60

// Course is an ordered set of lessons, taught over several sessions.
type Course struct {
	ID        string    `json:"id"`
	Seq       int64     `json:"-"`
	Title     string    `json:"title"`
	Lessons   []string  `json:"lessons"` // lesson ids in teaching order
	Community string    `json:"community,omitempty"`
	Created   time.Time `json:"created"`
	KioskID   string    `json:"kiosk_id,omitempty"`
	// PhoneFamily is the phone the trainer shows the class, "" for the
	// lessons as written; kept on the kiosk only.
	PhoneFamily string `json:"-"`
}

// RecordKind returns KindCourse.
func (c Course) RecordKind() Kind { return KindCourse }

// RecordID returns the course's id.
func (c Course) RecordID() string { return c.ID }

// Validate checks a course.
func (c Course) Validate() error {
	var p problems
	p.uuid("id", c.ID)
	p.text("title", c.Title, MaxTitleRunes, true, false)
	if len(c.Lessons) == 0 || len(c.Lessons) > MaxCourseLessons {
		p.add("lessons: %d, want 1–%d", len(c.Lessons), MaxCourseLessons)
	}
	for _, id := range c.Lessons {
		p.id("lessons", id, true)
	}
	p.id("community", c.Community, false)
	p.time("created", c.Created, true)
	p.text("kiosk_id", c.KioskID, 64, false, false)
	return p.err(KindCourse, c.ID)
}

// DayLayout is how a class day is written: a date in district time.
const DayLayout = "2006-01-02"

// MaxTrainerRunes bounds a trainer's name on a session (王老师, 李娜).
const MaxTrainerRunes = 20

// Session is one class: a lesson of a course on a day at a community,
// given by a trainer. Trainer is the name the class knows her by; sessions
// from kiosks older than issue 14 have none.
type Session struct {
	ID        string    `json:"id"`
	Seq       int64     `json:"-"`
	CourseID  string    `json:"course_id"`
	LessonID  string    `json:"lesson_id"`
	Day       string    `json:"day"` // DayLayout, district time
	Trainer   string    `json:"trainer,omitempty"`
	Community string    `json:"community,omitempty"`
	Created   time.Time `json:"created"`
	KioskID   string    `json:"kiosk_id,omitempty"`
}

// RecordKind returns KindSession.
func (s Session) RecordKind() Kind { return KindSession }

// RecordID returns the session's id.
func (s Session) RecordID() string { return s.ID }

// Validate checks a class session.
func (s Session) Validate() error {
	var p problems
	p.uuid("id", s.ID)
	p.uuid("course_id", s.CourseID)
	p.id("lesson_id", s.LessonID, true)
	p.day(s.Day)
	p.text("trainer", s.Trainer, MaxTrainerRunes, false, false)
	p.id("community", s.Community, false)
	p.time("created", s.Created, true)
	p.text("kiosk_id", s.KioskID, 64, false, false)
	return p.err(KindSession, s.ID)
}

// day checks a class day: a date like 2026-11-30.
func (p *problems) day(day string) {
	if d, err := time.ParseInLocation(DayLayout, day, Location); err != nil {
		p.add("day %q is not a date like 2026-11-30", day)
	} else {
		p.time("day", d, true)
	}
}

// Attendance is one check-in (or its undoing) of a learner at a session.
// The latest one per session and learner counts.
type Attendance struct {
	ID        string    `json:"id"`
	SessionID string    `json:"session_id"`
	LearnerID string    `json:"learner_id"`
	Present   bool      `json:"present"`
	At        time.Time `json:"at"`
	KioskID   string    `json:"kiosk_id,omitempty"`
}

// RecordKind returns KindAttendance.
func (a Attendance) RecordKind() Kind { return KindAttendance }

// RecordID returns the check-in's id.
func (a Attendance) RecordID() string { return a.ID }

// Validate checks a check-in.
func (a Attendance) Validate() error {
	var p problems
	p.uuid("id", a.ID)
	p.uuid("session_id", a.SessionID)
	p.uuid("learner_id", a.LearnerID)
	p.time("at", a.At, true)
	p.text("kiosk_id", a.KioskID, 64, false, false)
	return p.err(KindAttendance, a.ID)
}

// Lesson statuses, as progress records carry them.
const (
	LessonNotStarted = "not_started"
	LessonInProgress = "in_progress"
	LessonCompleted  = "completed"
	LessonNeedsHelp  = "needs_help"
	// LessonCompletedWithHelp is a lesson gone through to the end with
	// help on some steps: the right place shown after missed taps, a
	// quiz answered right after a wrong one. It counts as completed (a
	// course can be finished with it); the hub counts it apart as well.
	// Kiosks before issue 14 never send it.
	LessonCompletedWithHelp = "completed_with_help"
)

// LessonDone reports whether a status counts as the lesson completed:
// completed, with or without help.
func LessonDone(status string) bool {
	return status == LessonCompleted || status == LessonCompletedWithHelp
}

// Progress sources.
const (
	SourceSelfStudy = "self-study"
	SourceTrainer   = "trainer"
)

// MaxLessonSteps bounds the steps a progress record may describe.
const MaxLessonSteps = 100

// LessonProgress is a learner's standing in a lesson: from self-study at
// the kiosk (with the player's step-by-step Trail) or as a trainer entered
// it. Each save is a new record; the hub keeps the latest by Updated for
// each learner and lesson.
type LessonProgress struct {
	ID            string       `json:"id"`
	LearnerID     string       `json:"learner_id"`
	LessonID      string       `json:"lesson_id"`
	LessonVersion int          `json:"lesson_version"`
	Status        string       `json:"status"` // LessonNotStarted … LessonCompletedWithHelp
	Trail         *LessonTrail `json:"progress,omitempty"`
	Source        string       `json:"source"`               // SourceSelfStudy or SourceTrainer
	SessionID     string       `json:"session_id,omitempty"` // the class it was entered in, if any
	Updated       time.Time    `json:"updated"`
	KioskID       string       `json:"kiosk_id,omitempty"`
}

// LessonTrail is the lesson player's record of one learner in one lesson
// (package lessons calls it Progress and gives it the same JSON shape).
type LessonTrail struct {
	Lesson  string      `json:"lesson"`
	Version int         `json:"version"`
	Step    int         `json:"step"` // the step she was on, from 0
	Steps   []StepTrail `json:"steps"`
}

// StepTrail is what one learner did on one step.
type StepTrail struct {
	Seen    bool  `json:"seen,omitempty"`
	Done    bool  `json:"done,omitempty"`
	Skipped bool  `json:"skipped,omitempty"`
	Misses  int   `json:"misses,omitempty"`
	Wrong   int   `json:"wrong,omitempty"`
	Shown   bool  `json:"shown,omitempty"`
	Answers []int `json:"answers,omitempty"`
}

// RecordKind returns KindProgress.
func (x LessonProgress) RecordKind() Kind { return KindProgress }

// RecordID returns the record's id.
func (x LessonProgress) RecordID() string { return x.ID }

// Validate checks a progress record.
func (x LessonProgress) Validate() error {
	var p problems
	p.uuid("id", x.ID)
	p.uuid("learner_id", x.LearnerID)
	p.id("lesson_id", x.LessonID, true)
	if x.LessonVersion < 0 || x.LessonVersion > 1_000_000 {
		p.add("lesson_version %d is outside 0–1000000", x.LessonVersion)
	}
	switch x.Status {
	case LessonNotStarted, LessonInProgress, LessonCompleted, LessonNeedsHelp, LessonCompletedWithHelp:
	default:
		p.add("status %q is not a lesson status", x.Status)
	}
	if t := x.Trail; t != nil {
		if t.Lesson != x.LessonID {
			p.add("progress is for lesson %q, not %q", t.Lesson, x.LessonID)
		}
		if len(t.Steps) > MaxLessonSteps || t.Step < 0 || t.Step > MaxLessonSteps {
			p.add("progress: step %d of %d steps, at most %d", t.Step, len(t.Steps), MaxLessonSteps)
		}
		for i, s := range t.Steps {
			if len(s.Answers) > 20 || s.Misses < 0 || s.Wrong < 0 || s.Misses > 10_000 || s.Wrong > 10_000 {
				p.add("progress: step %d out of bounds", i)
				break
			}
		}
	}
	if x.Source != SourceSelfStudy && x.Source != SourceTrainer {
		p.add("source %q is not %s or %s", x.Source, SourceSelfStudy, SourceTrainer)
	}
	if x.SessionID != "" {
		p.uuid("session_id", x.SessionID)
	}
	p.time("updated", x.Updated, true)
	p.text("kiosk_id", x.KioskID, 64, false, false)
	return p.err(KindProgress, x.ID)
}

// Completion is a learner who finished every lesson of a course, with the
// number printed on her certificate.
type Completion struct {
	ID          string    `json:"id"`
	Seq         int64     `json:"-"`
	LearnerID   string    `json:"learner_id"`
	CourseID    string    `json:"course_id"`
	Certificate string    `json:"certificate"`
	Completed   time.Time `json:"completed"`
	KioskID     string    `json:"kiosk_id,omitempty"`
}

// RecordKind returns KindCompletion.
func (c Completion) RecordKind() Kind { return KindCompletion }

// RecordID returns the completion's id.
func (c Completion) RecordID() string { return c.ID }

// Validate checks a completion.
func (c Completion) Validate() error {
	var p problems
	p.uuid("id", c.ID)
	p.uuid("learner_id", c.LearnerID)
	p.uuid("course_id", c.CourseID)
	p.text("certificate", c.Certificate, 40, true, false)
	p.time("completed", c.Completed, true)
	p.text("kiosk_id", c.KioskID, 64, false, false)
	return p.err(KindCompletion, c.ID)
}

// LearnerDelete asks the hub to erase a learner and everything recorded
// about her (PIPL: she may ask for her data to be deleted).
type LearnerDelete struct {
	ID        string    `json:"id"` // the request's own UUID
	LearnerID string    `json:"learner_id"`
	At        time.Time `json:"at"`
}

// RecordKind returns KindLearnerDelete.
func (d LearnerDelete) RecordKind() Kind { return KindLearnerDelete }

// RecordID returns the request's id.
func (d LearnerDelete) RecordID() string { return d.ID }

// Validate checks an erasure request.
func (d LearnerDelete) Validate() error {
	var p problems
	p.uuid("id", d.ID)
	p.uuid("learner_id", d.LearnerID)
	p.time("at", d.At, true)
	return p.err(KindLearnerDelete, d.ID)
}

// Changes to a class after it was recorded. Courses and sessions are
// records the hub already holds (a record is never pushed twice with other
// content), so a change is a record of its own, holding the new state
// whole: the latest by At counts. A deletion is a change with Deleted set:
// the hub keeps what it was sent, and leaves a deleted course or session,
// with the check-ins at it, out of its reports.

// CourseEdit renames a course, changes its lessons, or deletes it.
type CourseEdit struct {
	ID       string    `json:"id"` // the change's own UUID
	CourseID string    `json:"course_id"`
	Title    string    `json:"title,omitempty"`   // the new title (not with Deleted)
	Lessons  []string  `json:"lessons,omitempty"` // the new lessons in teaching order (not with Deleted)
	Deleted  bool      `json:"deleted,omitempty"`
	At       time.Time `json:"at"`
	KioskID  string    `json:"kiosk_id,omitempty"`
}

// RecordKind returns KindCourseEdit.
func (e CourseEdit) RecordKind() Kind { return KindCourseEdit }

// RecordID returns the change's id.
func (e CourseEdit) RecordID() string { return e.ID }

// Validate checks a change to a course.
func (e CourseEdit) Validate() error {
	var p problems
	p.uuid("id", e.ID)
	p.uuid("course_id", e.CourseID)
	if e.Deleted {
		if e.Title != "" || len(e.Lessons) > 0 {
			p.add("a deletion carries no title or lessons")
		}
	} else {
		p.text("title", e.Title, MaxTitleRunes, true, false)
		if len(e.Lessons) == 0 || len(e.Lessons) > MaxCourseLessons {
			p.add("lessons: %d, want 1–%d", len(e.Lessons), MaxCourseLessons)
		}
		for _, id := range e.Lessons {
			p.id("lessons", id, true)
		}
	}
	p.time("at", e.At, true)
	p.text("kiosk_id", e.KioskID, 64, false, false)
	return p.err(KindCourseEdit, e.ID)
}

// SessionEdit moves a session to another day or lesson, changes its
// trainer, or deletes it (with the check-ins at it).
type SessionEdit struct {
	ID        string    `json:"id"` // the change's own UUID
	SessionID string    `json:"session_id"`
	LessonID  string    `json:"lesson_id,omitempty"` // the new state, whole (not with Deleted)
	Day       string    `json:"day,omitempty"`
	Trainer   string    `json:"trainer,omitempty"`
	Deleted   bool      `json:"deleted,omitempty"`
	At        time.Time `json:"at"`
	KioskID   string    `json:"kiosk_id,omitempty"`
}

// RecordKind returns KindSessionEdit.
func (e SessionEdit) RecordKind() Kind { return KindSessionEdit }

// RecordID returns the change's id.
func (e SessionEdit) RecordID() string { return e.ID }

// Validate checks a change to a session.
func (e SessionEdit) Validate() error {
	var p problems
	p.uuid("id", e.ID)
	p.uuid("session_id", e.SessionID)
	if e.Deleted {
		if e.LessonID != "" || e.Day != "" || e.Trainer != "" {
			p.add("a deletion carries no lesson, day or trainer")
		}
	} else {
		p.id("lesson_id", e.LessonID, true)
		p.day(e.Day)
		p.text("trainer", e.Trainer, MaxTrainerRunes, false, false)
	}
	p.time("at", e.At, true)
	p.text("kiosk_id", e.KioskID, 64, false, false)
	return p.err(KindSessionEdit, e.ID)
}

// RosterLeave takes a learner off a course's roster: she is no longer
// listed at its classes. What she did stays true (her check-ins before
// At still count); a check-in after At puts her back.
type RosterLeave struct {
	ID        string    `json:"id"` // the change's own UUID
	CourseID  string    `json:"course_id"`
	LearnerID string    `json:"learner_id"`
	At        time.Time `json:"at"`
	KioskID   string    `json:"kiosk_id,omitempty"`
}

// RecordKind returns KindRosterLeave.
func (r RosterLeave) RecordKind() Kind { return KindRosterLeave }

// RecordID returns the change's id.
func (r RosterLeave) RecordID() string { return r.ID }

// Validate checks a roster change.
func (r RosterLeave) Validate() error {
	var p problems
	p.uuid("id", r.ID)
	p.uuid("course_id", r.CourseID)
	p.uuid("learner_id", r.LearnerID)
	p.time("at", r.At, true)
	p.text("kiosk_id", r.KioskID, 64, false, false)
	return p.err(KindRosterLeave, r.ID)
}
