package console

import (
	"bytes"
	"image"
	"image/jpeg"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// An uploaded photo keeps no metadata: the EXIF block (with a GPS
// position) a phone writes is gone after cleaning.
func TestCleanImageStripsMetadata(t *testing.T) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 32, 24)), nil); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	exif := append([]byte{0xff, 0xe1, 0x00, 0x1c}, []byte("Exif\x00\x00GPSLatitude=36.06N;lon")...)
	photo := append(append(append([]byte{}, raw[:2]...), exif...), raw[2:]...)
	if !bytes.Contains(photo, []byte("GPSLatitude")) {
		t.Fatal("the test photo has no metadata")
	}
	blob, err := cleanImage(bytes.NewReader(photo), int64(len(photo)))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(blob.Data, []byte("Exif")) || bytes.Contains(blob.Data, []byte("GPS")) || blob.MIME != "image/jpeg" {
		t.Errorf("cleaned: %s, %d bytes, still has metadata", blob.MIME, len(blob.Data))
	}
	if _, err := cleanImage(strings.NewReader("<svg onload=alert(1)>"), 20); err == nil {
		t.Error("an SVG was taken as an image")
	}
}

// Markdown in a post is CommonMark, and nothing in it runs.
func TestMarkdownIsSanitised(t *testing.T) {
	for _, md := range []string{"<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
		"<a href=\"http://x\" onclick=\"alert(1)\">x</a>", "![x](data:text/html;base64,PHNjcmlwdD4=)"} {
		out := string(Markdown(md))
		for _, bad := range []string{"<script", "javascript:", "onerror", "onclick", "data:text"} {
			if strings.Contains(strings.ToLower(out), bad) {
				t.Errorf("%q renders as %q", md, out)
			}
		}
	}
	if got := string(Markdown("**加粗** 和\n\n- 一\n- 二")); !strings.Contains(got, "<strong>加粗</strong>") || !strings.Contains(got, "<li>一</li>") {
		t.Errorf("CommonMark: %s", got)
	}
}

// A CSV opens in Excel with Chinese intact: a byte order mark, CRLF, and
// no cell Excel would run as a formula.
func TestCSVForExcel(t *testing.T) {
	w := httptest.NewRecorder()
	cw := newCSV(w, "x.csv")
	cw.row("姓名", "电话")
	cw.row("王女士", "=HYPERLINK(\"http://x\")")
	cw.flush()
	got := w.Body.String()
	if !strings.HasPrefix(got, "\ufeff姓名,电话\r\n") || !strings.Contains(got, `"'=HYPERLINK(""http://x"")"`) {
		t.Errorf("csv: %q", got)
	}
}

// Every key the templates and handlers use has a Chinese and an English
// text.
func TestEveryKeyTranslated(t *testing.T) {
	keys := map[string]bool{}
	re := regexp.MustCompile(`\.Tf? "([a-z0-9_.]+)"|T\("([a-z0-9_.]+)"\)|Tf\("([a-z0-9_.]+)"`)
	add := func(src string) {
		for _, m := range re.FindAllStringSubmatch(src, -1) {
			for _, k := range m[1:] {
				if k != "" && !strings.HasSuffix(k, ".") {
					keys[k] = true
				}
			}
		}
	}
	fs.WalkDir(templateFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(templateFS, p)
			add(string(b))
		}
		return nil
	})
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range gofiles {
		if !strings.HasSuffix(f, "_test.go") {
			b, _ := os.ReadFile(f)
			add(string(b))
		}
	}
	for k := range keys {
		m, ok := messages[k]
		if !ok || m[0] == "" || m[1] == "" {
			t.Errorf("key %q: %v", k, m)
		}
	}
	for _, prefix := range []string{"status.", "cat.", "cb.", "su.", "es.", "ks.", "role.", "rolehint.", "col.", "dc.", "pk."} {
		found := false
		for k := range messages {
			found = found || strings.HasPrefix(k, prefix)
		}
		if !found {
			t.Errorf("no keys %s*", prefix)
		}
	}
	if len(keys) < 100 {
		t.Errorf("found only %d keys: the pattern is wrong", len(keys))
	}
}
