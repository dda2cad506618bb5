package console_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/shinan-alliance/alliance"
	"github.com/shinan-alliance/alliance/hub/console"
	"github.com/shinan-alliance/alliance/hub/console/consoletest"
)

// drawer is a Previewer that keeps what it was asked to draw and answers
// with fixed bytes or an error.
type drawer struct {
	got     alliance.Post
	account alliance.Account
	w, h    int
	out     []byte
	err     error
}

func (d *drawer) PreviewPost(_ context.Context, p alliance.Post, acc alliance.Account, _ map[string][]byte, w, h int) ([]byte, error) {
	d.got, d.account, d.w, d.h = p, acc, w, h
	return d.out, d.err
}

// 预览 asks the console's Previewer to draw the post as typed, with its
// account, and shows the picture instead of the HTML approximation; when
// drawing fails the page says so and keeps the approximation; without a
// Previewer the approximation is all.
func TestPreviewAsksThePreviewer(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    *drawer
	}{
		{"drawn", &drawer{out: []byte("\x89PNG not really")}},
		{"failed", &drawer{err: errors.New("no fonts")}},
		{"none", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := consoletest.NewWith(t, t.TempDir(), func(c *console.Console) {
				if tc.d != nil {
					c.Preview = tc.d
				}
			})
			form := url.Values{"account": {consoletest.Own}, "column": {string(alliance.ColNotice)}, "title": {"锅炉房检修停暖通知"},
				"body": {"暂停供暖，请注意保暖。"}, "action": {"preview"}}
			r := httptest.NewRequest("POST", console.Base+"/posts", strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.AddCookie(&http.Cookie{Name: console.CookieName, Value: e.Session(t, "wang")})
			w := httptest.NewRecorder()
			e.Console.Handler().ServeHTTP(w, r)
			page := w.Body.String()
			if w.Code != http.StatusOK {
				t.Fatalf("%d: %.300s", w.Code, page)
			}
			shown := strings.Contains(page, `<figure class="kiosk-shot">`)
			hidden := strings.Contains(page, `<div class="kiosk-preview" hidden`)
			switch tc.name {
			case "drawn":
				if d := tc.d; d.got.Title != "锅炉房检修停暖通知" || d.account.ID != consoletest.Own || d.account.Name == "" ||
					d.w != console.PreviewSize[0] || d.h != console.PreviewSize[1] {
					t.Errorf("asked to draw %q for %+v at %d×%d", d.got.Title, d.account, d.w, d.h)
				}
				if !shown || !hidden || !strings.Contains(page, `src="data:image/png;base64,`+base64.StdEncoding.EncodeToString(tc.d.out)+`"`) {
					t.Errorf("the picture is not on the page (figure %v, approximation hidden %v)", shown, hidden)
				}
			case "failed":
				if shown || hidden || !strings.Contains(page, "终端画面没能画出来") {
					t.Errorf("a failed drawing: figure %v, approximation hidden %v", shown, hidden)
				}
			case "none":
				if shown || hidden {
					t.Errorf("without a Previewer: figure %v, approximation hidden %v", shown, hidden)
				}
			}
		})
	}
}
