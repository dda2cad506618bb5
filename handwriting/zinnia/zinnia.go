// Package zinnia recognises handwriting with the Zinnia engine and Debian's
// Simplified Chinese model (Debian packages libzinnia-dev and
// tegaki-zinnia-simplified-chinese), through cgo. It is the baseline the
// handwriting package is measured against in `make bench`, and a second
// opinion a centre may switch to.
package zinnia

/*
#cgo pkg-config: zinnia
#include <stdlib.h>
#include <zinnia.h>
*/
import "C"

import (
	"errors"
	"math"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/shinan-alliance/alliance/handwriting"
)

// DefaultModel is where Debian installs the Simplified Chinese model.
const DefaultModel = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"

// Recognizer is a Zinnia recogniser with one model loaded. It implements
// handwriting.Recognizer and is safe for concurrent use.
type Recognizer struct {
	mu sync.Mutex
	r  *C.zinnia_recognizer_t
}

// Open loads the model at path.
func Open(path string) (*Recognizer, error) {
	r := C.zinnia_recognizer_new()
	cp := C.CString(path)
	defer C.free(unsafe.Pointer(cp))
	if C.zinnia_recognizer_open(r, cp) == 0 {
		msg := C.GoString(C.zinnia_recognizer_strerror(r))
		C.zinnia_recognizer_destroy(r)
		return nil, errors.New("zinnia: " + msg)
	}
	return &Recognizer{r: r}, nil
}

// Close frees the model.
func (z *Recognizer) Close() {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.r != nil {
		C.zinnia_recognizer_destroy(z.r)
		z.r = nil
	}
}

// canvas is the size strokes are scaled to, as Tegaki's pads were.
const canvas = 1000

// Recognize implements handwriting.Recognizer. The drawing is placed on a
// square canvas the way a pad would hold it: its larger side fills the
// canvas, centred.
func (z *Recognizer) Recognize(strokes []handwriting.Stroke, n int) []handwriting.Candidate {
	if n <= 0 {
		return nil
	}
	x0, y0 := float32(math.MaxFloat32), float32(math.MaxFloat32)
	x1, y1 := float32(-math.MaxFloat32), float32(-math.MaxFloat32)
	for _, s := range strokes {
		for _, p := range s {
			x0, y0, x1, y1 = min(x0, p.X), min(y0, p.Y), max(x1, p.X), max(y1, p.Y)
		}
	}
	if x1 < x0 {
		return nil
	}
	side := max(x1-x0, y1-y0, 1)
	scale := canvas * 0.9 / side
	dx := canvas/2 - (x0+x1)/2*scale
	dy := canvas/2 - (y0+y1)/2*scale

	z.mu.Lock()
	defer z.mu.Unlock()
	if z.r == nil {
		return nil
	}
	c := C.zinnia_character_new()
	defer C.zinnia_character_destroy(c)
	C.zinnia_character_set_width(c, canvas)
	C.zinnia_character_set_height(c, canvas)
	id := 0
	for _, s := range strokes {
		if len(s) == 0 {
			continue
		}
		for _, p := range s {
			C.zinnia_character_add(c, C.size_t(id), C.int(p.X*scale+dx), C.int(p.Y*scale+dy))
		}
		id++
	}
	res := C.zinnia_recognizer_classify(z.r, c, C.size_t(n))
	if res == nil {
		return nil
	}
	defer C.zinnia_result_destroy(res)
	size := int(C.zinnia_result_size(res))
	out := make([]handwriting.Candidate, 0, size)
	for i := range size {
		v := C.GoString(C.zinnia_result_value(res, C.size_t(i)))
		r, _ := utf8.DecodeRuneInString(v)
		out = append(out, handwriting.Candidate{Char: r, Score: float32(C.zinnia_result_score(res, C.size_t(i)))})
	}
	return out
}
