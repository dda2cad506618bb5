package alliance_test

import (
	"testing"

	"github.com/shinan-alliance/alliance"
)

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{
		"13812345678":    "138****5678",
		"138-1234-5678":  "138****5678",
		"0532-0000-0101": "053*****0101",
		"12345":          "*2345",
		"":               "",
	} {
		if got := alliance.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q): got %q, want %q", in, got, want)
		}
	}
	for in, ok := range map[string]bool{"13812345678": true, "1381234567": false, "0532-0000-0101": true, "12": false} {
		if got := alliance.ValidatePhone(in) == nil; got != ok {
			t.Errorf("ValidatePhone(%q) ok: got %v, want %v", in, got, ok)
		}
	}
}
