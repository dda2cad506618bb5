package alliance

import (
	"testing"
	"time"
)

func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		name      string
		s         string
		max       int
		multiline bool
		ok        bool
	}{
		{"plain", "盐城路社区", 10, false, true},
		{"too long", "盐城路社区", 4, false, false},
		{"no limit", "盐城路社区", 0, false, true},
		{"nul", "王\x00女士", 0, false, false},
		{"bell", "王\a女士", 0, false, false},
		{"rlo", "138\u202e5678", 0, false, false},
		{"isolate", "\u2066王\u2069", 0, false, false},
		{"newline in a name", "王\n女士", 0, false, false},
		{"newline in a body", "第一行\n第二行", 0, true, true},
		{"invalid utf-8", "\xff\xfe", 0, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckText(tc.s, tc.max, tc.multiline)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckText(%q) = %v, want ok=%v", tc.s, err, tc.ok)
			}
		})
	}
}

func TestCheckTime(t *testing.T) {
	for _, tc := range []struct {
		t  time.Time
		ok bool
	}{
		{time.Time{}, false},
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2026, 11, 30, 9, 0, 0, 0, Location), true},
		{time.Date(1999, 12, 31, 15, 0, 0, 0, time.UTC), false},
	} {
		if err := CheckTime(tc.t); (err == nil) != tc.ok {
			t.Errorf("CheckTime(%v) = %v, want ok=%v", tc.t, err, tc.ok)
		}
	}
}
