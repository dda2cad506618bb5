package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Dir is where exports go by default: the first USB stick mounted, else
// the user's home folder.
func Dir() string {
	for _, base := range []string{"/media", "/run/media"} {
		users, _ := os.ReadDir(base)
		for _, u := range users {
			sticks, _ := os.ReadDir(filepath.Join(base, u.Name()))
			for _, s := range sticks {
				if s.IsDir() {
					return filepath.Join(base, u.Name(), s.Name())
				}
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

// WriteCSV writes the table as CSV with its header row, for a spreadsheet
// or printing.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
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
	return path, f.Close()
}
