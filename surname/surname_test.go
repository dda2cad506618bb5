package surname

import (
	"strings"
	"testing"
	"unicode"
)

func TestIssueSurnamesAreThere(t *testing.T) {
	for _, c := range []struct{ name, initial string }{
		{"侯", "H"}, {"谢", "X"}, {"朱", "Z"}, {"何", "H"}, {"范", "F"},
		{"单", "S"}, {"曾", "Z"}, {"解", "X"}, {"仇", "Q"}, {"区", "O"},
		{"欧阳", "O"}, {"栾", "L"}, {"逄", "P"},
	} {
		s, ok := Lookup(c.name)
		if !ok {
			t.Errorf("%s is missing", c.name)
			continue
		}
		if s.Initial() != c.initial {
			t.Errorf("%s is under %s, want %s", c.name, s.Initial(), c.initial)
		}
		found := false
		for _, x := range ByInitial(c.initial) {
			found = found || x.Name == c.name
		}
		if !found {
			t.Errorf("%s is not listed under %s", c.name, c.initial)
		}
	}
}

func TestCommonAreKnown(t *testing.T) {
	if len(Common) != 24 {
		t.Errorf("%d common surnames, the picker shows 24", len(Common))
	}
	for _, c := range Common {
		if _, ok := Lookup(c); !ok {
			t.Errorf("common surname %s is not in the full list", c)
		}
	}
}

func TestData(t *testing.T) {
	list := All()
	if len(list) < 350 {
		t.Errorf("only %d surnames", len(list))
	}
	seen := map[string]bool{}
	for i, s := range list {
		if seen[s.Name] {
			t.Errorf("%s twice", s.Name)
		}
		seen[s.Name] = true
		for _, r := range s.Name {
			if !unicode.Is(unicode.Han, r) {
				t.Errorf("%q is not Chinese", s.Name)
			}
		}
		if s.Pinyin == "" || strings.Trim(s.Pinyin, "abcdefghijklmnopqrstuvwxyz") != "" {
			t.Errorf("%s: pinyin %q", s.Name, s.Pinyin)
		}
		if i > 0 && list[i-1].Pinyin > s.Pinyin {
			t.Errorf("All is not in pinyin order at %s", s.Name)
		}
	}
	total := 0
	for _, l := range Initials() {
		total += len(ByInitial(l))
	}
	if total != len(list) {
		t.Errorf("the groups hold %d surnames, the list %d", total, len(list))
	}
	if got := strings.Join(Initials(), ""); strings.ContainsAny(got, "IUV") {
		t.Errorf("initials %s: no pinyin starts with I, U or V", got)
	}
}

func TestSearch(t *testing.T) {
	cases := []struct {
		q     string
		first string
		has   string
	}{
		{"hou", "侯", "侯"},
		{"HOU", "侯", "侯"},
		{"ouy", "欧阳", "欧阳"},
		{"w", "王", "吴"},
		{"zh", "张", "朱"},
	}
	for _, c := range cases {
		got := Search(c.q)
		if len(got) == 0 || got[0].Name != c.first {
			t.Errorf("Search(%q) starts with %v, want %s", c.q, got, c.first)
			continue
		}
		found := false
		for _, s := range got {
			found = found || s.Name == c.has
		}
		if !found {
			t.Errorf("Search(%q) lacks %s", c.q, c.has)
		}
	}
	if Search("") != nil || Search("  ") != nil || ByInitial("hh") != nil {
		t.Error("an empty or long query found something")
	}
}
