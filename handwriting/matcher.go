package handwriting

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
)

// templates.bin is made by handwriting/gen from fonts (see the package
// comment). Layout, little-endian: "HWT1"; uint32 dims, k, classes,
// prototypes; dims float32 (the mean feature); k×dims float32 (the
// principal axes); classes uint32 (the characters, most common first);
// then per prototype uint16 class, float32 scale, k int8.
//
//go:embed templates.bin
var templatesBin []byte

// Matcher recognises a character by comparing the drawing's direction
// feature with prototypes drawn from fonts (several per character), in a
// space reduced to the principal axes of all prototypes. It is safe for
// concurrent use.
type Matcher struct {
	dims, k int
	mean    []float32
	axes    []float32 // k rows of dims
	chars   []rune
	protoC  []uint16
	protoS  []float32
	protoV  []int8 // k per prototype
}

var (
	defaultOnce    sync.Once
	defaultMatcher *Matcher
	defaultErr     error
)

// Default returns the Matcher of the embedded templates, loaded once.
func Default() (*Matcher, error) {
	defaultOnce.Do(func() { defaultMatcher, defaultErr = Load(templatesBin) })
	return defaultMatcher, defaultErr
}

// Load reads templates in the format of templates.bin.
func Load(b []byte) (*Matcher, error) {
	bad := errors.New("handwriting: templates damaged")
	if len(b) < 20 || string(b[:4]) != "HWT1" {
		return nil, bad
	}
	u32 := func(i int) int { return int(binary.LittleEndian.Uint32(b[i:])) }
	m := &Matcher{dims: u32(4), k: u32(8)}
	nc, np := u32(12), u32(16)
	if m.dims != FeatDims || m.k <= 0 || m.k > m.dims || nc <= 0 || nc > 1<<16 {
		return nil, bad
	}
	need := 20 + 4*m.dims + 4*m.k*m.dims + 4*nc + np*(6+m.k)
	if len(b) != need {
		return nil, fmt.Errorf("handwriting: templates are %d bytes, want %d", len(b), need)
	}
	off := 20
	f32s := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[off:]))
			off += 4
		}
		return v
	}
	m.mean = f32s(m.dims)
	m.axes = f32s(m.k * m.dims)
	m.chars = make([]rune, nc)
	for i := range m.chars {
		m.chars[i] = rune(u32(off))
		off += 4
	}
	m.protoC = make([]uint16, np)
	m.protoS = make([]float32, np)
	m.protoV = make([]int8, np*m.k)
	for i := range np {
		m.protoC[i] = binary.LittleEndian.Uint16(b[off:])
		if int(m.protoC[i]) >= nc {
			return nil, bad
		}
		m.protoS[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[off+2:]))
		for j := range m.k {
			m.protoV[i*m.k+j] = int8(b[off+6+j])
		}
		off += 6 + m.k
	}
	return m, nil
}

// Chars returns the characters the Matcher knows, most common first.
func (m *Matcher) Chars() []rune { return append([]rune(nil), m.chars...) }

// project returns feat on the principal axes.
func (m *Matcher) project(feat []float32) []float32 {
	q := make([]float32, m.k)
	for a := range m.k {
		row := m.axes[a*m.dims : (a+1)*m.dims]
		var s float32
		for j, v := range feat {
			s += (v - m.mean[j]) * row[j]
		}
		q[a] = s
	}
	return q
}

// Recognize implements Recognizer. Scores are minus the squared distance
// to the character's nearest prototype.
func (m *Matcher) Recognize(strokes []Stroke, n int) []Candidate {
	strokes = finite(strokes)
	if n <= 0 || len(strokes) == 0 {
		return nil
	}
	q := m.project(Feature(strokes))
	best := make([]float32, len(m.chars))
	for i := range best {
		best[i] = math.MaxFloat32
	}
	k := m.k
	for i, c := range m.protoC {
		v := m.protoV[i*k : (i+1)*k]
		s := m.protoS[i]
		var d float32
		for j, x := range v {
			e := q[j] - float32(x)*s
			d += e * e
		}
		if d < best[c] {
			best[c] = d
		}
	}
	idx := make([]int, len(best))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool {
		if best[idx[a]] != best[idx[b]] {
			return best[idx[a]] < best[idx[b]]
		}
		return idx[a] < idx[b] // the more common first
	})
	n = min(n, len(idx))
	out := make([]Candidate, n)
	for i := range n {
		out[i] = Candidate{Char: m.chars[idx[i]], Score: -best[idx[i]]}
	}
	return out
}
