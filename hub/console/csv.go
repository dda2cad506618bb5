package console

import (
	"encoding/csv"
	"net/http"
	"strings"
)

// csvWriter writes a CSV that Excel opens correctly: UTF-8 with a byte
// order mark (without it Excel reads Chinese as mojibake), CRLF line ends,
// and no cell that Excel would run as a formula.
type csvWriter struct {
	w *csv.Writer
}

func newCSV(w http.ResponseWriter, name string) *csvWriter {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &csvWriter{w: cw}
}

func (c *csvWriter) row(cells ...string) {
	for i, s := range cells {
		// A cell starting with = + - @ is a formula to Excel (CSV
		// injection); a leading apostrophe makes it text. Phone numbers and
		// dates start with digits and are untouched.
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			cells[i] = "'" + s
		}
	}
	c.w.Write(cells)
}

func (c *csvWriter) flush() { c.w.Flush() }
