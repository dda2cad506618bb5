package main

import (
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shinan-alliance/alliance/internal/chinese"
)

// A pair is two spellings of one word that search must fold alike: from
// (Traditional or a regional variant) must fold as to does.
type pair struct{ from, to string }

// writeFoldExtra writes the characters and phrases the search fold needs
// beyond the t2s character table (base): from OpenCC's published tables
// in dir, every character and phrase whose Traditional or variant
// spelling folds, character by character, other than its Simplified (or
// standard) spelling. Phrases are found over a few rounds, each checking
// every pair with the table so far, since a phrase added for one pair can
// change how another's Simplified side folds; the first pair (in the
// order of the lists below) to claim a phrase keeps it.
func writeFoldExtra(name, dir string, base map[rune]rune) error {
	read := func(file string) ([]chinese.Entry, error) {
		f, err := os.Open(filepath.Join(dir, file+".txt"))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		es, err := chinese.ReadDictionary(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return es, nil
	}
	st, err := read("STCharacters")
	if err != nil {
		return err
	}
	// Characters fold by classes: two characters OpenCC's tables give as
	// one word's spellings fold alike, to the class's root, which is the
	// Simplified (or standard) side of the last joining. Joined in order:
	// the t2s character table (base), then this data's t2s characters
	// (where it chose otherwise, as 餘 → 余 for 馀, both classes become one),
	// compatibility ideographs, regional variants, and Simplified variants
	// (below).
	parent := map[rune]rune{}
	find := func(r rune) rune {
		for {
			p, ok := parent[r]
			if !ok || p == r {
				return r
			}
			r = p
		}
	}
	union := func(from, to rune) {
		if a, b := find(from), find(to); a != b {
			parent[a] = b
		}
	}
	keys := make([]rune, 0, len(base))
	for k := range base {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] }) // roots must not depend on map order
	for _, k := range keys {
		union(k, base[k])
	}
	join := func(from, to string) {
		f, ok1 := single(from)
		t, ok2 := single(to)
		if ok1 && ok2 && f != t {
			union(f, t)
		}
	}
	type list struct {
		file    string
		reverse bool // the list maps the spelling searched for to the variant
	}
	for _, l := range []list{{"TSCharacters", false}, {"CJK_Compatibility_Ideographs", false},
		{"HKVariantsRev", false}, {"TWVariantsRev", false}, {"HKVariants", true}, {"TWVariants", true}} {
		es, err := read(l.file)
		if err != nil {
			return err
		}
		for _, e := range es {
			if l.reverse {
				for _, v := range e.Values {
					join(v, e.Key)
				}
			} else {
				join(e.Key, e.Values[0])
			}
		}
	}
	// A Simplified character whose usual Traditional form folds to another
	// Simplified one (馀, whose 餘 folds to 余; 锺, 钜, 讬) is a variant of
	// that one and joins its class, unless other characters fold to it.
	members := map[rune]bool{}
	for r := range parent {
		members[find(r)] = true
	}
	for _, e := range st {
		s, ok1 := single(e.Key)
		t, ok2 := single(e.Values[0])
		if !ok1 || !ok2 || s == t || members[s] {
			continue
		}
		if _, ok := parent[s]; ok {
			continue
		}
		if find(t) != s {
			union(s, t)
		}
	}
	chars := map[rune]rune{}
	extraChars := map[rune]rune{}
	for r := range parent {
		root := find(r)
		if root == r {
			if _, ok := base[r]; ok {
				chars[r], extraChars[r] = r, r // a base character now a root
			}
			continue
		}
		chars[r] = root
		if base[r] != root {
			extraChars[r] = root
		}
	}

	var pairs []pair
	for _, l := range []list{{"TSPhrases", false}, {"STPhrases", true},
		{"HKVariantsRevPhrases", false}, {"TWVariantsRevPhrases", false}, {"HKVariantsPhrases", true}, {"TWVariantsPhrases", true}} {
		es, err := read(l.file)
		if err != nil {
			return err
		}
		for _, e := range es {
			if l.reverse {
				for _, v := range e.Values {
					pairs = append(pairs, pair{v, e.Key})
				}
			} else {
				pairs = append(pairs, pair{e.Key, e.Values[0]})
			}
		}
	}
	phrases := map[string]string{}
	owner := map[string]int{}
	for round := 0; round < 8; round++ {
		f := chinese.NewFolder(chars, phrases)
		changed := 0
		for i, p := range pairs {
			if p.from == p.to || utf8.RuneCountInString(p.from) != utf8.RuneCountInString(p.to) || utf8.RuneCountInString(p.from) < 2 {
				continue
			}
			ff, ft := f.Fold(p.from), f.Fold(p.to)
			if ff == ft {
				continue
			}
			if o, ok := owner[p.from]; ok && o != i {
				continue
			}
			if phrases[p.from] != ft {
				owner[p.from], phrases[p.from] = i, ft
				changed++
			}
		}
		fmt.Fprintf(os.Stderr, "fold round %d: %d phrases changed, %d in all\n", round, changed, len(phrases))
		if changed == 0 {
			break
		}
	}

	var cb strings.Builder
	keys = make([]rune, 0, len(extraChars))
	for k := range extraChars {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	var lines []string
	for i, k := range keys {
		cb.WriteRune(k)
		cb.WriteRune(extraChars[k])
		if i%16 == 15 || i == len(keys)-1 {
			lines = append(lines, cb.String())
			cb.Reset()
		}
	}
	froms := make([]string, 0, len(phrases))
	for k := range phrases {
		froms = append(froms, k)
	}
	sort.Strings(froms)
	var pl []string
	var line strings.Builder
	for i, k := range froms {
		line.WriteString(k + `\t` + phrases[k] + `\n`)
		if i%8 == 7 || i == len(froms)-1 {
			pl = append(pl, line.String())
			line.Reset()
		}
	}
	src := fmt.Sprintf(`// Code generated by go generate (internal/chinese/gen); DO NOT EDIT.

package chinese

// foldExtraChars holds %d pairs of characters the search fold adds to
// t2sChars: a Traditional, variant or compatibility character, then the
// form it folds to (OpenCC's TSCharacters, CJK_Compatibility_Ideographs,
// HK and TW variants, Simplified variants from STCharacters).
const foldExtraChars = "" +
	"%s"

// foldExtraPhrases holds %d phrases, "from<TAB>to" a line, that fold
// otherwise than their characters do (OpenCC's TSPhrases, STPhrases
// reversed, HK and TW variant phrases).
const foldExtraPhrases = "" +
	"%s"
`, len(keys), strings.Join(lines, "\" +\n\t\""), len(froms), strings.Join(pl, "\" +\n\t\""))
	b, err := format.Source([]byte(src))
	if err != nil {
		return err
	}
	return os.WriteFile(name, b, 0o644)
}

// single returns the one rune of s.
func single(s string) (rune, bool) {
	r, n := utf8.DecodeRuneInString(s)
	return r, n == len(s) && r != utf8.RuneError
}
