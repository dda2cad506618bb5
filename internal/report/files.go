package report

import (
	"encoding/csv"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/shinan-alliance/alliance/internal/usbdrive"
)

// Dir is where exports go by default: the first USB stick mounted (see
// package usbdrive), else the user's home folder.
func Dir() string {
	if drives, err := usbdrive.New().Drives(); err == nil {
		for _, d := range drives {
			if !d.ReadOnly {
				return d.Path
			}
		}
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return "."
}

// unsafeName matches what may not go into an exported file's name.
var unsafeName = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

// create creates (or replaces) a file named name in dir for an export.
// Parts of the name come from the hub (an event's or a lesson's id), so it
// is reduced to letters, digits, '.', '_' and '-', and can neither leave
// dir nor be hidden; an existing file that is not a plain file (a link,
// say) is not written through.
func create(dir, name string) (string, *os.File, error) {
	name = strings.TrimLeft(unsafeName.ReplaceAllString(name, "_"), ".")
	if name == "" {
		name = "export"
	}
	path := filepath.Join(dir, name)
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return "", nil, fmt.Errorf("%s exists and is not a plain file", path)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return "", nil, err
	}
	return path, f, nil
}

// Table is a report as CSV: the file it goes to, a header row and rows.
type Table struct {
	What   string // "roster", "report": for error messages
	File   string // the file's name, made safe when written
	Header []string
	Rows   [][]string
}

// bom is UTF-8's byte order mark: without it Excel reads a CSV in the
// system's legacy code page (GBK on a Chinese Windows) and garbles the
// Chinese; LibreOffice takes it as UTF-8 too.
const bom = "\ufeff"

// WriteCSV writes the table as CSV with its header row, for a spreadsheet:
// UTF-8 with a byte order mark, lines ending in CRLF, as Excel writes them.
func (t *Table) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return fmt.Errorf("write %s: %w", t.What, err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cw.Write(t.Header)
	for _, row := range t.Rows {
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write %s: %w", t.What, err)
	}
	return nil
}

// Export writes the table as CSV into dir and returns the file's path.
func (t *Table) Export(dir string) (string, error) {
	path, f, err := create(dir, t.File)
	if err != nil {
		return "", fmt.Errorf("export %s: %w", t.What, err)
	}
	if err := t.WriteCSV(f); err != nil {
		f.Close()
		return "", err
	}
	return path, closeSynced(f)
}

// closeSynced flushes a file to its disk before closing it: a USB stick
// may be pulled out as soon as the screen says the file is saved.
func closeSynced(f *os.File) error {
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// SavePNG saves a picture as a PNG named name in dir and returns its path.
func SavePNG(img image.Image, name, dir string) (string, error) {
	path, f, err := create(dir, name)
	if err != nil {
		return "", fmt.Errorf("save %s: %w", name, err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return "", fmt.Errorf("save %s: %w", name, err)
	}
	if err := closeSynced(f); err != nil {
		return "", fmt.Errorf("save %s: %w", name, err)
	}
	return path, nil
}
