package chinese

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/assets"
)

// corpus is every text file of the sample pack and the curriculum: the
// kind of text the kiosk converts.
func corpus(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, fsys := range []fs.FS{assets.SamplePack(), assets.Curriculum()} {
		err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".yaml")) {
				return err
			}
			b, err := fs.ReadFile(fsys, name)
			out = append(out, string(b))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// The conversions give what the OpenCC library gives, on every text of
// the sample pack and the curriculum, both ways, and on words that need
// their phrase to convert right.
func TestConversionsMatchOpenCC(t *testing.T) {
	t.Parallel()
	s2tw, err := opencc.New("s2tw")
	if err != nil {
		t.Fatal(err)
	}
	t2s, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	texts := append(corpus(t), "头发和发送", "家庭微信群里着急", "软件", "乾隆皇帝", "頭髮", "社區微信群組", "后天在皇后大道")
	for _, s := range texts {
		want, err := s2tw.Convert(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := ToTraditional(s); got != want {
			t.Fatalf("ToTraditional differs from OpenCC's s2tw at %s", firstDiff(got, want))
		}
		for _, in := range []string{s, want} {
			back, err := t2s.Convert(in)
			if err != nil {
				t.Fatal(err)
			}
			if got := ToSimplified(in); got != back {
				t.Fatalf("ToSimplified differs from OpenCC's t2s at %s", firstDiff(got, back))
			}
		}
	}
	if got := ToTraditional("家庭微信群里"); got != "家庭微信群裡" {
		t.Errorf("s2tw forms: got %s", got)
	}
}

func firstDiff(got, want string) string {
	g, w := []rune(got), []rune(want)
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			lo, hi := max(0, i-8), min(len(g), len(w), i+8)
			return "…" + string(g[lo:hi]) + "… (OpenCC: …" + string(w[lo:hi]) + "…)"
		}
	}
	return "the end"
}

// Simplify is OpenCC's t2s of each character on its own, and keeps the
// length of text.
func TestSimplify(t *testing.T) {
	t.Parallel()
	for in, want := range map[rune]rune{'區': '区', '社': '社', '臺': '台', 'a': 'a', '𠀋': '𠀋'} {
		if got := Simplify(in); got != want {
			t.Errorf("Simplify(%c) = %c, want %c", in, got, want)
		}
	}
	t2s, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "國際社區鄰裡關係與資訊發達時代" {
		want, _ := t2s.Convert(string(r))
		if got := string(Simplify(r)); got != want {
			t.Errorf("Simplify(%c) = %s, OpenCC %s", r, got, want)
		}
	}
}

func TestScript(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		l        alliance.Lang
		in, want string
	}{
		{alliance.Hant, "社区活动", "社區活動"},
		{alliance.Hans, "社區活動", "社区活动"},
		{alliance.English, "社区", "社区"},
		{alliance.Hant, "", ""},
	} {
		if got := Script(tc.l, tc.in); got != tc.want {
			t.Errorf("Script(%s, %q) = %q, want %q", tc.l, tc.in, got, tc.want)
		}
	}
}
