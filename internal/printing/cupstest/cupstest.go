// Package cupstest starts a private CUPS scheduler for tests, with a PDF
// printer (Debian's printer-driver-cups-pdf) whose PDFs land in a folder
// the test reads, and turns them back into pictures with pdftoppm.
//
// It needs root (the cups-pdf backend runs only as root, and reads its
// configuration from /etc/cups) and the Debian packages cups, cups-client,
// printer-driver-cups-pdf and poppler-utils (`make deps`); without them a
// test that calls Start is skipped, saying what is missing.
package cupstest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// CUPS is a running private scheduler with one PDF queue.
type CUPS struct {
	Server string // its socket, for printing.Printer.Server
	Queue  string // the PDF printer's queue
	Out    string // where cups-pdf writes the PDFs
	root   string
}

// Needs lists the programs a real CUPS test needs, by Debian package.
var Needs = map[string]string{
	"cupsd":                          "cups",
	"lp":                             "cups-client",
	"lpadmin":                        "cups-client",
	"pdftoppm":                       "poppler-utils",
	"/usr/lib/cups/backend/cups-pdf": "printer-driver-cups-pdf",
}

// Start starts a scheduler for t, stopped when t ends, or skips t saying
// what is missing. With CUPSTEST_KEEP set, its folder (logs, PDFs) is
// left in the temporary folder.
func Start(t testing.TB) *CUPS {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("a real CUPS test needs root: the cups-pdf backend runs only as root")
	}
	for prog, pkg := range Needs {
		if _, err := exec.LookPath(prog); err != nil {
			t.Skipf("%s is missing: install Debian's %s (make deps)", prog, pkg)
		}
	}
	var rnd [4]byte
	rand.Read(rnd[:])
	c := &CUPS{Queue: "kiosk-test-" + hex.EncodeToString(rnd[:])}
	var err error
	// The filters run as lp: the scheduler's folders must be open to it.
	if c.root, err = os.MkdirTemp("", "kiosk-cups-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if os.Getenv("CUPSTEST_KEEP") == "" {
			os.RemoveAll(c.root)
		}
	})
	for _, d := range []string{"", "spool", "cache", "state", "log", "out", "spool/tmp"} {
		p := filepath.Join(c.root, d)
		os.MkdirAll(p, 0o755)
		mode := os.FileMode(0o755)
		if d == "spool/tmp" || d == "out" {
			mode = 0o1777
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
	}
	c.Server = filepath.Join(c.root, "cups.sock")
	c.Out = filepath.Join(c.root, "out")
	write := func(name, text string) {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(c.root, "cups-files.conf"), fmt.Sprintf(`ServerRoot %[1]s
RequestRoot %[1]s/spool
TempDir %[1]s/spool/tmp
CacheDir %[1]s/cache
StateDir %[1]s/state
ErrorLog %[1]s/log/error_log
AccessLog %[1]s/log/access_log
PageLog %[1]s/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
FatalErrors none
Printcap %[1]s/printcap
`, c.root))
	write(filepath.Join(c.root, "cupsd.conf"), fmt.Sprintf(`Listen %s
LogLevel info
Browsing Off
WebInterface No
DefaultAuthType None
ErrorPolicy stop-printer
<Location />
Order allow,deny
Allow all
</Location>
<Policy default>
<Limit All>
Order deny,allow
</Limit>
</Policy>
`, c.Server))
	// For a device URI cups-pdf:/NAME, cups-pdf reads
	// /etc/cups/cups-pdf-NAME.conf: this queue's PDFs go to c.Out.
	conf := "/etc/cups/cups-pdf-" + c.Queue + ".conf"
	t.Cleanup(func() {
		os.Remove(conf)
		os.Remove("/var/log/cups/cups-pdf-" + c.Queue + "_log")
	})
	write(conf, fmt.Sprintf("Out %[1]s\nAnonDirName %[1]s\nLog %[2]s/log\nLogType 3\n", c.Out, c.root))

	cmd := exec.Command("cupsd", "-f", "-c", filepath.Join(c.root, "cupsd.conf"), "-s", filepath.Join(c.root, "cups-files.conf"))
	log, _ := os.Create(filepath.Join(c.root, "log", "cupsd.out"))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start cupsd: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		log.Close()
	})
	ready := false
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if out, err := c.Run("lpstat", "-r"); err == nil && strings.Contains(out, "scheduler is running") {
			ready = true
			break
		}
	}
	if !ready {
		t.Fatalf("cupsd did not start in 15 s:\n%s", c.Log())
	}
	ppd := "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"
	if out, err := c.Run("lpinfo", "-m"); err == nil {
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) > 0 && strings.Contains(strings.ToLower(f[0]), "cups-pdf_opt") {
				ppd = f[0]
			}
		}
	}
	if out, err := c.Run("lpadmin", "-p", c.Queue, "-v", "cups-pdf:/"+c.Queue, "-E", "-m", ppd); err != nil {
		t.Fatalf("add the PDF printer: %v\n%s", err, out)
	}
	return c
}

// Run runs a CUPS client program against the scheduler.
func (c *CUPS) Run(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "CUPS_SERVER="+c.Server, "LANG=C", "LC_ALL=C")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Log is the end of the scheduler's error log, for a failing test.
func (c *CUPS) Log() string {
	b, _ := os.ReadFile(filepath.Join(c.root, "log", "error_log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// WaitPDF waits up to d for the n-th PDF cups-pdf writes (counting from
// 1) and returns its path once it is whole (its size steady).
func (c *CUPS) WaitPDF(t testing.TB, n int, d time.Duration) string {
	t.Helper()
	var last int64 = -1
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(c.Out, "*.pdf"))
		if len(files) < n {
			continue
		}
		newest, size := "", int64(0)
		var newestTime time.Time
		for _, f := range files {
			if st, err := os.Stat(f); err == nil && st.ModTime().After(newestTime) {
				newest, newestTime, size = f, st.ModTime(), st.Size()
			}
		}
		if size > 0 && size == last {
			return newest
		}
		last = size
	}
	t.Fatalf("no PDF #%d from cups-pdf in %s:\n%s", n, d, c.Log())
	return ""
}

// Pages turns a PDF back into pictures with pdftoppm at dpi, one per page.
func Pages(t testing.TB, pdf string, dpi int) []image.Image {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "pdftoppm", "-r", fmt.Sprint(dpi), "-png", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	var pages []image.Image
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		pages = append(pages, img)
	}
	return pages
}
