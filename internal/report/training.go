package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/store"
)

// Class is a class's report: who came, and each learner's status in the
// session's lesson.
type Class struct {
	// LessonTitle names a lesson in the files (its title in the
	// curriculum); nil, or "" from it, leaves the lesson's id.
	LessonTitle func(id string) string
	Course      alliance.Course
	Session     alliance.Session
	Rows        []ClassRow
	Present     int // learners who came
}

// ClassRow is one learner of a class.
type ClassRow struct {
	Learner alliance.Learner
	Present bool
	Status  string // in the session's lesson: not_started, or a store status
}

// ClassReport reports the class (session) sessionID.
func ClassReport(ctx context.Context, db *store.DB, sessionID string) (*Class, error) {
	s, err := db.Session(ctx, sessionID)
	if err != nil {
		return nil, fmt.Errorf("session report: %w", err)
	}
	c, err := db.Course(ctx, s.CourseID)
	if err != nil {
		return nil, fmt.Errorf("session report: %w", err)
	}
	roster, err := db.CourseRoster(ctx, s.CourseID)
	if err != nil {
		return nil, fmt.Errorf("session report: %w", err)
	}
	att, err := db.AttendanceOf(ctx, s.ID)
	if err != nil {
		return nil, fmt.Errorf("session report: %w", err)
	}
	prog, err := db.ProgressOf(ctx, learnerIDs(roster)...)
	if err != nil {
		return nil, fmt.Errorf("session report: %w", err)
	}
	rep := &Class{Course: c, Session: s}
	for _, l := range roster {
		st := prog[l.ID][s.LessonID].Status
		if st == "" {
			st = "not_started"
		}
		here := att[l.ID]
		if here {
			rep.Present++
		}
		rep.Rows = append(rep.Rows, ClassRow{Learner: l, Present: here, Status: st})
	}
	return rep, nil
}

// Table is the report as CSV: the same in every language.
func (r *Class) Table() *Table {
	s := r.Session
	t := &Table{What: "report", File: fmt.Sprintf("class-%s-%s.csv", s.Day, s.LessonID),
		Header: []string{"课程", "日期", "课", "学员", "学员号", "出勤", "本课学习情况"}}
	lesson := title(r.LessonTitle, s.LessonID)
	for _, row := range r.Rows {
		l := row.Learner
		t.Rows = append(t.Rows, []string{r.Course.Title, s.Day, lesson, l.Name, l.Number, PresentWords[row.Present], StatusWord(row.Status)})
	}
	return t
}

// Course is a course's report: for each learner the classes attended, the
// lessons completed, those where she needs help, and whether she finished.
type Course struct {
	// LessonTitle names a lesson in the files, as in Class.
	LessonTitle func(id string) string
	Course      alliance.Course
	Classes     int // sessions held
	Rows        []CourseRow
	Finished    int // learners who completed every lesson
}

// CourseRow is one learner of a course.
type CourseRow struct {
	Learner     alliance.Learner
	Came        int      // classes attended
	Done        int      // lessons completed, with help or without
	WithHelp    int      // of Done, lessons she got through only with hints
	Help        []string // lessons where she needs help
	Finished    bool     // every lesson completed
	Certificate string   // its number, once it was printed
}

// CourseReport reports the course courseID.
func CourseReport(ctx context.Context, db *store.DB, courseID string) (*Course, error) {
	c, err := db.Course(ctx, courseID)
	if err != nil {
		return nil, fmt.Errorf("course report: %w", err)
	}
	sessions, err := db.Sessions(ctx, courseID)
	if err != nil {
		return nil, fmt.Errorf("course report: %w", err)
	}
	roster, err := db.CourseRoster(ctx, courseID)
	if err != nil {
		return nil, fmt.Errorf("course report: %w", err)
	}
	prog, err := db.ProgressOf(ctx, learnerIDs(roster)...)
	if err != nil {
		return nil, fmt.Errorf("course report: %w", err)
	}
	came := map[string]int{}
	for _, s := range sessions {
		att, err := db.AttendanceOf(ctx, s.ID)
		if err != nil {
			return nil, fmt.Errorf("course report: %w", err)
		}
		for id, here := range att {
			if here {
				came[id]++
			}
		}
	}
	rep := &Course{Course: c, Classes: len(sessions)}
	for _, l := range roster {
		row := CourseRow{Learner: l, Came: came[l.ID], Help: []string{}}
		for _, id := range c.Lessons {
			switch st := prog[l.ID][id].Status; {
			case alliance.LessonDone(st):
				row.Done++
				if st == alliance.LessonCompletedWithHelp {
					row.WithHelp++
				}
			case st == alliance.LessonNeedsHelp:
				row.Help = append(row.Help, id)
			}
		}
		row.Finished = row.Done == len(c.Lessons)
		if comp, err := db.CompletionOf(ctx, l.ID, c.ID); err == nil {
			row.Certificate = comp.Certificate
		}
		if row.Finished {
			rep.Finished++
		}
		rep.Rows = append(rep.Rows, row)
	}
	return rep, nil
}

// Table is the report as CSV: the same in every language. Phones are left
// out: trainers have them on their own lists.
func (r *Course) Table() *Table {
	c := r.Course
	t := &Table{What: "report", File: fmt.Sprintf("course-%s.csv", c.Created.Format("20060102-1504")),
		Header: []string{"课程", "学员", "学员号", "来上课次数", "上课次数", "学会的课数", "其中在帮助下完成", "课数", "需要帮助的课", "结业", "证书编号"}}
	for _, row := range r.Rows {
		l := row.Learner
		var help []string
		for _, id := range row.Help {
			help = append(help, title(r.LessonTitle, id))
		}
		t.Rows = append(t.Rows, []string{c.Title, l.Name, l.Number, strconv.Itoa(row.Came), strconv.Itoa(r.Classes), strconv.Itoa(row.Done), strconv.Itoa(row.WithHelp),
			strconv.Itoa(len(c.Lessons)), strings.Join(help, "、"), YesWords[row.Finished], row.Certificate})
	}
	return t
}

// The words of the files for a lesson's status, attendance and yes or no.
var (
	StatusWords = map[string]string{
		alliance.LessonNotStarted: "还没学",
		alliance.LessonInProgress: "学了一半",
		alliance.LessonCompleted:  "学会了",
		alliance.LessonNeedsHelp:  "需要帮助",

		alliance.LessonCompletedWithHelp: "在帮助下完成",
	}
	PresentWords = map[bool]string{true: "到", false: "没来"}
	YesWords     = map[bool]string{true: "是", false: "否"}
)

// StatusWord is a lesson status in the files' words (an unknown one as it
// is).
func StatusWord(status string) string {
	if w, ok := StatusWords[status]; ok {
		return w
	}
	return status
}

// title is a lesson's title by name, or its id.
func title(name func(string) string, id string) string {
	if name != nil {
		if t := name(id); t != "" {
			return t
		}
	}
	return id
}

func learnerIDs(ls []alliance.Learner) []string {
	var ids []string
	for _, l := range ls {
		ids = append(ids, l.ID)
	}
	return ids
}
