package console_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shinan-alliance/alliance/hub/console/consoletest"
)

var screenshots = flag.String("screenshots", "", "write a PNG of every console page into this folder (make screenshots: docs/screenshots/console)")

// TestEveryPage opens every page of the console in headless Chromium, as
// the user who would use it, at 1366×768: each must draw (200, no error
// page) and fit the width. With -screenshots DIR it keeps a PNG of each.
func TestEveryPage(t *testing.T) {
	e := consoletest.New(t, t.TempDir())
	d := e.Seed(t)
	ctx, cancel := consoletest.Browser(t)
	defer cancel()
	dir := *screenshots
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ name, login, path string }{
		{"login", "", "/login"},
		{"dashboard-staff", "wang", "/"},
		{"dashboard-operator", "admin", "/"},
		{"inbox", "wang", "/suggestions"},
		{"suggestion", "wang", "/suggestions/" + d.Suggestion + "?template=" + itoa(d.Template)},
		{"suggestion-phone", "wang", "/suggestions/" + d.Suggestion + "/phone"},
		{"suggestion-editor", "editor", "/suggestions/" + d.Suggestion},
		{"stats", "admin", "/suggestions/stats"},
		{"templates", "wang", "/templates"},
		{"callbacks", "wang", "/callbacks"},
		{"callback", "wang", "/callbacks/" + d.Callback},
		{"events", "wang", "/events"},
		{"event", "wang", "/events/" + d.Event},
		{"event-new", "wang", "/events/new"},
		{"roster", "wang", "/events/" + d.Event + "/roster"},
		{"checkin", "wang", "/events/" + d.Event + "/checkin"},
		{"posts", "wang", "/posts"},
		{"post-new", "wang", "/posts/new"},
		{"post", "editor", "/posts/" + d.Post},
		{"pack", "editor", "/pack"},
		{"account", "wang", "/accounts/" + consoletest.Own},
		{"directory", "wang", "/directory"},
		{"entry", "wang", "/directory/" + d.Entry},
		{"places", "admin", "/places"},
		{"place", "admin", "/places/" + d.Place},
		{"kiosks", "admin", "/kiosks"},
		{"kiosks-staff", "wang", "/kiosks"},
		{"kiosk", "admin", "/kiosks/" + d.KioskOwn},
		{"training", "zhao", "/training"},
		{"dashboard-trainer", "zhao", "/"},
		{"users", "admin", "/users"},
		{"audit", "admin", "/audit"},
		{"password", "wang", "/password"},
		{"forbidden", "li", "/suggestions/" + d.Suggestion},
	}
	who := ""
	for _, p := range pages {
		if p.login != who {
			if err := chromedp.Do(ctx, chromedp.Navigate(e.URL+"/login")); err != nil {
				t.Fatal(err)
			}
			if who != "" {
				// Log out first, through the menu's form.
				if err := chromedp.Do(ctx, chromedp.Navigate(e.URL+"/"), chromedp.Click(chromedp.CSS(`nav.side .who button`)),
					chromedp.WaitVisible(chromedp.ID("login"))); err != nil {
					t.Fatal(err)
				}
			}
			if p.login != "" {
				if err := e.Login(ctx, p.login); err != nil {
					t.Fatalf("%s logs in: %v", p.login, err)
				}
			}
			who = p.login
		}
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(e.URL+p.path))
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		if resp.Status >= 500 {
			t.Fatalf("%s (%s as %s): %d", p.name, p.path, p.login, resp.Status)
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		text, err := consoletest.Text(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantError := p.name == "forbidden"
		if strings.Contains(text, "无法完成") != wantError {
			t.Errorf("%s (%s as %s): %s", p.name, p.path, p.login, firstLine(text))
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if wide {
			t.Errorf("%s is wider than 1366 pixels: it scrolls sideways", p.name)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
