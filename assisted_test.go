package alliance_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shinan-alliance/alliance"
)

// Who assisted travels with sign-ups, suggestions and call-backs: checked
// like any short text, and left out of the JSON when she was alone, so a
// record made without help is what it was before the field existed.
func TestAssistedByTravelsAndIsChecked(t *testing.T) {
	at := time.Date(2026, 11, 29, 18, 0, 0, 0, time.UTC)
	records := func(by string) []alliance.Record {
		return []alliance.Record{
			&alliance.SignUp{ID: "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b", EventID: "ev", Name: "王女士", Phone: "13812345678",
				PartySize: 1, ConsentVersion: "c", Created: at, AssistedBy: by, Receipt: "428613"},
			&alliance.Suggestion{ID: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", Community: "yanchenglu", Category: "repairs",
				Phrases: []string{"路灯坏了"}, Created: at, AssistedBy: by, Receipt: "905112"},
			&alliance.CallbackRequest{ID: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f", Community: "yanchenglu", Phone: "13812345678",
				ConsentVersion: "c", Created: at, AssistedBy: by, Receipt: "337190"},
		}
	}
	for _, tc := range []struct {
		name, by string
		ok       bool
	}{
		{"alone", "", true},
		{"assisted", "王丽", true},
		{"forty characters", strings.Repeat("王", 40), true},
		{"too long", strings.Repeat("王", 41), false},
		{"a control character", "王\x07丽", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range records(tc.by) {
				err := r.Validate()
				if (err == nil) != tc.ok {
					t.Errorf("%s assisted by %q: valid %v, want %v (%v)", r.RecordKind(), tc.by, err == nil, tc.ok, err)
				}
				b, _ := json.Marshal(r)
				if has := strings.Contains(string(b), `"assisted_by"`); has != (tc.by != "") {
					t.Errorf("%s assisted by %q: JSON has assisted_by %v: %s", r.RecordKind(), tc.by, has, b)
				}
				back, err := alliance.DecodeRecord(r.RecordKind(), b)
				if err != nil && tc.ok {
					t.Errorf("%s does not decode back: %v", r.RecordKind(), err)
				}
				if err == nil && !strings.Contains(string(must(json.Marshal(back))), tc.by) {
					t.Errorf("%s lost who assisted: %s", r.RecordKind(), b)
				}
			}
		})
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
