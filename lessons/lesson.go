package lessons

import (
	"image"
	"time"

	"github.com/shinan-alliance/alliance"
)

// Text is one text in the kiosk's languages (the domain's Text). After
// loading, Hans and Hant are always set; En may be empty (see the package
// doc).
type Text = alliance.Text

// Kind is what a step asks of the learner.
type Kind string

// The step kinds.
const (
	Explain  Kind = "explain"  // read: text and an optional picture
	Practice Kind = "practice" // tap the right place on a picture of a phone screen
	Quiz     Kind = "quiz"     // pick one of 2 to 4 answers
	Recap    Kind = "recap"    // what was learned, what to try at home
)

// Levels a lesson can have.
const (
	LevelFirstSteps = 1 // 入门
	LevelBasics     = 2 // 基础
	LevelFurther    = 3 // 进阶
)

// Lesson is one lesson, validated.
type Lesson struct {
	ID      string
	Version int
	Title   Text
	Level   int
	Minutes int
	Cover   string // image name, "" for none
	Goals   []Text
	// Phones lists the phone families (Families) the lesson's variant
	// steps cover, each of them; empty for a lesson the same on every phone.
	Phones []string
	// Checked says what the lesson was last checked against.
	Checked Checked
	Steps   []Step
	// Images holds every picture the lesson uses, by its path in the
	// lesson folder (the name steps refer to).
	Images map[string]*Image
	// Dir is the lesson's folder within the curriculum ("." for a lesson
	// loaded on its own).
	Dir string
	// Warnings are what staff should know but that does not stop the
	// lesson being taught, such as a check more than a year old.
	Warnings []Problem
	// Family is the phone family the lesson was made for by ForPhone, ""
	// for the lesson as written (variant steps in their generic form).
	Family string
}

// Checked records what a lesson was last checked against: the day, the
// WeChat version and the phone families, and how (on real phones, or from
// the makers' help pages).
type Checked struct {
	Date   time.Time // the day, in district time
	WeChat string    // e.g. "8.0.54"; "" for a lesson without WeChat
	Phones []string  // families checked, from Families
	How    string    // a note for trainers, e.g. "华为 Mate 60 真机"
}

// StaleAfter is how old a check may be before staff are warned that a
// lesson may no longer match today's phones and WeChat.
const StaleAfter = 365 * 24 * time.Hour

// Stale reports whether the lesson was last checked more than StaleAfter
// before now.
func (l *Lesson) Stale(now time.Time) bool {
	return !l.Checked.Date.IsZero() && now.Sub(l.Checked.Date) > StaleAfter
}

// Step is one screen of a lesson. Which fields are set depends on Kind.
type Step struct {
	Kind  Kind
	Text  Text   // explain: the text; practice: what to do; recap: an optional introduction
	Image string // image name, "" for none; always set for practice

	// Practice.
	// Gesture is what the practice asks of her finger: a tap (Areas, the
	// default), a swipe, a press and hold, a press slid up to cancel, or
	// typing on a drawn phone keyboard; the field of that name is set.
	Gesture Gesture
	Swipe   *Swipe
	Hold    *Hold
	Slide   *SlideCancel
	Type    *Typing
	Areas   []image.Rectangle // where a tap is right, in image pixels
	Hint    Text              // after a wrong tap
	Praise  Text              // after the right tap; zero for the standard praise

	// Quiz.
	Question Text
	Answers  []Answer
	Why      Text // why the right answer is right

	// Recap.
	Learned []Text
	AtHome  []Text

	// Safety is the safety note of a step that touches money, codes,
	// links, downloads or personal numbers (see SafetyTriggers); the
	// screen shows it apart, where it cannot be missed.
	Safety Text
	// Tags say what the step touches when its words do not (SafetyTags).
	Tags []string
	// Avoid are places on a practice picture that look right but are
	// not: a tap there is wrong, however near a right area, and gets its
	// own reason.
	Avoid []Avoid
	// Phones holds the step as it is on each phone family of the lesson's
	// Phones, complete (fields not given by the variant are the generic
	// step's); nil for a step the same on every phone. The step itself is
	// the generic form, for a learner who does not know her phone.
	Phones map[string]*Step

	Line int // the step's line in lesson.yaml, for messages about it
}

// Avoid is a place on a practice picture where a tap is wrong for a
// reason worth saying ("this is 收付款: it shows your payment code").
type Avoid struct {
	Area image.Rectangle
	Why  Text
}

// Answer is one answer of a quiz.
type Answer struct {
	Text  Text
	Right bool
	Why   Text // feedback when this answer is chosen; zero to use the step's Why
}

// RightAnswer returns the index of the quiz's right answer, or -1 for a step
// that is not a quiz.
func (s *Step) RightAnswer() int {
	for i, a := range s.Answers {
		if a.Right {
			return i
		}
	}
	return -1
}

// Image is a picture of a lesson, with its size read from the file so tap
// areas can be checked and scaled.
type Image struct {
	Name          string // path in the lesson folder
	Format        string // "png" or "jpeg"
	Width, Height int
	Data          []byte
}

// CoverImage returns the picture for the lesson list: the cover if given,
// else the first step's picture, else nil.
func (l *Lesson) CoverImage() *Image {
	if l.Cover != "" {
		return l.Images[l.Cover]
	}
	for _, s := range l.Steps {
		if s.Image != "" {
			return l.Images[s.Image]
		}
	}
	return nil
}

// Curriculum is lessons in teaching order.
type Curriculum struct {
	Lessons []*Lesson
}

// Lesson returns the lesson with the given id, or nil.
func (c *Curriculum) Lesson(id string) *Lesson {
	for _, l := range c.Lessons {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// Warnings lists the warnings of every lesson, in teaching order.
func (c *Curriculum) Warnings() []Problem {
	var out []Problem
	for _, l := range c.Lessons {
		out = append(out, l.Warnings...)
	}
	return out
}

// Minutes is how long the whole curriculum takes, about.
func (c *Curriculum) Minutes() int {
	n := 0
	for _, l := range c.Lessons {
		n += l.Minutes
	}
	return n
}
