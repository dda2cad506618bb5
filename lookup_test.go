package alliance

import (
	"testing"
	"time"
)

func TestLookupSealsUnderBothCodes(t *testing.T) {
	id, key := LookupKey("905112", "4711")
	if !IsLookupID(id) {
		t.Fatalf("id %q", id)
	}
	sealed, err := SealLookup(key, LookupAnswer{Community: "yanchenglu", Status: SuggestionAnswered, At: time.Now().UTC().Truncate(time.Second),
		Replies: []Reply{{ID: "r1", Body: "已安排维修", By: "盐城路社区居委会"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := sealed.Validate(); err != nil {
		t.Fatal(err)
	}
	a, err := OpenLookup(key, sealed)
	if err != nil || a.Status != SuggestionAnswered || len(a.Replies) != 1 {
		t.Fatalf("open: %+v, %v", a, err)
	}
	for _, wrong := range [][2]string{{"905112", "4712"}, {"905113", "4711"}} {
		wid, wkey := LookupKey(wrong[0], wrong[1])
		if wid == id {
			t.Fatalf("%v gives the same id", wrong)
		}
		if _, err := OpenLookup(wkey, sealed); err == nil {
			t.Fatalf("%v opens the answer", wrong)
		}
	}
	// Separators typed or not, the same codes give the same key.
	if id2, _ := LookupKey(" 905-112", "47 11"); id2 != id {
		t.Fatal("separators change the id")
	}
}

func TestLookupPIN(t *testing.T) {
	p := LookupPIN("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e")
	if len(p) != 4 || Digits(p) != p {
		t.Fatalf("pin %q", p)
	}
	if p != LookupPIN("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e") || p == LookupPIN("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6f") && p == LookupPIN("00000000-6f7a-4b8c-9d0e-1f2a3b4c5d6f") {
		t.Fatal("pin not stable or not spread")
	}
}
