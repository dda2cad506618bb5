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

// Session is one class: a lesson of a course on a day at a community.
type Session struct {
	ID        string    `json:"id"`
	Seq       int64     `json:"-"`
	CourseID  string    `json:"course_id"`
	LessonID  string    `json:"lesson_id"`
	Day       string    `json:"day"` // DayLayout, district time
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
	if d, err := time.ParseInLocation(DayLayout, s.Day, Location); err != nil {
		p.add("day %q is not a date like 2026-11-30", s.Day)
	} else {
		p.time("day", d, true)
	}
	p.id("community", s.Community, false)
	p.time("created", s.Created, true)
	p.text("kiosk_id", s.KioskID, 64, false, false)
	return p.err(KindSession, s.ID)
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
)

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
	Status        string       `json:"status"` // LessonNotStarted … LessonNeedsHelp
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
	case LessonNotStarted, LessonInProgress, LessonCompleted, LessonNeedsHelp:
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
