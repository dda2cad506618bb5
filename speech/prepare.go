package speech

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	reImage   = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	reLink    = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	reURL     = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s，。；）)]+`)
	reMarks   = regexp.MustCompile("[*#>`_|~]+")
	reMasked  = regexp.MustCompile(`(\d*)([*＊•●]{2,})(\d+)`)
	reYear    = regexp.MustCompile(`(\d{4})(\s*年)`)
	reDate    = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	reTime    = regexp.MustCompile(`\b(\d{1,2})[:：](\d{2})\b`)
	rePhone   = regexp.MustCompile(`\+?\d+(?:[-‐–  ]\d+)+`)
	reToken   = regexp.MustCompile(`[0-9A-Za-z]*[0-9][0-9A-Za-z]*`)
	reSpaces  = regexp.MustCompile(`[ \t]+`)
	reNewline = regexp.MustCompile(`\s*\n\s*`)
)

// units are words after a number that make it an amount, read as a value
// (10000元 is 一万元, not 一〇〇〇〇元).
var units = []string{"元", "块", "人", "名", "位", "个", "次", "米", "公里", "平方", "岁", "户", "斤", "步", "天", "年", "月", "日", "号", "万", "亿", "千", "百", "%", "％"}

// Prepare returns text as it should be spoken (see the package comment).
// Engines call it; it is exported for engines written elsewhere.
func Prepare(text string) string {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "")
	}
	s := reImage.ReplaceAllString(text, "$1")
	s = reLink.ReplaceAllString(s, "$1")
	s = reURL.ReplaceAllString(s, "")
	s = reMasked.ReplaceAllStringFunc(s, func(m string) string {
		p := reMasked.FindStringSubmatch(m)
		n := utf8.RuneCountInString(p[2])
		hidden := "中间" + cardinal(n) + "位不显示"
		if p[1] == "" {
			hidden = "前面" + cardinal(n) + "位不显示"
		}
		out := ""
		if p[1] != "" {
			out = digits(p[1], true) + "，"
		}
		return out + hidden + "，" + digits(p[3], true) + "，"
	})
	s = reMarks.ReplaceAllString(s, " ")
	s = reDate.ReplaceAllStringFunc(s, func(m string) string {
		p := reDate.FindStringSubmatch(m)
		mo, d := atoi(p[2]), atoi(p[3])
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			return m
		}
		return digits(p[1], false) + "年" + cardinal(mo) + "月" + cardinal(d) + "日"
	})
	s = reYear.ReplaceAllStringFunc(s, func(m string) string {
		p := reYear.FindStringSubmatch(m)
		return digits(p[1], false) + "年"
	})
	s = reTime.ReplaceAllStringFunc(s, func(m string) string {
		p := reTime.FindStringSubmatch(m)
		h, min := atoi(p[1]), atoi(p[2])
		if h > 24 || min > 59 {
			return m
		}
		out := cardinal(h) + "点"
		switch {
		case min == 0:
		case min < 10:
			out += "零" + cardinal(min) + "分"
		default:
			out += cardinal(min) + "分"
		}
		return out
	})
	s = rePhone.ReplaceAllStringFunc(s, func(m string) string {
		if countDigits(m) < 7 {
			return m
		}
		var b strings.Builder
		if strings.HasPrefix(m, "+") {
			b.WriteString("加")
			m = m[1:]
		}
		groups := strings.FieldsFunc(m, func(r rune) bool { return r < '0' || r > '9' })
		for i, g := range groups {
			if i > 0 {
				b.WriteString("，")
			}
			b.WriteString(digits(g, true))
		}
		return b.String() + "，"
	})
	s = replaceTokens(s)
	s = reNewline.ReplaceAllString(s, "。\n")
	s = reSpaces.ReplaceAllString(s, " ")
	return strings.TrimSpace(s)
}

// replaceTokens spells codes (letters with digits) and reads long digit
// strings, or ones with a leading zero, digit by digit.
func replaceTokens(s string) string {
	locs := reToken.FindAllStringIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		tok := s[l[0]:l[1]]
		rest := s[l[1]:]
		b.WriteString(s[last:l[0]])
		last = l[1]
		// A decimal number or one with thousands separators is an amount.
		if strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, ",") || (l[0] > 0 && strings.ContainsAny(s[l[0]-1:l[0]], ".,")) {
			b.WriteString(tok)
			continue
		}
		letters := strings.IndexFunc(tok, func(r rune) bool { return r > '9' }) >= 0
		switch {
		case letters:
			b.WriteString(" " + spell(tok) + " ")
		case (len(tok) >= 5 || (len(tok) >= 2 && tok[0] == '0')) && !hasUnit(rest):
			b.WriteString(digits(tok, true) + "，")
		default:
			b.WriteString(tok)
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

func hasUnit(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	for _, u := range units {
		if strings.HasPrefix(rest, u) {
			return true
		}
	}
	return false
}

// spell reads a code one sign at a time: letters by name (upper case),
// digits as digits.
func spell(tok string) string {
	var parts []string
	for _, r := range tok {
		if r >= '0' && r <= '9' {
			parts = append(parts, digits(string(r), true))
		} else {
			parts = append(parts, strings.ToUpper(string(r)))
		}
	}
	return strings.Join(parts, " ")
}

var digitWords = [10]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// digits reads s one digit at a time. Phone-style reading says 幺 for 1 and
// 零 for 0; otherwise (years) 一 and 〇.
func digits(s string, phone bool) string {
	var b strings.Builder
	for _, r := range s {
		if r < '0' || r > '9' {
			continue
		}
		switch {
		case r == '1' && phone:
			b.WriteString("幺")
		case r == '0' && !phone:
			b.WriteString("〇")
		default:
			b.WriteString(digitWords[r-'0'])
		}
	}
	return b.String()
}

// cardinal reads 0 ≤ n < 10000 as a number (23 is 二十三).
func cardinal(n int) string {
	if n < 0 || n >= 10000 {
		return digits(itoa(n), false)
	}
	if n < 10 {
		return digitWords[n]
	}
	if n < 20 {
		if n == 10 {
			return "十"
		}
		return "十" + digitWords[n-10]
	}
	var b strings.Builder
	units := []struct {
		v    int
		name string
	}{{1000, "千"}, {100, "百"}, {10, "十"}, {1, ""}}
	zero := false
	started := false
	for _, u := range units {
		d := n / u.v % 10
		if d == 0 {
			if started {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		b.WriteString(digitWords[d] + u.name)
		started = true
	}
	return b.String()
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}
