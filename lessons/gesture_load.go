package lessons

import (
	"image"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/shinan-alliance/alliance/internal/yamlfield"
)

// MaxTyped is how many characters a typing practice may ask for: a short
// message, typed a character or a word at a time.
const MaxTyped = 12

// practice reads a practice step's picture and what it asks of her
// finger: exactly one of tap, swipe, hold, slide-cancel and type.
func (f *fields) practice(s *Step) {
	var given []string
	for _, g := range Gestures {
		if f.Has(string(g)) {
			given = append(given, string(g))
		}
	}
	switch len(given) {
	case 0:
		s.Gesture = GestureTap // and rects reports the missing tap
	case 1:
		s.Gesture = Gesture(given[0])
	default:
		f.Problem(given[1], "a practice asks for one thing: give one of %s, not %s", gestureNames(), strings.Join(given, " and "))
		s.Gesture = Gesture(given[0])
	}
	s.Image = f.image("image", s.Gesture != GestureType)
	if s.Gesture != GestureTap && f.Has("avoid") {
		f.Problem("avoid", "places to avoid are for tap practice, not %s", s.Gesture)
	}
	switch s.Gesture {
	case GestureTap:
		s.Areas = f.rects("tap", s.Image)
		s.Avoid = f.avoid("avoid", s.Image, s.Areas)
	case GestureSwipe:
		s.Swipe = f.swipe(s.Image)
	case GestureHold:
		s.Hold = f.hold(s.Image)
	case GestureSlideCancel:
		s.Slide = f.slideCancel(s.Image)
	case GestureType:
		s.Type = f.typing()
	}
}

func gestureNames() string {
	names := make([]string, len(Gestures))
	for i, g := range Gestures {
		names[i] = string(g)
	}
	return strings.Join(names, ", ")
}

// sub reads the mapping under key with the given fields, or reports it.
func (f *fields) sub(key, shape string, known ...string) *fields {
	v := f.Node(key)
	if v.Kind != yaml.MappingNode {
		f.Problem(key, "%s must be %s", key, shape)
		return nil
	}
	return f.ll.fields(v, prefixed(f.What)+key, known...)
}

// imageRect is the picture's bounds, empty when it is not known.
func (f *fields) imageRect(img string) image.Rectangle {
	if i := f.ll.lesson.Images[img]; i != nil {
		return image.Rect(0, 0, i.Width, i.Height)
	}
	return image.Rectangle{}
}

// point reads [x, y] within the picture.
func (f *fields) point(key, img string) (image.Point, bool) {
	n := f.Node(key)
	if yamlfield.IsNull(n) {
		f.ProblemAt(f.At, "missing %s: [x, y] in picture pixels", key)
		return image.Point{}, false
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		f.Problem(key, "%s must be [x, y]", key)
		return image.Point{}, false
	}
	var v [2]int
	for i, c := range n.Content {
		x, err := strconv.Atoi(strings.TrimSpace(c.Value))
		if c.Kind != yaml.ScalarNode || err != nil || x < 0 || x > MaxImageSide {
			f.ProblemAt(c.Line, "%s: %q is not a whole number of pixels from 0 to %d", key, c.Value, MaxImageSide)
			return image.Point{}, false
		}
		v[i] = x
	}
	pt := image.Pt(v[0], v[1])
	if size := f.imageRect(img); !size.Empty() && !pt.In(size) {
		f.Problem(key, "%s [%d, %d] is outside the image %s (%d×%d pixels)", key, pt.X, pt.Y, img, size.Dx(), size.Dy())
		return pt, false
	}
	return pt, true
}

// number reads a number from lo to hi, or def when not given.
func (f *fields) number(key string, lo, hi, def float64) float64 {
	n := f.Node(key)
	if yamlfield.IsNull(n) {
		return def
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
	if n.Kind != yaml.ScalarNode || err != nil || x < lo || x > hi {
		f.Problem(key, "%s must be a number from %g to %g, not %q", key, lo, hi, n.Value)
		return def
	}
	return x
}

// area reads one [x, y, width, height] within the picture.
func (f *fields) area(key, img string) (image.Rectangle, bool) {
	n := f.Node(key)
	if yamlfield.IsNull(n) {
		f.ProblemAt(f.At, "missing %s: [x, y, width, height] in picture pixels", key)
		return image.Rectangle{}, false
	}
	r, ok := f.rect(n)
	if !ok {
		return r, false
	}
	if size := f.imageRect(img); !size.Empty() && !r.In(size) {
		f.Problem(key, "%s [%d, %d, %d, %d] is outside the image %s (%d×%d pixels)", key, r.Min.X, r.Min.Y, r.Dx(), r.Dy(), img, size.Dx(), size.Dy())
		return r, false
	}
	return r, true
}

// swipe reads swipe: {from: [x, y], to: [x, y], tolerance: 0.15}.
func (f *fields) swipe(img string) *Swipe {
	sf := f.sub("swipe", "{from: [x, y], to: [x, y]} with an optional tolerance", "from", "to", "tolerance")
	if sf == nil {
		return nil
	}
	from, ok1 := sf.point("from", img)
	to, ok2 := sf.point("to", img)
	sw := &Swipe{From: from, To: to, Tolerance: sf.number("tolerance", 0.05, 0.3, DefaultTolerance)}
	if !ok1 || !ok2 {
		return nil
	}
	if size := f.imageRect(img); !size.Empty() {
		d := from.Sub(to)
		if d.X*d.X+d.Y*d.Y < (size.Dx()/8)*(size.Dx()/8) {
			sf.Problem("to", "the swipe from [%d, %d] to [%d, %d] is too short: at least an eighth of the picture's width (%d pixels)", from.X, from.Y, to.X, to.Y, size.Dx()/8)
			return nil
		}
	}
	return sw
}

// hold reads hold: {area: [x, y, width, height], seconds: 1.5}.
func (f *fields) hold(img string) *Hold {
	hf := f.sub("hold", "{area: [x, y, width, height]} with optional seconds", "area", "seconds")
	if hf == nil {
		return nil
	}
	r, ok := hf.area("area", img)
	h := &Hold{Area: r, Seconds: hf.number("seconds", 0.5, 5, DefaultHold)}
	if !ok {
		return nil
	}
	return h
}

// slideCancel reads slide-cancel: {area: [x, y, w, h], cancel: [x, y, w, h]}.
func (f *fields) slideCancel(img string) *SlideCancel {
	sf := f.sub("slide-cancel", "{area: [x, y, width, height], cancel: [x, y, width, height]}", "area", "cancel")
	if sf == nil {
		return nil
	}
	a, ok1 := sf.area("area", img)
	c, ok2 := sf.area("cancel", img)
	if !ok1 || !ok2 {
		return nil
	}
	if c.Max.Y > a.Min.Y {
		sf.Problem("cancel", "the cancel place must be above the button (its bottom %d is below the button's top %d): the finger slides up to cancel", c.Max.Y, a.Min.Y)
		return nil
	}
	return &SlideCancel{Area: a, Cancel: c}
}

// typing reads type: {text: 你好, keyboard: nine}.
func (f *fields) typing() *Typing {
	tf := f.sub("type", "{text: 你好} with an optional keyboard ("+strings.Join(Keyboards, ", ")+")", "text", "keyboard")
	if tf == nil {
		return nil
	}
	t := &Typing{Text: tf.Str("text", true), Keyboard: tf.OneOf("keyboard", false, Keyboards...)}
	if t.Keyboard == "" {
		t.Keyboard = Keyboards[0]
	}
	if t.Text == "" {
		return nil
	}
	if n := utf8.RuneCountInString(t.Text); n > MaxTyped {
		tf.Problem("text", "%d characters to type, more than %d", n, MaxTyped)
		return nil
	}
	for _, r := range t.Text {
		if !unicode.Is(unicode.Han, r) {
			tf.Problem("text", "%q: only Chinese characters can be typed with pinyin or handwriting, not %q", t.Text, string(r))
			return nil
		}
	}
	if got := normalTyped(t.Text); got != t.Text {
		tf.Problem("text", "%q: write it in Simplified Chinese (%s)", t.Text, got)
		return nil
	}
	return t
}

// gestureVariant checks a variant of a gesture practice: it may change the
// words, not the picture or the places, which belong to the gesture.
func (vf *fields) gestureVariant(base *Step) {
	for _, key := range []string{"image", "tap"} {
		if vf.Has(key) {
			vf.Problem(key, "a %s practice is the same on every phone: its variants may change the words, not %s", base.Gesture, key)
		}
	}
}
