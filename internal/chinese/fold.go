package chinese

import (
	"slices"
	"strings"
	"sync"
)

// A Folder maps Chinese text to its search form: Traditional and regional
// variant forms to Simplified, by phrase where OpenCC's phrase tables need
// the phrase (頭髮 → 头发 by characters, but 乾隆 stays 乾隆, 沈沒 → 沉没 and
// 台風 → 台风 only as phrases), by character elsewhere.
//
// Every phrase it knows folds to a phrase of as many characters, so the
// folded text has exactly as many runes as the original: a match found in
// it is highlighted at the same place in the original. At each place the
// longest phrase starting there wins; with none, the character's own
// form.
type Folder struct {
	chars   []rune            // BMP character -> its form (0: unchanged)
	astral  map[rune]rune     // the same beyond the BMP
	starts  []uint64          // bit set: BMP runes that begin a phrase
	phrases map[rune][]phrase // by first rune, longest first
}

type phrase struct{ from, to []rune }

// NewFolder makes a Folder from character and phrase mappings. A phrase
// whose form has another number of characters is left out: it would move
// highlights.
func NewFolder(chars map[rune]rune, phrases map[string]string) *Folder {
	f := &Folder{chars: make([]rune, 0x10000), astral: map[rune]rune{}, starts: make([]uint64, 0x10000/64), phrases: map[rune][]phrase{}}
	for from, to := range chars {
		f.setChar(from, to)
	}
	for from, to := range phrases {
		p := phrase{[]rune(from), []rune(to)}
		if len(p.from) < 2 || len(p.from) != len(p.to) {
			continue
		}
		r := p.from[0]
		f.phrases[r] = append(f.phrases[r], p)
		if r < 0x10000 {
			f.starts[r/64] |= 1 << (r % 64)
		}
	}
	for r, ps := range f.phrases {
		// Longest first; equal lengths in a fixed order, so that folding
		// does not depend on the map's.
		slices.SortFunc(ps, func(a, b phrase) int {
			if len(a.from) != len(b.from) {
				return len(b.from) - len(a.from)
			}
			return strings.Compare(string(a.from), string(b.from))
		})
		f.phrases[r] = ps
	}
	return f
}

func (f *Folder) setChar(from, to rune) {
	if from < 0x10000 {
		f.chars[from] = to
	} else {
		f.astral[from] = to
	}
}

// Char is the form of one character on its own.
func (f *Folder) Char(r rune) rune {
	if r < 0x10000 {
		if s := f.chars[r]; s != 0 {
			return s
		}
		return r
	}
	if s, ok := f.astral[r]; ok {
		return s
	}
	return r
}

// FoldRunes folds rs in place.
func (f *Folder) FoldRunes(rs []rune) {
next:
	for i := 0; i < len(rs); {
		r := rs[i]
		if r >= 0x10000 || f.starts[r/64]&(1<<(r%64)) != 0 {
			for _, p := range f.phrases[r] {
				// Positions from i on are not yet written: compare them as
				// they came.
				if i+len(p.from) <= len(rs) && slices.Equal(rs[i:i+len(p.from)], p.from) {
					copy(rs[i:], p.to)
					i += len(p.from)
					continue next
				}
			}
		}
		rs[i] = f.Char(r)
		i++
	}
}

// Fold returns s folded: as many runes as s, invalid UTF-8 as U+FFFD.
func (f *Folder) Fold(s string) string {
	rs := []rune(s)
	f.FoldRunes(rs)
	return string(rs)
}

var (
	searchOnce   sync.Once
	searchFolder *Folder
)

// SearchFolder is the fold search uses: OpenCC's t2s characters (as
// Simplify), and the characters and phrases of OpenCC's phrase and variant
// tables that fold differently from their characters (fold_extra.go).
func SearchFolder() *Folder {
	searchOnce.Do(func() {
		chars := map[rune]rune{}
		pairs := []rune(t2sChars)
		for i := 0; i+1 < len(pairs); i += 2 {
			chars[pairs[i]] = pairs[i+1]
		}
		extra := []rune(foldExtraChars)
		for i := 0; i+1 < len(extra); i += 2 {
			chars[extra[i]] = extra[i+1]
		}
		phrases := map[string]string{}
		for _, line := range strings.Split(foldExtraPhrases, "\n") {
			if from, to, ok := strings.Cut(line, "\t"); ok {
				phrases[from] = to
			}
		}
		searchFolder = NewFolder(chars, phrases)
	})
	return searchFolder
}

// FoldRunes folds Traditional and variant Chinese in rs to Simplified, in
// place, with SearchFolder.
func FoldRunes(rs []rune) { SearchFolder().FoldRunes(rs) }
