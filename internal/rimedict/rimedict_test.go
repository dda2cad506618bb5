package rimedict

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "table.txt")
	table := "# syllabary:\n# - bing\n並\tbing\t63101\n并\tbing\t603\n體檢\tti jian\t2670\n重\tzhong\t6909.96\n重\tchong\t4912.04\n冰\tning\t0\nbad line\n"
	if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"并|bing": 63704, "体检|ti jian": 2670, "重|zhong": 6910, "重|chong": 4912}
	if len(got) != len(want) {
		t.Errorf("%d entries: %v", len(got), got)
	}
	for _, e := range got {
		if w, ok := want[e.Text+"|"+e.Pinyin]; !ok || w != e.Weight {
			t.Errorf("%+v, want weight %d", e, w)
		}
	}
	if got[0].Text != "并" {
		t.Errorf("not by weight: %v", got)
	}
	if w := CharWeights(got); w['重'] != 6910+4912 || w['体'] != 0 {
		t.Errorf("char weights %v", w)
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing table read")
	}
}
