package yamlfield

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Records gives the same records, at the same lines, as parsing the whole
// file, across many chunks.
func TestRecordsMatchesWholeParse(t *testing.T) {
	var b strings.Builder
	b.WriteString("# a list\n---\n")
	for i := 0; b.Len() < 5*chunkBytes; i++ {
		fmt.Fprintf(&b, "- id: r%d\n  # a comment\n  note: |\n    line one\n    - not an item\n\n  tags: [a, b]\n", i)
	}
	data := []byte(b.String())
	var whole, chunked Problems
	n, ok := Parse(&whole, "f.yaml", data, 0)
	if !ok || n.Kind != yaml.SequenceNode {
		t.Fatalf("whole: %v", whole)
	}
	var got []*yaml.Node
	if !Records(context.Background(), &chunked, "f.yaml", data, func(n *yaml.Node) { got = append(got, n) }) || len(chunked) > 0 {
		t.Fatalf("chunked: %v", chunked)
	}
	if len(got) != len(n.Content) {
		t.Fatalf("%d records, want %d", len(got), len(n.Content))
	}
	for i, want := range n.Content {
		g := got[i]
		if g.Line != want.Line || g.Content[1].Value != want.Content[1].Value || g.Content[3].Value != want.Content[3].Value ||
			g.Content[5].Line != want.Content[5].Line {
			t.Fatalf("record %d: line %d %q, want line %d %q", i, g.Line, g.Content[1].Value, want.Line, want.Content[1].Value)
		}
	}

	// A broken record far down the file is reported at its own line.
	lines := strings.Count(b.String(), "\n")
	broken := append(data, "- id: [\n"...)
	chunked = nil
	Records(context.Background(), &chunked, "f.yaml", broken, func(*yaml.Node) {})
	if len(chunked) != 1 || chunked[0].Line < lines+1 || !strings.HasPrefix(chunked[0].Msg, "invalid YAML") {
		t.Errorf("got %v, want invalid YAML at line %d or after", chunked, lines+1)
	}
}

func TestRecordsRefusesWhatIsNotABlockList(t *testing.T) {
	for data, line := range map[string]int{
		"id: x\n":                     1,
		"- id: x\n---\n- id: y\n":     2,
		"- id: x\n...\n":              2,
		"[{id: x}]\n":                 1,
		"- id: x\n  name: \"a\nb\"\n": 3,
		"- id: x\n\tname: a\n":        2,
	} {
		var ps Problems
		if Records(context.Background(), &ps, "f.yaml", []byte(data), func(*yaml.Node) {}) || len(ps) != 1 || ps[0].Line != line {
			t.Errorf("%q: got %v, want a problem at line %d", data, ps, line)
		}
	}
	var ps Problems
	n := 0
	if !Records(context.Background(), &ps, "f.yaml", []byte("\ufeff# only comments\n\n   \n"), func(*yaml.Node) { n++ }) || n != 0 || len(ps) != 0 {
		t.Errorf("an empty list: %d records, %v", n, ps)
	}
}

func TestRecordsStopsWhenCancelled(t *testing.T) {
	data := []byte(strings.Repeat("- id: x\n  name: y\n", 3*chunkBytes/16))
	ctx, cancel := context.WithCancel(context.Background())
	var ps Problems
	n := 0
	Records(ctx, &ps, "f.yaml", data, func(*yaml.Node) {
		n++
		cancel()
	})
	if len(ps) != 1 || !strings.Contains(ps[0].Msg, "canceled") || n >= 3*chunkBytes/16 {
		t.Errorf("after cancel: %d records, %v", n, ps)
	}
}
