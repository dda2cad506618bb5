package lessons

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shinan-alliance/alliance"
)

// atDay sets the loader's clock to noon of day for the test.
func atDay(t testing.TB, day string) {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, day, chinaTime)
	if err != nil {
		t.Fatal(err)
	}
	old := now
	now = func() time.Time { return d.Add(12 * time.Hour) }
	t.Cleanup(func() { now = old })
}

// wantProblem loads src (with screen.png, and other.png for variants) and
// wants a problem containing want, or none when want is "".
func wantProblem(t *testing.T, src, want string) *Lesson {
	t.Helper()
	png := screenPNG(t)
	fsys := fstest.MapFS{"lesson.yaml": {Data: []byte(src)}, "screen.png": {Data: png}}
	if strings.Contains(src, "other.png") {
		fsys["other.png"] = &fstest.MapFile{Data: png}
	}
	l, err := LoadLesson(fsys, ".")
	if want == "" {
		if err != nil {
			t.Fatalf("want no problem, got %v", err)
		}
		return l
	}
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	var le *Error
	if !errors.As(err, &le) {
		t.Fatalf("error %T, want *Error", err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("got %v\nwant a problem containing %q", err, want)
	}
	return nil
}

// TestLessonRules breaks the good lesson one rule at a time: safety
// notes, checked-against records, placeholders, residents' words, places
// to avoid. Each problem is located as file:line.
func TestLessonRules(t *testing.T) {
	atDay(t, "2025-07-01")
	tests := []struct {
		name     string
		old, new string
		want     string // "" for a lesson that loads
	}{
		{"the good lesson", "", "", ""},
		{"missing checked", "checked:\n  date: 2025-06-30\n  wechat: 8.0.54\n  phones: [huawei, iphone]\n  how: 据帮助页核对\n", "",
			"lesson.yaml:1: missing checked: what was the lesson last checked against?"},
		{"checked without date", "  date: 2025-06-30\n", "", "lesson.yaml:31: checked: missing date"},
		{"checked on a bad day", "date: 2025-06-30", "date: 30/06/2025", `lesson.yaml:31: checked: date "30/06/2025" is not a day`},
		{"checked in the future", "date: 2025-06-30", "date: 2025-08-01", "lesson.yaml:31: checked: date 2025-08-01 is in the future"},
		{"checked on a bad version", "wechat: 8.0.54", "wechat: 最新版", `lesson.yaml:32: checked: wechat "最新版" is not a version`},
		{"checked on an unknown phone", "phones: [huawei, iphone]", "phones: [huawei, nokia]", `lesson.yaml:33: checked: phones: unknown phone family "nokia"`},
		{"checked field unknown", "  how: 据帮助页核对\n", "  by: 王老师\n", `lesson.yaml:34: checked: unknown field "by"`},

		{"practice about a code without safety", "text: 点一下绿色按钮。", "text: 点一下绿色按钮，看验证码。",
			"lesson.yaml:14: step 2 (practice): the step mentions “验证码”: a step that touches money"},
		{"explain about money without safety", "text: 先看一看。", "text: 先看一看怎么转账。", "lesson.yaml:11: step 1 (explain): the step mentions “转账”"},
		{"hint about a download without safety", "hint: 绿色按钮在左下角。", "hint: 绿色按钮在左下角，点了就下载。", "step 2 (practice): the step mentions “下载”"},
		{"tagged without safety", "    text: 先看一看。\n", "    text: 先看一看。\n    tags: [personal]\n", "step 1 (explain): the step is tagged personal"},
		{"quiz tagged without safety", "    question: 接电话点哪个？\n", "    question: 接电话点哪个？\n    tags: [money]\n", "step 3 (quiz): the step is tagged money"},
		{"quiz words alone need no note", "question: 接电话点哪个？", "question: 陌生人要验证码，怎么办？", ""},
		{"safety note given", "text: 点一下绿色按钮。", "text: 点一下绿色按钮，看验证码。\n    safety: 验证码不告诉任何人。", ""},
		{"safety note on a tagged step", "    text: 先看一看。\n", "    text: 先看一看。\n    tags: [money, code]\n    safety: 付款码只给收银员扫。\n", ""},
		{"unknown tag", "    text: 先看一看。\n", "    text: 先看一看。\n    tags: [secret]\n", `lesson.yaml:13: step 1 (explain): unknown tag "secret"`},
		{"recap takes no safety", "    learned: [绿接红挂]\n", "    learned: [绿接红挂]\n    safety: 小心。\n", `step 4 (recap): unknown field "safety"`},

		{"known placeholder", "text: 先看一看。", "text: 先看一看{community}的公众号。", ""},
		{"unknown placeholder", "text: 先看一看。", "text: 先看一看{社区}的公众号。", "lesson.yaml:12: step 1 (explain): text: unknown placeholder {社区} (known: {community},"},
		{"App", "text: 先看一看。", "text: 先看一看这个App。", `lesson.yaml:12: step 1 (explain): text: residents do not say "App": write 软件`},
		{"Wi-Fi", "hint: 绿色按钮在左下角。", "hint: 先连上Wi-Fi。", `lesson.yaml:18: step 2 (practice): hint: residents do not say "Wi-Fi": write 无线网（手机上写作 WLAN）`},
		{"wifi in a quiz answer", "text: 红色的", "text: 连wifi", `residents do not say "wifi"`},
		{"App Store is the icon's name", "text: 先看一看。", "text: 先看一看 App Store。", ""},

		{"a place to avoid", "    hint: 绿色按钮在左下角。\n", "    hint: 绿色按钮在左下角。\n    avoid:\n      - area: [300, 700, 100, 100]\n        why: 这是红色的挂断键。\n", ""},
		{"a place to avoid over the right one", "    hint: 绿色按钮在左下角。\n", "    hint: 绿色按钮在左下角。\n    avoid:\n      - area: [150, 750, 100, 100]\n        why: 这里不对。\n",
			"lesson.yaml:20: step 2 (practice): avoid 1: area [150, 750, 100, 100] overlaps a right tap area"},
		{"a place to avoid outside the picture", "    hint: 绿色按钮在左下角。\n", "    hint: 绿色按钮在左下角。\n    avoid:\n      - area: [500, 900, 100, 100]\n        why: 这里不对。\n",
			"lesson.yaml:20: step 2 (practice): avoid 1: area [500, 900, 100, 100] is outside the image"},
		{"a place to avoid without why", "    hint: 绿色按钮在左下角。\n", "    hint: 绿色按钮在左下角。\n    avoid:\n      - area: [300, 700, 100, 100]\n",
			"lesson.yaml:20: step 2 (practice): avoid 1: missing why"},
		{"a place to avoid on a quiz", "    question: 接电话点哪个？\n", "    question: 接电话点哪个？\n    avoid: []\n", `step 3 (quiz): unknown field "avoid"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(goodLesson, tt.old) {
				t.Fatalf("test is stale: %q is not in the good lesson", tt.old)
			}
			src := goodLesson
			if tt.old != "" {
				src = strings.Replace(goodLesson, tt.old, tt.new, 1)
			}
			wantProblem(t, src, tt.want)
		})
	}
}

// TestCheckedStale: a check more than a year old is a warning, located
// at its date, and the lesson still loads; a recent one is not.
func TestCheckedStale(t *testing.T) {
	atDay(t, "2025-07-01")
	l := wantProblem(t, goodLesson, "")
	if len(l.Warnings) != 0 || l.Stale(now()) {
		t.Errorf("a check a day old warns: %v", l.Warnings)
	}
	if got := l.Checked; got.WeChat != "8.0.54" || len(got.Phones) != 2 || got.How != "据帮助页核对" || got.Date.Format(time.DateOnly) != "2025-06-30" {
		t.Errorf("checked: got %+v", got)
	}
	atDay(t, "2026-07-02")
	l = wantProblem(t, goodLesson, "")
	if len(l.Warnings) != 1 || !l.Stale(now()) {
		t.Fatalf("a check a year and two days old: warnings %v", l.Warnings)
	}
	if got, want := l.Warnings[0].String(), "lesson.yaml:31: checked on 2025-06-30, more than a year ago"; !strings.HasPrefix(got, want) {
		t.Errorf("warning %q, want it to start %q", got, want)
	}
	c, err := LoadCurriculum(fstest.MapFS{"01-a/lesson.yaml": {Data: []byte(goodLesson)}, "01-a/screen.png": {Data: screenPNG(t)}})
	if err != nil {
		t.Fatal(err)
	}
	if w := c.Warnings(); len(w) != 1 || w[0].File != "01-a/lesson.yaml" {
		t.Errorf("curriculum warnings %v, want the lesson's, under its folder", w)
	}
}

// variantLesson has a practice step that differs on Huawei and iPhone
// phones, and an explanation the same on both except its words.
const variantLesson = `id: variants
version: 1
title:
  zh-Hans: 分手机的课
  en: A lesson by phone
level: 1
minutes: 10
goals: [会调大字]
phones: [huawei, iphone]
checked:
  date: 2025-06-30
steps:
  - kind: explain
    text: 每种手机的设置不太一样。
    phones:
      huawei: {text: 华为手机的设置是齿轮图标。}
      iphone: {text: 苹果手机的设置也是齿轮图标。}
  - kind: practice
    text: 点“显示”。
    image: screen.png
    tap: [0, 300, 540, 100]
    hint: 第三行。
    phones:
      huawei:
        text: 点“显示和亮度”。
      iphone:
        text: 点“显示与亮度”。
        image: other.png
        tap: [0, 500, 540, 100]
        hint: 往下第五行。
        avoid:
          - area: [0, 700, 540, 100]
            why: 这是“声音与触感”。
  - kind: recap
    learned: [会找显示设置]
    home: [在自己的手机上试一试]
`

func TestPhoneVariants(t *testing.T) {
	atDay(t, "2025-07-01")
	l := wantProblem(t, variantLesson, "")
	if got := strings.Join(l.Phones, ","); got != "huawei,iphone" {
		t.Errorf("phones %q", got)
	}
	s := l.Steps[1]
	if !s.Varies() || len(s.Phones) != 2 || l.Steps[2].Varies() {
		t.Fatalf("variants: step 2 %v, step 3 %v", s.Phones, l.Steps[2].Phones)
	}
	hw, ip := l.ForPhone("huawei"), l.ForPhone("iphone")
	if got := hw.Steps[1]; got.Text.Hans != "点“显示和亮度”。" || got.Image != "screen.png" || got.Hint.Hans != "第三行。" || got.Areas[0] != image.Rect(0, 300, 540, 400) {
		t.Errorf("huawei step 2 takes the rest from the generic step: %+v", got)
	}
	if got := ip.Steps[1]; got.Image != "other.png" || got.Areas[0] != image.Rect(0, 500, 540, 600) || len(got.Avoid) != 1 || got.Hint.Hans != "往下第五行。" {
		t.Errorf("iphone step 2: %+v", got)
	}
	if got := ip.Steps[0].Text.Hans; got != "苹果手机的设置也是齿轮图标。" {
		t.Errorf("iphone step 1 %q", got)
	}
	if got := ip.Steps[0].Text.Hant; got != "蘋果手機的設置也是齒輪圖標。" {
		t.Errorf("a variant's Traditional %q", got)
	}
	if l.ForPhone("") != l || l.ForPhone("xiaomi") != l || ip.Family != "iphone" || ip.ForPhone("iphone") != ip {
		t.Errorf("ForPhone of no family, a family not covered, or the same family must give the lesson itself")
	}
	if l.Steps[1].Text.Hans != "点“显示”。" {
		t.Errorf("ForPhone changed the lesson it was called on")
	}

	// Progress made on one phone carries over to another.
	p := NewPlayer(hw)
	p.Settle = 0
	p.Next()
	if r := p.Tap(270, 350); r.Outcome != Right {
		t.Fatalf("huawei tap: %v", r.Outcome)
	}
	p2, err := Resume(ip, p.Progress())
	if err != nil || !p2.Resumed() || p2.Index() != 2 {
		t.Fatalf("resume on another phone: %v, resumed %v, at %d", err, p2.Resumed(), p2.Index())
	}
}

func TestPhoneVariantProblems(t *testing.T) {
	atDay(t, "2025-07-01")
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"a family missing", "      huawei: {text: 华为手机的设置是齿轮图标。}\n", "",
			"lesson.yaml:15: step 1 (explain): no variant for huawei: a step that varies by phone must cover every family of the lesson's phones (huawei, iphone)"},
		{"an unknown family", "      huawei: {text: 华为手机的设置是齿轮图标。}\n", "      huawei: {text: 华为手机的设置是齿轮图标。}\n      nokia: {}\n",
			`lesson.yaml:17: step 1 (explain): unknown phone family "nokia"`},
		{"a family the lesson does not list", "      huawei: {text: 华为手机的设置是齿轮图标。}\n", "      huawei: {text: 华为手机的设置是齿轮图标。}\n      vivo: {}\n",
			"lesson.yaml:17: step 1 (explain): a variant for vivo, which the lesson's phones do not list (huawei, iphone)"},
		{"the lesson lists no phones", "phones: [huawei, iphone]\n", "", "step 1 (explain): the step varies by phone, but the lesson has no phones"},
		{"an unknown family in the lesson's phones", "phones: [huawei, iphone]", "phones: [huawei, iphone, nokia]", `lesson.yaml:9: phones: unknown phone family "nokia"`},
		{"own picture without tap", "        tap: [0, 500, 540, 100]\n", "", "lesson.yaml:27: step 2 (practice) on iphone: has its own image other.png but no tap"},
		{"a field a variant cannot give", "      huawei:\n        text: 点“显示和亮度”。\n", "      huawei:\n        text: 点“显示和亮度”。\n        kind: quiz\n",
			`lesson.yaml:26: step 2 (practice) on huawei: unknown field "kind"`},
		{"a variant's tap outside its picture", "tap: [0, 500, 540, 100]", "tap: [0, 900, 540, 100]", "step 2 (practice) on iphone: tap area [0, 900, 540, 100] is outside the image other.png"},
		{"a variant needs its safety note", "        text: 点“显示和亮度”。\n", "        text: 点“显示和亮度”，再输入密码。\n",
			"lesson.yaml:25: step 2 (practice) on huawei: the step mentions “密码”"},
		{"a variant's safety note", "        text: 点“显示和亮度”。\n", "        text: 点“显示和亮度”，再输入密码。\n        safety: 锁屏密码不告诉别人。\n", ""},
		{"a recap cannot vary", "    home: [在自己的手机上试一试]\n", "    home: [在自己的手机上试一试]\n    phones: {}\n", `step 3 (recap): unknown field "phones"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(variantLesson, tt.old) {
				t.Fatalf("test is stale: %q is not in the lesson", tt.old)
			}
			wantProblem(t, strings.Replace(variantLesson, tt.old, tt.new, 1), tt.want)
		})
	}
	t.Run("phones but no step varies", func(t *testing.T) {
		src := variantLesson[:strings.Index(variantLesson, "steps:")] + "steps:\n  - kind: explain\n    text: 都一样。\n"
		wantProblem(t, src, "lesson.yaml:9: phones lists phone families, but no step varies by phone")
	})
}

func TestFill(t *testing.T) {
	vals := map[string]string{"community": "盐城路社区", "community_phone": "0532-0000-0101", "office_hours": ""}
	for _, tt := range []struct {
		in   string
		lang alliance.Lang
		want string
	}{
		{"关注{community}的公众号。", alliance.Hans, "关注盐城路社区的公众号。"},
		{"电话是{community_phone}，{office_hours}有人接。", alliance.Hans, "电话是0532-0000-0101，工作日的办公时间有人接。"},
		{"搜“{district_account}”", alliance.Hant, "搜“微市南”"},
		{"在{street_office}", alliance.Hant, "在街道辦事處"},
		{"没有占位", alliance.Hans, "没有占位"},
		{"{unknown} 留着", alliance.Hans, "{unknown} 留着"},
	} {
		if got := Fill(tt.in, tt.lang, vals); got != tt.want {
			t.Errorf("Fill(%q, %s): got %q, want %q", tt.in, tt.lang, got, tt.want)
		}
	}
}

// A tap in a place to avoid is wrong even within a right area's margin,
// and is answered with its own reason.
func TestPlayerAvoid(t *testing.T) {
	atDay(t, "2025-07-01")
	src := strings.Replace(goodLesson, "    hint: 绿色按钮在左下角。\n",
		"    hint: 绿色按钮在左下角。\n    avoid:\n      - area: [200, 700, 100, 100]\n        why: 这是红色的挂断键。\n", 1)
	l := wantProblem(t, src, "")
	p := NewPlayer(l)
	p.Settle = 0
	p.Next()
	// (210, 750) is within the right area's margin (54 pixels) but in
	// the place to avoid.
	r := p.Tap(210, 750)
	if r.Outcome != Wrong || r.Message.Hans != "这是红色的挂断键。" {
		t.Fatalf("tap in a place to avoid: %v %q", r.Outcome, r.Message.Hans)
	}
	if r := p.Tap(210, 750); len(r.Highlight) != 1 || !strings.HasPrefix(r.Message.Hans, "这是红色的挂断键。\n") {
		t.Errorf("second miss: highlight %v, message %q", r.Highlight, r.Message.Hans)
	}
	if r := p.Tap(150, 750); r.Outcome != Right {
		t.Errorf("the right area after misses: %v", r.Outcome)
	}
	if got := p.Progress().Steps[1].Misses; got != 2 {
		t.Errorf("misses %d, want 2", got)
	}
}

// Check returns the warnings with the file named under the folder checked.
func TestCheckWarnings(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lesson.yaml"), []byte(goodLesson), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "screen.png"), screenPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	atDay(t, "2025-07-01")
	if w, err := Check(dir); err != nil || len(w) != 0 {
		t.Errorf("a fresh lesson: %v, %v", w, err)
	}
	atDay(t, "2027-01-01")
	w, err := Check(dir)
	if err != nil || len(w) != 1 || !strings.HasPrefix(w[0].String(), filepath.Join(dir, "lesson.yaml")+":31: checked on 2025-06-30") {
		t.Errorf("a stale lesson: %v, %v", w, err)
	}
	if err := CheckDir(dir); err != nil {
		t.Errorf("a stale lesson is still a valid one: %v", err)
	}
}
