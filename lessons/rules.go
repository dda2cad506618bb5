package lessons

import (
	"regexp"
	"sort"
	"strings"

	"github.com/shinan-alliance/alliance"
)

// Family is a family of phones whose screens and buttons are alike: the
// phones of one maker, with their sister brands.
type Family struct {
	ID   string // as lesson.yaml names it
	Name Text   // as the learner picks it
}

// Families are the phone families lessons know, in the order the kiosk
// offers them: the makers most residents over 60 in Qingdao have.
var Families = []Family{
	{"huawei", Text{Hans: "华为手机", Hant: "華為手機", En: "Huawei"}},
	{"xiaomi", Text{Hans: "小米或红米手机", Hant: "小米或紅米手機", En: "Xiaomi or Redmi"}},
	{"oppo", Text{Hans: "OPPO 或一加手机", Hant: "OPPO 或一加手機", En: "OPPO or OnePlus"}},
	{"vivo", Text{Hans: "vivo 或 iQOO 手机", Hant: "vivo 或 iQOO 手機", En: "vivo or iQOO"}},
	{"iphone", Text{Hans: "苹果手机（iPhone）", Hant: "蘋果手機（iPhone）", En: "iPhone"}},
}

// FamilyByID returns the family with the given id, and whether there is one.
func FamilyByID(id string) (Family, bool) {
	for _, f := range Families {
		if f.ID == id {
			return f, true
		}
	}
	return Family{}, false
}

func familyIDs() string {
	var ids []string
	for _, f := range Families {
		ids = append(ids, f.ID)
	}
	return strings.Join(ids, ", ")
}

// ForPhone returns the lesson as it is on phones of the given family: each
// variant step replaced by the family's. For "" or a family the lesson
// does not cover it returns the lesson itself, with variant steps in their
// generic form. Steps keep their number, so progress carries over from one
// family to another.
func (l *Lesson) ForPhone(family string) *Lesson {
	if family == "" || family == l.Family {
		return l
	}
	covered := false
	for _, f := range l.Phones {
		covered = covered || f == family
	}
	if !covered {
		return l
	}
	cp := *l
	cp.Family = family
	cp.Steps = make([]Step, len(l.Steps))
	for i, s := range l.Steps {
		if v := s.Phones[family]; v != nil {
			cp.Steps[i] = *v
			continue
		}
		cp.Steps[i] = s
	}
	return &cp
}

// Varies reports whether the step differs from one phone family to another.
func (s *Step) Varies() bool { return len(s.Phones) > 0 }

// Placeholders are the names a lesson's text may hold in braces, such as
// {community}, filled in by the kiosk with its own community's details (see
// Fill); the value here is what is shown when the kiosk does not know them.
var Placeholders = map[string]Text{
	"community":         {Hans: "您的社区", Hant: "您的社區", En: "your community"},
	"community_phone":   {Hans: "社区办公室的电话", Hant: "社區辦公室的電話", En: "your community office's number"},
	"community_address": {Hans: "社区居委会", Hant: "社區居委會", En: "your community office"},
	"office_hours":      {Hans: "工作日的办公时间", Hant: "工作日的辦公時間", En: "weekday office hours"},
	"street_office":     {Hans: "街道办事处", Hant: "街道辦事處", En: "your street office"},
	"district_account":  {Hans: "微市南", Hant: "微市南", En: "微市南"},
}

var placeholderPattern = regexp.MustCompile(`\{[^{}]*\}`)

// Fill puts values in for the placeholders in s; a placeholder without a
// value (or with an empty one) gets its default in lang.
func Fill(s string, lang alliance.Lang, values map[string]string) string {
	if !strings.Contains(s, "{") {
		return s
	}
	return placeholderPattern.ReplaceAllStringFunc(s, func(m string) string {
		name := m[1 : len(m)-1]
		if v := values[name]; v != "" {
			return v
		}
		if d, ok := Placeholders[name]; ok {
			return d.In(lang)
		}
		return m
	})
}

func placeholderNames() string {
	var names []string
	for n := range Placeholders {
		names = append(names, n)
	}
	sort.Strings(names)
	return "{" + strings.Join(names, "}, {") + "}"
}

// badPlaceholders returns the names in braces in s that are not
// placeholders.
func badPlaceholders(s string) []string {
	var bad []string
	for _, m := range placeholderPattern.FindAllString(s, -1) {
		if _, ok := Placeholders[m[1:len(m)-1]]; !ok {
			bad = append(bad, m)
		}
	}
	return bad
}

// SafetyTriggers are words that mark a step as touching money, codes,
// links, downloads or personal numbers: such a step must carry a safety
// note. They are matched in the step's Simplified Chinese.
var SafetyTriggers = []string{
	// money
	"钱", "付款", "支付", "转账", "收款", "红包", "充值", "缴费", "退款", "理赔", "投资", "理财", "贷款",
	// codes
	"密码", "验证码", "付款码", "收款码", "辅助验证", "二维码", "扫码", "扫一扫",
	// links and downloads
	"链接", "网址", "下载", "安装", "共享屏幕", "屏幕共享",
	// personal numbers
	"手机号", "身份证", "银行卡", "卡号", "医保卡", "社保卡", "医保码", "电子凭证",
}

// SafetyTags are the tags that mark a step the same way, for a picture
// that shows such a thing without the words saying so.
var SafetyTags = []string{"money", "code", "link", "download", "personal"}

// safetyTrigger returns the first trigger word in the step's own words
// (not its quiz answers: those are judged by the quiz's reason), or "".
func safetyTrigger(s *Step) string {
	texts := []Text{s.Text, s.Hint, s.Praise}
	for _, a := range s.Avoid {
		texts = append(texts, a.Why)
	}
	for _, t := range texts {
		for _, w := range SafetyTriggers {
			if strings.Contains(t.Hans, w) {
				return w
			}
		}
	}
	return ""
}

// Words residents do not say, with what to write instead: the kiosk's
// learners say 软件 and 无线网, and their phones say WLAN.
var bannedWords = []struct {
	re   *regexp.Regexp
	want string
}{
	{regexp.MustCompile(`(?i)\bapps?\b`), "软件"},
	{regexp.MustCompile(`(?i)\bwi-?fi\b`), "无线网（手机上写作 WLAN）"},
}

// bannedWord returns the first word of s residents do not say and what to
// write instead, or "", "". "App Store", the name on the iPhone's icon, is
// allowed.
func bannedWord(s string) (word, want string) {
	s = strings.ReplaceAll(s, "App Store", "")
	for _, b := range bannedWords {
		if m := b.re.FindString(s); m != "" {
			return m, b.want
		}
	}
	return "", ""
}
