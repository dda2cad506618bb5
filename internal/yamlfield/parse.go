package yamlfield

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

var bom = []byte("\xef\xbb\xbf")

// Parse parses one YAML document, which must be UTF-8 text. lineOffset is
// added to every line, in problems and in the nodes returned: it is the
// number of lines above data in its file (front matter, a part of a longer
// file). A document with nothing in it gives a nil node and true.
func Parse(ps *Problems, file string, data []byte, lineOffset int) (*yaml.Node, bool) {
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		ps.Add(file, 0, "is not UTF-8 text")
		return nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := errorLine(err)
		if line > 0 {
			line += lineOffset
		}
		ps.Add(file, line, "invalid YAML: %s", msg)
		return nil, false
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, true
	}
	shift(doc.Content[0], lineOffset)
	return doc.Content[0], true
}

func shift(n *yaml.Node, by int) {
	if by == 0 {
		return
	}
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func errorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, msg
}

// chunkBytes is about how much YAML Records parses at a time.
const chunkBytes = 64 << 10

// Records calls fn with each item of a file that is a YAML list of records
// (each starting with "- " at the start of a line), parsing about 64 KB of
// it at a time: the parsed form of YAML takes some 40 times the room of its
// text, so a big file is never parsed whole. Lines are those of the whole
// file. It returns false, with a problem, when data is not UTF-8 or not
// such a list (a line that starts with anything else than "- ", "#" or a
// space, other than a "---" before the first record); the caller may then
// parse a small file whole instead.
func Records(ctx context.Context, ps *Problems, file string, data []byte, fn func(*yaml.Node)) bool {
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		ps.Add(file, 0, "is not UTF-8 text")
		return false
	}
	if line := notAList(data); line > 0 {
		ps.Add(file, line, "want a list of records: each record starts with \"- \" at the start of a line, its fields indented below it")
		return false
	}
	start, startLine := -1, 0 // the chunk being gathered: its offset and first line
	flush := func(end int) bool {
		if err := ctx.Err(); err != nil {
			ps.Add(file, startLine, "not read to the end: %v", err)
			return false
		}
		parseChunk(ps, file, data[start:end], startLine-1, fn)
		start = -1
		return true
	}
	for pos, line := 0, 1; pos < len(data); line++ {
		next := len(data)
		if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
			next = pos + i + 1
		}
		if isItem(data[pos:next]) {
			if start >= 0 && pos-start >= chunkBytes && !flush(pos) {
				return true
			}
			if start < 0 {
				start, startLine = pos, line
			}
		}
		pos = next
	}
	if start >= 0 {
		flush(len(data))
	}
	return true
}

func parseChunk(ps *Problems, file string, chunk []byte, lineOffset int, fn func(*yaml.Node)) {
	n, ok := Parse(ps, file, chunk, lineOffset)
	if !ok || n == nil {
		return
	}
	if n.Kind != yaml.SequenceNode { // cannot happen: the chunk starts with "- "
		ps.Add(file, n.Line, "want a list of records (lines starting with \"- \")")
		return
	}
	for _, item := range n.Content {
		fn(item)
	}
}

// isItem reports whether a line starts a list item at the left margin.
func isItem(line []byte) bool {
	line = bytes.TrimRight(line, "\r\n")
	return len(line) > 0 && line[0] == '-' && (len(line) == 1 || line[1] == ' ' || line[1] == '\t')
}

// notAList returns the first line, counting from 1, that cannot be part of
// a block list of records at the left margin, or 0 when there is none.
func notAList(data []byte) int {
	line, items := 0, false
	for len(data) > 0 {
		line++
		l := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		l = bytes.TrimRight(l, "\r")
		switch {
		case len(bytes.TrimLeft(l, " \t")) == 0, l[0] == ' ', l[0] == '#':
		case isItem(l):
			items = true
		case !items && bytes.Equal(bytes.TrimRight(l, " \t"), []byte("---")):
		default:
			return line
		}
	}
	return 0
}
