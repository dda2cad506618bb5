package pinyin

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func texts(cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Text)
	}
	return out
}

func TestLookup(t *testing.T) {
	e := Default()
	cases := []struct {
		input string
		kb    Keyboard
		top   int      // look among the first top candidates
		want  []string // each must be there
		first string   // and this first, when set
	}{
		{"bing", QWERTY, 5, []string{"冰", "病", "并", "兵", "饼"}, ""},
		{"BING", QWERTY, 5, []string{"冰", "病"}, ""},
		{"tijian", QWERTY, 3, []string{"体检"}, "体检"},
		{"ti'jian", QWERTY, 3, []string{"体检"}, "体检"},
		{"ti jian", QWERTY, 3, []string{"体检"}, "体检"},
		{"tj", QWERTY, 3, []string{"体检"}, "体检"},
		{"TJ", QWERTY, 3, []string{"体检"}, "体检"},
		{"tjian", QWERTY, 3, []string{"体检"}, ""},
		{"tijia", QWERTY, 5, []string{"体检"}, ""},
		{"shequ", QWERTY, 3, []string{"社区"}, "社区"},
		{"sq", QWERTY, 5, []string{"社区"}, ""},
		{"baoming", QWERTY, 3, []string{"报名"}, "报名"},
		{"lianmeng", QWERTY, 3, []string{"联盟"}, "联盟"},
		{"guotie", QWERTY, 3, []string{"锅贴"}, "锅贴"},
		{"xi'an", QWERTY, 2, []string{"西安"}, "西安"},
		{"xian", QWERTY, 8, []string{"先", "现", "县"}, ""},
		{"zhongguo", QWERTY, 3, []string{"中国"}, "中国"},
		{"zg", QWERTY, 8, []string{"中国"}, ""},
		{"lv", QWERTY, 8, []string{"绿", "旅"}, ""},
		{"hou", QWERTY, 8, []string{"后", "侯"}, ""},
		{"xie", QWERTY, 8, []string{"谢", "写"}, ""},
		// 9-key: 2 abc 3 def 4 ghi 5 jkl 6 mno 7 pqrs 8 tuv 9 wxyz
		{"2464", NineKey, 5, []string{"冰", "病", "并"}, ""},
		{"845426", NineKey, 3, []string{"体检"}, "体检"},
		{"85", NineKey, 3, []string{"体检"}, "体检"},
		{"8425", NineKey, 8, []string{"条件", "天津"}, ""},
		{"74378", NineKey, 3, []string{"社区"}, "社区"},
		{"743'78", NineKey, 3, []string{"社区"}, "社区"},
	}
	for _, c := range cases {
		got := e.Lookup(c.input, c.kb, c.top)
		names := texts(got)
		for _, w := range c.want {
			found := false
			for _, g := range names {
				found = found || g == w
			}
			if !found {
				t.Errorf("%q: %s not in the first %d: %v", c.input, w, c.top, names)
			}
		}
		if c.first != "" && (len(names) == 0 || names[0] != c.first) {
			t.Errorf("%q: first is %v, want %s", c.input, names, c.first)
		}
	}
}

// Characters of the same fit come most common first.
func TestFrequencyOrder(t *testing.T) {
	got := texts(Default().Lookup("de", QWERTY, 3))
	if len(got) == 0 || got[0] != "的" {
		t.Errorf("de: %v, want 的 first", got)
	}
	got = texts(Default().Lookup("bing", QWERTY, 8))
	pos := map[string]int{}
	for i, g := range got {
		pos[g] = i
	}
	if pos["病"] > pos["炳"] || pos["冰"] > pos["炳"] {
		t.Errorf("bing: %v: 病 and 冰 should come before 炳", got)
	}
}

// When no word covers the whole input, the beginning's candidates say how
// much they use, so the rest can be typed on.
func TestPartial(t *testing.T) {
	got := Default().Lookup("tijianzhongxinzaina", QWERTY, 5)
	if len(got) == 0 {
		t.Fatal("nothing for a long input")
	}
	if got[0].Text != "体检中心" && got[0].Text != "体检" {
		t.Errorf("first %q", got[0].Text)
	}
	for _, c := range got {
		if c.Consumed <= 0 || c.Consumed > len("tijianzhongxinzaina") {
			t.Errorf("%s consumes %d", c.Text, c.Consumed)
		}
	}
	if c := Default().Lookup("shequhuodong", QWERTY, 1); len(c) == 0 || c[0].Consumed != len("shequhuodong") && c[0].Text != "社区" {
		t.Errorf("shequhuodong: %v", c)
	}
}

func TestNothing(t *testing.T) {
	e := Default()
	for _, in := range []string{"", "   ", "'''", "123", "iii", "vvvv"} {
		if got := e.Lookup(in, QWERTY, 5); len(got) != 0 && strings.Trim(in, "iv") != "" {
			t.Errorf("%q: %v", in, texts(got))
		}
	}
	if got := e.Lookup("0011", NineKey, 5); len(got) != 0 {
		t.Errorf("0011 on 9 keys: %v", texts(got))
	}
	if got := e.Lookup("bing", QWERTY, 0); got != nil {
		t.Error("n = 0 gave candidates")
	}
}

func TestBlocked(t *testing.T) {
	for _, c := range Default().Lookup("xing'ai", QWERTY, 20) {
		if c.Text == "性爱" {
			t.Error("a public kiosk offers 性爱")
		}
	}
}

// A resident waits for candidates after each key.
func TestFast(t *testing.T) {
	e := Default()
	start := time.Now()
	inputs := []string{"b", "bi", "bin", "bing", "zhongguorenmin", "shshshshshshshshshsh", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa"}
	for _, in := range inputs {
		e.Lookup(in, QWERTY, 10)
		e.Lookup(strings.Repeat("4", len(in)), NineKey, 10)
	}
	if d := time.Since(start) / time.Duration(2*len(inputs)); d > 50*time.Millisecond {
		t.Errorf("%v a lookup", d)
	}
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"bing", "tj", "ti'jian", "845426", "zhgx", "''a b", "\xff"} {
		f.Add(s)
	}
	e := Default()
	f.Fuzz(func(t *testing.T, s string) {
		for _, kb := range []Keyboard{QWERTY, NineKey} {
			got := e.Lookup(s, kb, 10)
			if len(got) > 10 {
				t.Fatalf("%d candidates", len(got))
			}
			for _, c := range got {
				if !utf8.ValidString(c.Text) || c.Text == "" || c.Consumed <= 0 || c.Consumed > len(s) {
					t.Fatalf("%q: bad candidate %+v", s, c)
				}
			}
		}
	})
}

func TestSpellings(t *testing.T) {
	e := Default()
	got := e.Spellings("2464")
	if len(got) == 0 || got[0] != "bing" {
		t.Errorf("2464: %v, want bing first", got)
	}
	has := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for _, w := range []string{"ai", "bi", "a", "b", "c"} {
		if !has(got, w) {
			t.Errorf("2464: %s missing from %v", w, got)
		}
	}
	if got := e.Spellings(""); len(got) != 0 {
		t.Errorf("nothing typed: %v", got)
	}
	// Choosing "ai" for 24 keeps 爱你 and drops 并.
	c := texts(e.Lookup("ai'64", NineKey, 10))
	if len(c) == 0 || c[0] != "爱你" || has(c, "并") {
		t.Errorf("ai'64: %v", c)
	}
	c = texts(e.Lookup("bing", NineKey, 5))
	if !has(c, "冰") || has(c, "爱你") {
		t.Errorf("bing on 9 keys: %v", c)
	}
}
