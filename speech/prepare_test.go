package speech

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrepare(t *testing.T) {
	cases := []struct{ in, want string }{
		{"社区办公室电话 0532-0000-0101", "社区办公室电话 零五三二，零零零零，零幺零幺，"},
		{"请拨打13812345678", "请拨打幺三八幺二三四五六七八，"},
		{"手机 138****5678", "手机 幺三八，中间四位不显示，五六七八，"},
		{"尾号****5678", "尾号前面四位不显示，五六七八，"},
		{"回执码 K7Q2M9", "回执码 K 七 Q 二 M 九"},
		{"回执码 482915", "回执码 四八二九幺五，"},
		{"2025年3月5日 9:30", "二〇二五年3月5日 九点三十分"},
		{"14:05 到 16:00", "十四点零五分 到 十六点"},
		{"截止 2015-03-06，上午7:30—10:00", "截止 二〇一五年三月六日，上午七点三十分—十点"},
		{"2015/13/06", "2015/13/零六，"}, // not a date
		{"补贴 10000元", "补贴 10000元"},
		{"30人", "30人"},
		{"3.14159", "3.14159"},
		{"10,000", "10,000"},
		{"# 通知\n**重要**：见 [网站](https://example.org) 或 https://x.cn/a", "通知。\n重要 ：见 网站 或"},
		{"+86 138 1234 5678", "加八六，幺三八，幺二三四，五六七八，"},
		{"體檢", "體檢"},
		{"", ""},
	}
	for _, c := range cases {
		if got := Prepare(c.in); got != c.want {
			t.Errorf("Prepare(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestCardinal(t *testing.T) {
	for n, want := range map[int]string{0: "零", 7: "七", 10: "十", 15: "十五", 20: "二十", 23: "二十三", 105: "一百零五", 1200: "一千二百", 2005: "二千零五"} {
		if got := cardinal(n); got != want {
			t.Errorf("cardinal(%d) = %q, want %q", n, got, want)
		}
	}
}

// No star, no digit of a masked number's hidden part, ever reaches the
// engine.
func FuzzPrepare(f *testing.F) {
	for _, s := range []string{"0532-0000-0101", "138****5678", "K7Q2", "2025年", "9:30", "[a](b)", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Prepare(s)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if strings.Contains(out, "*") {
			t.Fatalf("a star is spoken: %q -> %q", s, out)
		}
	})
}
