package alliance

import "testing"

func TestTextIn(t *testing.T) {
	tx := Text{Hans: "社区", Hant: "社區"}
	for lang, want := range map[Lang]string{Hans: "社区", Hant: "社區", English: "社区", "fr": "社区"} {
		if got := tx.In(lang); got != want {
			t.Errorf("In(%q) = %q, want %q", lang, got, want)
		}
	}
}
