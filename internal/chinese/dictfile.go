package chinese

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Entry is one line of an OpenCC dictionary: a phrase or character and its
// conversions, the usual one first.
type Entry struct {
	Key    string
	Values []string
}

// ReadDictionary reads a dictionary in OpenCC's published text form
// ("key<TAB>value value…" a line, "#" comments and blank lines skipped),
// for the generator and the recall benchmark. A line without a tab or a
// value, or with invalid UTF-8, is an error naming the line.
func ReadDictionary(r io.Reader) ([]Entry, error) {
	var out []Entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("read dictionary: line %d: invalid UTF-8", n)
		}
		key, rest, ok := strings.Cut(line, "\t")
		key = strings.TrimSpace(key)
		vals := strings.Fields(rest)
		if !ok || key == "" || len(vals) == 0 {
			return nil, fmt.Errorf("read dictionary: line %d: want key, tab, values: %q", n, line)
		}
		out = append(out, Entry{Key: key, Values: vals})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read dictionary: %w", err)
	}
	return out, nil
}
