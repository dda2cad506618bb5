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
//	phones: [huawei, xiaomi, oppo, vivo, iphone]
//	                           the phone families its variant steps cover
//	                           (see "Phones"); only for a lesson with such steps
//	checked:                   what the lesson was last checked against (required)
//	  date: 2025-06-30         the day; a check more than a year old is a warning
//	  wechat: 8.0.54           optional: the WeChat version
//	  phones: [huawei, iphone] optional: the families checked
//	  how: 据华为、苹果帮助页核对，未用真机   optional note for trainers
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
//	  avoid:                   optional: places that look right but are not, up to 4;
//	    - area: [250, 478, 274, 120]   a tap there is wrong, however near a right area
//	      why: 这是“收付款”……  and is answered with why
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
// Explain, practice and quiz steps may also have:
//
//	safety: 付款码只给收银员扫。   a safety note, shown apart on the step (see "Safety")
//	tags: [money, code]         what the step touches when its words do not say:
//	                            money, code, link, download, personal (numbers)
//
// # Safety
//
// A step that touches money, codes (payment, verification, 辅助验证), links,
// downloads or personal numbers must carry a safety note: the loader refuses
// an explain or practice step whose words hold one of SafetyTriggers (付款,
// 验证码, 下载, 手机号 …), or any step with tags, that has none. Quizzes
// are judged by their tags only: their wrong answers name mistakes on
// purpose, and their reason says what is safe.
//
// # Phones
//
// Where phones differ (the side keys, the settings, the app store), a step
// gives its variant for each family of the lesson's phones, under phones:
// its text, picture, tap areas, hint, praise, places to avoid and safety
// note, whichever differ; the rest comes from the step as written, which is
// the generic form shown to a learner who does not know her phone. Every
// variant step must cover every family of the lesson's phones; "iphone: {}"
// says the generic form is right for it. A variant with its own picture
// needs its own tap areas.
//
//	steps:
//	- kind: practice
//	  text: 在设置里找到“显示”。        the generic form
//	  image: settings.png
//	  tap: [[0, 300, 540, 100]]
//	  hint: …
//	  phones:
//	    huawei: {text: 点“显示和亮度”。}
//	    iphone:
//	      text: 点“显示与亮度”。
//	      image: settings-iphone.png
//	      tap: [[0, 420, 540, 100]]
//	    xiaomi: {}
//	    …
//
// The learner picks her phone once; her learner card remembers it, and a
// trainer picks one for the class (Lesson.ForPhone).
//
// # The community's own details
//
// Texts may hold placeholders the kiosk fills with its own community's
// details (Fill): {community} (盐城路社区), {community_phone},
// {community_address}, {office_hours}, {street_office} and
// {district_account} (微市南). Other names in braces are refused.
//
// # Words
//
// Residents say 软件, not App, and 无线网, not Wi-Fi (their phones say WLAN):
// the loader refuses those words in Chinese text ("App Store", the name on
// the iPhone's icon, is allowed). One action a sentence, and quiz answers
// that are believable mistakes, are for the writer and the reviewing
// trainer.
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
// relative to the curriculum folder; warnings (a lesson checked more than
// a year ago) the same way, in Lesson.Warnings, without stopping the load.
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
