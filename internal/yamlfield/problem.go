package yamlfield

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a file, located as precisely as possible.
type Problem struct {
	File string // slash-separated, relative to the folder that was loaded
	Line int    // 0 when the problem is with the file as a whole
	Msg  string
}

// String formats the problem as "file:line: what is wrong".
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Problems collects the problems found while loading.
type Problems []Problem

// Add records a problem at file:line (line 0: the file as a whole).
func (ps *Problems) Add(file string, line int, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the problems by file, then line, keeping the order in which
// problems on the same line were found.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

// MaxListed is how many problems Summary lists.
const MaxListed = 50

// Summary is an error message: "<subject> has N problem(s):" and the first
// MaxListed problems, one a line.
func Summary(subject string, ps []Problem) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d problem(s):", subject, len(ps))
	for i, p := range ps {
		if i == MaxListed {
			fmt.Fprintf(&b, "\n… and %d more", len(ps)-MaxListed)
			break
		}
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	return b.String()
}
