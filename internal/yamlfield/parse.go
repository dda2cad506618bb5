package yamlfield

import (
	"bytes"
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
