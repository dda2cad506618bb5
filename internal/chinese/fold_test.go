package chinese

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Traditional, variant and Simplified spellings of a word fold alike, by
// phrase where the characters alone would not.
func TestSearchFold(t *testing.T) {
	t.Parallel()
	f := SearchFolder()
	for _, tc := range []struct{ name, a, b string }{
		{"characters", "社區聯盟", "社区联盟"},
		{"one-to-many by character", "頭髮", "头发"},
		{"phrase keeps 乾", "乾隆皇帝", "乾隆皇帝"},
		{"phrase 沈沒", "沈沒", "沉没"},
		{"phrase 一目瞭然", "一目瞭然", "一目了然"},
		{"HK variant 綫", "電綫", "电线"},
		{"TW variant 裡", "家庭微信群裡", "家庭微信群里"},
		{"Simplified variant 馀", "剩余", "剩馀"},
		{"inside a sentence", "他說乾隆年間", "他说乾隆年间"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if fa, fb := f.Fold(tc.a), f.Fold(tc.b); fa != fb {
				t.Errorf("Fold(%s) = %s, Fold(%s) = %s: want them alike", tc.a, fa, tc.b, fb)
			}
		})
	}
	// Different words stay different.
	for _, tc := range [][2]string{{"沈阳", "沉阳"}, {"头发", "头法"}, {"像", "象"}, {"着急", "看急"}} {
		if f.Fold(tc[0]) == f.Fold(tc[1]) {
			t.Errorf("%s and %s fold alike (%s)", tc[0], tc[1], f.Fold(tc[0]))
		}
	}
}

// Every text of the sample pack and the curriculum folds, in Simplified,
// as its Traditional conversion (s2tw) does: a resident typing either
// script finds content written in the other.
func TestFoldCorpusBothScripts(t *testing.T) {
	t.Parallel()
	f := SearchFolder()
	for _, s := range corpus(t) {
		simp, trad := ToSimplified(s), ToTraditional(s)
		if fs, ft := f.Fold(simp), f.Fold(trad); fs != ft {
			t.Errorf("the two scripts fold apart at %s", firstDiff(fs, ft))
		}
	}
}

func TestNewFolder(t *testing.T) {
	t.Parallel()
	f := NewFolder(map[rune]rune{'甲': '乙', '𠀀': '丙'}, map[string]string{
		"甲子":  "甲子", // a phrase keeps what its character alone would change
		"甲子年": "丁丁丁",
		"甲":   "乙乙", // one character: the character table's business
		"子丑":  "寅",  // another length: left out
	})
	for _, tc := range []struct{ in, want string }{
		{"甲", "乙"},
		{"甲子", "甲子"},
		{"甲子年到", "丁丁丁到"},
		{"甲甲子", "乙甲子"},
		{"子丑", "子丑"},
		{"𠀀甲", "丙乙"},
		{"", ""},
		{"\xff甲", "\uFFFD乙"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := f.Fold(tc.in); got != tc.want {
				t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzSearchFold: folding keeps the number of runes (highlights depend on
// it) and does not depend on what follows a finished phrase.
func FuzzSearchFold(f *testing.F) {
	for _, s := range []string{"頭髮", "乾隆皇帝", "沈沒成本", "\xff", "a\u3000b", "𠀀𨸀", "一目瞭然"} {
		f.Add(s)
	}
	fo := SearchFolder()
	f.Fuzz(func(t *testing.T, s string) {
		got := fo.Fold(s)
		if n, want := utf8.RuneCountInString(got), utf8.RuneCountInString(s); n != want {
			t.Fatalf("Fold(%q) has %d runes, want %d", s, n, want)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, got)
		}
		// Text split at a line break folds as its two halves.
		if a, b, ok := strings.Cut(s, "\n"); ok {
			if want := fo.Fold(a) + "\n" + fo.Fold(b); got != want {
				t.Fatalf("Fold(%q) = %q, want the halves' %q", s, got, want)
			}
		}
	})
}

func TestReadDictionary(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		want     []Entry
		err      string
	}{
		{"entries and comments", "# OpenCC\n\n頭髮\t头发\n乾\t干 乾\r\n", []Entry{{"頭髮", []string{"头发"}}, {"乾", []string{"干", "乾"}}}, ""},
		{"no tab", "頭髮 头发\n", nil, "line 1"},
		{"no value", "# c\n頭髮\t \n", nil, "line 2"},
		{"no key", "\t头发\n", nil, "line 1"},
		{"invalid UTF-8", "\xff\t头\n", nil, "invalid UTF-8"},
		{"empty", "", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadDictionary(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want an error with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].Key != tc.want[i].Key || strings.Join(got[i].Values, " ") != strings.Join(tc.want[i].Values, " ") {
					t.Errorf("entry %d: got %v, want %v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func FuzzReadDictionary(f *testing.F) {
	for _, s := range []string{"頭髮\t头发\n", "# c\n乾\t干 乾\n", "\t\n", "a\tb c\r\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		es, err := ReadDictionary(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, e := range es {
			if e.Key == "" || len(e.Values) == 0 || strings.ContainsAny(e.Key, "\t\n") {
				t.Fatalf("entry %q from %q", e, s)
			}
			for _, v := range e.Values {
				if v == "" || strings.ContainsAny(v, " \t\n") {
					t.Fatalf("value %q from %q", v, s)
				}
			}
		}
	})
}
