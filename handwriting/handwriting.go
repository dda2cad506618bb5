package handwriting

// Point is a position on the writing pad, in any unit, y growing downwards
// (as on a screen).
type Point struct{ X, Y float32 }

// Stroke is the path of one touch, from finger down to finger up.
type Stroke []Point

// Candidate is a character a drawing may be, with a score: higher is more
// likely, comparable only within one answer.
type Candidate struct {
	Char  rune
	Score float32
}

// Recognizer guesses which character a drawing is.
type Recognizer interface {
	// Recognize returns up to n candidates for the strokes drawn so far,
	// the most likely first. It returns none for an empty drawing.
	Recognize(strokes []Stroke, n int) []Candidate
}
