// Package lessons holds the smartphone lessons the kiosk teaches residents
// over 60: the lesson format with its loader and validator, the curriculum
// (lessons in teaching order) and the player, the state of one learner going
// through one lesson. It imports no database, network or UI code, so the
// kiosk's screens, the sync programs and the trainers' command-line checker
// all share it.
//
// # A lesson is a folder
//
//	lesson.yaml    the lesson: fields below
//	*.png, *.jpg   its pictures, referenced from lesson.yaml by their path in the folder
//	README*        notes for trainers, ignored
//
// lesson.yaml holds:
//
//	id: wechat-install         lowercase letters, digits and dashes; unique in a curriculum
//	version: 1                 raise it when the steps change: saved progress of
//	                           an older version starts the lesson again
//	title:                     in all three languages (see "Text" below)
//	  zh-Hans: 安装微信
//	  en: Installing WeChat
//	level: 1                   1 入门 (first steps), 2 基础 (basics), 3 进阶 (going further)
//	minutes: 20                about how long a learner takes, 1 to 120
//	cover: home.png            optional picture for the lesson list (else the first step's)
//	goals: [text, …]           what she will be able to do, 1 to 6
//	steps: [step, …]           1 to 40, each with a kind:
//
//	- kind: explain            large text (Markdown) and an optional picture
//	  text: …
//	  image: home.png
//	- kind: practice           a picture of a phone screen; she taps where she would on her phone
//	  text: 点一下绿色的按钮。  what to do
//	  image: call.png
//	  tap: [[60, 780, 140, 140]]   right areas as [x, y, width, height] in image pixels; any one counts
//	  hint: 绿色的圆按钮在左下角。  shown after a wrong tap
//	  praise: 接通了！         optional: shown after the right tap (else a standard praise)
//	- kind: quiz               one question, 2 to 4 answers, exactly one of them right
//	  question: …
//	  image: scam.png          optional
//	  answers:
//	    - text: 挂断电话
//	      right: true
//	      why: …               optional: feedback when this answer is chosen
//	    - text: 把验证码告诉他
//	  why: …                   the reason the right answer is right, shown after any answer
//	- kind: recap              what was learned and what to try at home
//	  text: …                  optional
//	  learned: [text, …]
//	  home: [text, …]
//
// # Text
//
// Every text is either a plain string, in Simplified Chinese, or a mapping
// with the keys zh-Hans, zh-Hant and en. Simplified Chinese is always
// required: it is the district's own script and what trainers write.
// Traditional Chinese is generated from it with OpenCC (s2tw) when not given;
// give zh-Hant only to correct a conversion. English cannot be generated
// offline, so it is required where the kiosk cannot do without it — the
// lesson title, which the lesson list shows in every language — and is
// otherwise all or nothing within a lesson: a lesson that translates one
// text must translate them all, because a half-English lesson is harder to
// follow than one in Chinese. Where a lesson has no English, the kiosk shows
// the Simplified text.
//
// # A curriculum is a folder of lesson folders
//
// Lessons are taught in the order of their folder names, so trainers name
// them 01-phone-basics, 02-wechat-install and so on. Problems are reported
// as "file:line: what is wrong", every one of them, with file names
// relative to the curriculum folder.
package lessons

import "image"

// The languages a Text holds, as the kiosk names them.
const (
	LangHans = "zh-Hans"
	LangHant = "zh-Hant"
	LangEn   = "en"
)

// Text is one text in the kiosk's three languages. After loading, Hans and
// Hant are always set; En may be empty (see the package doc).
type Text struct {
	Hans string // Simplified Chinese
	Hant string // Traditional Chinese
	En   string // English
}

// In returns the text in lang (LangHans, LangHant or LangEn), falling back
// to Simplified Chinese, which every text has.
func (t Text) In(lang string) string {
	switch lang {
	case LangHant:
		if t.Hant != "" {
			return t.Hant
		}
	case LangEn:
		if t.En != "" {
			return t.En
		}
	}
	return t.Hans
}

// IsZero reports whether the text is empty in every language.
func (t Text) IsZero() bool { return t == Text{} }

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
	Steps   []Step
	// Images holds every picture the lesson uses, by its path in the
	// lesson folder (the name steps refer to).
	Images map[string]*Image
	// Dir is the lesson's folder within the curriculum ("." for a lesson
	// loaded on its own).
	Dir string
}

// Step is one screen of a lesson. Which fields are set depends on Kind.
type Step struct {
	Kind  Kind
	Text  Text   // explain: the text; practice: what to do; recap: an optional introduction
	Image string // image name, "" for none; always set for practice

	// Practice.
	Areas  []image.Rectangle // where a tap is right, in image pixels
	Hint   Text              // after a wrong tap
	Praise Text              // after the right tap; zero for the standard praise

	// Quiz.
	Question Text
	Answers  []Answer
	Why      Text // why the right answer is right

	// Recap.
	Learned []Text
	AtHome  []Text

	Line int // the step's line in lesson.yaml, for messages about it
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

// Minutes is how long the whole curriculum takes, about.
func (c *Curriculum) Minutes() int {
	n := 0
	for _, l := range c.Lessons {
		n += l.Minutes
	}
	return n
}
